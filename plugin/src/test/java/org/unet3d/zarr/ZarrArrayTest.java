package org.unet3d.zarr;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Chunks on disk: written atomically and alike each time, missing ones are fill, damaged ones are named. */
public class ZarrArrayTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final long[] DIMS = { 18, 21, 13 };
	private static final int[] CHUNK = { 7, 8, 5 };

	private ZarrArray create(final DataType type, final Compressor c, final String sep, final double fill)
		throws IOException
	{
		return ZarrArray.create(tmp.newFolder().toPath().resolve("a.zarr"), ArrayMetadata.forImage(DIMS, CHUNK, type, c)
			.withSeparator(sep).withFillValue(fill));
	}

	private static short[] shorts(final int n, final int seed) {
		final short[] a = new short[n];
		for (int i = 0; i < n; i++)
			a[i] = (short) (i * 31 + seed);
		return a;
	}

	@Test
	public void chunksComeBackExactlyAndAreRewrittenByteForByte() throws Exception {
		for (final String sep : new String[] { ".", "/" }) {
			final ZarrArray a = create(DataType.UINT16, Compressor.zlib(5), sep, 0);
			final long[] pos = { 2, 1, 2 };
			final short[] v = shorts(7 * 8 * 5, 3);
			a.writeChunk(pos, v);
			final Path file = a.chunkFile(pos);
			assertEquals(a.dir().resolve(sep.equals(".") ? "2.1.2" : "2/1/2"), file);
			final byte[] first = Files.readAllBytes(file);
			assertArrayEquals(v, (short[]) a.readChunk(pos));
			a.writeChunk(pos, v.clone());
			assertArrayEquals("idempotent", first, Files.readAllBytes(file));
			assertArrayEquals(v, (short[]) ZarrArray.open(a.dir()).readChunk(pos));
			try (java.util.stream.Stream<Path> s = Files.list(file.getParent())) {
				assertEquals("no temporary file is left", 1, s.filter(p -> !p.getFileName().toString().startsWith(
					".zarray") && !Files.isDirectory(p)).count());
			}
		}
	}

	@Test
	public void missingChunksAreTheFillValue() throws Exception {
		final float[] nan = (float[]) create(DataType.FLOAT32, Compressor.NONE, "/", Double.NaN).readChunk(new long[] {
			0, 0, 0 });
		assertEquals(7 * 8 * 5, nan.length);
		for (final float f : nan)
			assertTrue(Float.isNaN(f));
		final short[] seven = (short[]) create(DataType.UINT16, Compressor.NONE, ".", 7).readChunk(new long[] { 2, 2,
			2 });
		for (final short s : seven)
			assertEquals(7, s);
		final int[] big = (int[]) create(DataType.UINT32, Compressor.NONE, ".", 4294967295.0).readChunk(new long[] { 1,
			1, 1 });
		assertEquals(-1, big[0]);
	}

	@Test
	public void existingChunksListsWrittenChunksOnly() throws Exception {
		for (final String sep : new String[] { ".", "/" }) {
			final ZarrArray a = create(DataType.UINT8, Compressor.zstd(), sep, 0);
			assertTrue(a.existingChunks().isEmpty());
			final List<long[]> written = Arrays.asList(new long[] { 0, 0, 0 }, new long[] { 2, 0, 1 }, new long[] { 1, 2,
				2 });
			for (final long[] p : written)
				a.writeChunk(p, new byte[a.metadata().chunkVoxels()]);
			// a crashed writer's temporary file, a stray file and a chunk outside the grid are no chunks
			final Path unfinished = a.chunkFile(new long[] { 1, 1, 1 });
			Files.createDirectories(unfinished.getParent());
			Files.write(unfinished.resolveSibling("." + unfinished.getFileName() + ".123.part"), new byte[3]);
			Files.write(a.dir().resolve("notes.txt"), new byte[3]);
			Files.createDirectories(a.chunkFile(new long[] { 0, 0, 0 }).getParent());
			Files.write(a.chunkFile(new long[] { 0, 0, 0 }).resolveSibling(sep.equals(".") ? "0.0.9" : "9"), new byte[1]);
			final List<long[]> found = new ArrayList<>(a.existingChunks());
			found.sort(Comparator.comparing(Arrays::toString));
			final List<long[]> expected = new ArrayList<>(written);
			expected.sort(Comparator.comparing(Arrays::toString));
			assertEquals(sep, expected.size(), found.size());
			for (int i = 0; i < found.size(); i++)
				assertArrayEquals(expected.get(i), found.get(i));
			assertTrue(a.exists(new long[] { 2, 0, 1 }));
			assertFalse(a.exists(new long[] { 2, 1, 1 }));
		}
	}

	@Test
	public void damagedChunksAreNamed() throws Exception {
		for (final Compressor c : new Compressor[] { Compressor.NONE, Compressor.zlib(1), Compressor.gzip(1), Compressor
			.zstd() })
		{
			final ZarrArray a = create(DataType.UINT16, c, "/", 0);
			final long[] pos = { 1, 2, 0 };
			a.writeChunk(pos, shorts(a.metadata().chunkVoxels(), 1));
			final Path file = a.chunkFile(pos);
			final byte[] whole = Files.readAllBytes(file);
			Files.write(file, Arrays.copyOf(whole, whole.length - 9));
			try {
				ZarrArray.open(a.dir()).readChunk(pos);
				fail(c + ": a truncated chunk was read");
			}
			catch (final ZarrFormatException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("Chunk file " + file + " is damaged: "));
			}
		}
	}

	@Test
	public void wrongArraysAreRefused() throws Exception {
		final ZarrArray a = create(DataType.UINT16, Compressor.NONE, ".", 0);
		for (final Object bad : new Object[] { new short[3], new byte[7 * 8 * 5], null })
			try {
				a.writeChunk(new long[] { 0, 0, 0 }, bad);
				fail();
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("A chunk has") || e.getMessage().startsWith(
					"A UINT16 chunk is a short[]"));
			}
		try {
			a.chunkFile(new long[] { 3, 0, 0 });
			fail();
		}
		catch (final IndexOutOfBoundsException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("outside the chunk grid [3, 3, 3]"));
		}
	}

	@Test
	public void foldersThatAreNoReadableArrayAreExplained() throws Exception {
		final Path dir = tmp.newFolder("x.zarr").toPath();
		assertOpenFails(dir, dir + " is not a Zarr array: it has no .zarray file");
		Files.write(dir.resolve("zarr.json"), "{\"zarr_format\": 3, \"node_type\": \"array\"}".getBytes(
			StandardCharsets.UTF_8));
		assertOpenFails(dir, dir.resolve("zarr.json") + " uses Zarr format 3, which this plugin does not read");
		assertOpenFails(dir.resolve("missing"), "does not exist");

		final ZarrArray flat = create(DataType.UINT8, Compressor.NONE, "/", 0);
		flat.writeChunk(new long[] { 0, 0, 0 }, new byte[flat.metadata().chunkVoxels()]);
		final Path zarray = flat.dir().resolve(".zarray");
		Files.write(zarray, new String(Files.readAllBytes(zarray), StandardCharsets.UTF_8).replace(
			"\"dimension_separator\": \"/\",", "").getBytes(StandardCharsets.UTF_8));
		assertOpenFails(flat.dir(), zarray + " says chunk names are flat");

		Files.write(zarray, "{\"zarr_format\": 2, \"shape\": [1".getBytes(StandardCharsets.UTF_8));
		assertOpenFails(flat.dir(), zarray + " is damaged or not a Zarr v2 description: it is not valid JSON");
	}

	private static void assertOpenFails(final Path dir, final String part) {
		try {
			ZarrArray.open(dir);
			fail(part);
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(part));
		}
	}
}
