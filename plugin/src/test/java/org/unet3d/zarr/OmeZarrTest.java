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
import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.progress.Progress;

/** OME-Zarr images are created, refused, replaced or resumed as asked, and open as lazy volumes with their voxel size. */
public class OmeZarrTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final VoxelSize VOXEL = new VoxelSize(0.2, 0.2, 0.5, "micron");

	private Path path(final String name) {
		return tmp.getRoot().toPath().resolve(name);
	}

	@Test
	public void aWrittenImageOpensAsTheSameVolumeReadLazily() throws Exception {
		for (final boolean channels : new boolean[] { false, true }) {
			final long[] dims = channels ? new long[] { 20, 17, 9, 2 } : new long[] { 20, 17, 9 };
			final int[] chunk = channels ? new int[] { 8, 8, 4, 1 } : new int[] { 8, 8, 4 };
			final ArrayImg<FloatType, ?> img = (ArrayImg) TestImages.random(DataType.FLOAT32, dims, 1);
			final Path dir = path("img" + channels + ".ome.zarr");
			final OmeZarr out = OmeZarr.create(dir, ArrayMetadata.forImage(dims, chunk, DataType.FLOAT32, Compressor
				.zstd()), VOXEL, "img", OmeZarr.IfExists.REFUSE);
			assertTrue(Files.isRegularFile(dir.resolve(".zgroup")));
			assertTrue(Files.isRegularFile(dir.resolve(".zattrs")));
			assertTrue(Files.isRegularFile(dir.resolve("0/.zarray")));
			ChunkWriter.of(out.array(0)).writeAll(img, Progress.NONE);

			final OmeZarr in = OmeZarr.open(dir);
			assertEquals(channels ? Arrays.asList("c", "z", "y", "x") : Arrays.asList("z", "y", "x"), in.axes());
			assertEquals(1, in.levels());
			assertEquals(VOXEL, in.voxelSize(0));
			final ZarrImg lazy = in.image(0, 1 << 20);
			final Volume<FloatType> v = in.volume(0, lazy);
			assertEquals("nothing read before a voxel is wanted", 0, lazy.loads());
			assertEquals(VOXEL, v.voxelSize());
			assertEquals(channels ? 2 : 1, v.channels());
			assertArrayEquals(new long[] { 9, 17, 20 }, v.shapeZYX());
			TestImages.assertSameVoxels(channels ? img : Views.addDimension(img, 0, 0), v.pixels());
			assertTrue(lazy.loads() > 0);
			final Volume<?> byPath = OmeZarr.open(dir.resolve("0")).volume();
			assertEquals("a level opened by its own path has the image's voxel size", VOXEL, byPath.voxelSize());
			TestImages.assertSameVoxels(v.pixels(), byPath.pixels());
		}
	}

	@Test
	public void aVolumeIsWrittenWithItsChannelsAndVoxelSize() throws Exception {
		for (final int channels : new int[] { 1, 3 }) {
			final ArrayImg<?, ?> img = TestImages.random(DataType.UINT16, new long[] { 21, 13, 9, channels }, channels);
			final Volume<?> v = Volume.of((RandomAccessibleInterval) img, VOXEL);
			final OmeZarr out = OmeZarr.write(v, path("v" + channels + ".zarr"), new int[] { 16, 16, 100 }, Compressor
				.gzip(2), "v", OmeZarr.IfExists.REFUSE, Progress.NONE);
			final ArrayMetadata m = out.array(0).metadata();
			assertArrayEquals(channels == 1 ? new int[] { 16, 13, 9 } : new int[] { 16, 13, 9, 1 }, m.chunkDimensions());
			final Volume<?> back = OmeZarr.open(out.dir()).volume();
			assertEquals(VOXEL, back.voxelSize());
			assertEquals(channels, back.channels());
			TestImages.assertSameVoxels(img, back.pixels());
		}
		try {
			OmeZarr.write(Volume.of(net.imglib2.img.array.ArrayImgs.doubles(4, 4, 4), VOXEL), path("d.zarr"), new int[] {
				4, 4, 4 }, Compressor.NONE, null, OmeZarr.IfExists.REFUSE, Progress.NONE);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("not DoubleType"));
		}
	}

	/** The network's block reader copies boxes of a Zarr volume on ImgLib2's fast path, mirrored at the borders. */
	@Test
	public void theBlockReaderReadsZarrVolumesWithoutFallingBack() throws Exception {
		final long[] dims = { 30, 26, 11 };
		final ArrayImg<FloatType, ?> img = (ArrayImg) TestImages.random(DataType.FLOAT32, dims, 4);
		final OmeZarr out = OmeZarr.create(path("br.zarr"), ArrayMetadata.forImage(dims, new int[] { 8, 8, 4 },
			DataType.FLOAT32, Compressor.zlib(1)), VOXEL, null, OmeZarr.IfExists.REFUSE);
		ChunkWriter.of(out.array(0)).writeAll(img, Progress.NONE);
		final Volume<?> v = OmeZarr.open(out.dir()).volume();
		net.imglib2.blocks.PrimitiveBlocks.of((RandomAccessibleInterval) v.channel(0),
			net.imglib2.blocks.PrimitiveBlocks.OnFallback.FAIL);
		final org.unet3d.data.BlockReader fromZarr = org.unet3d.data.BlockReader.of((RandomAccessibleInterval) v.channel(
			0));
		final org.unet3d.data.BlockReader fromMemory = org.unet3d.data.BlockReader.of(img);
		for (final long[] min : new long[][] { { 0, 0, 0 }, { 5, 9, 3 }, { -4, -3, -2 }, { 20, 20, 8 } }) {
			final int[] size = { 13, 9, 6 };
			final float[] a = new float[13 * 9 * 6];
			final float[] b = new float[a.length];
			fromZarr.readFloat(min, size, a, 0);
			fromMemory.readFloat(min, size, b, 0);
			assertArrayEquals(Arrays.toString(min), b, a, 0);
		}
	}

	@Test
	public void theChosenLevelGivesItsOwnVoxelsAndVoxelSize() throws Exception {
		final Path dir = path("pyramid.zarr");
		final ArrayImg<UnsignedByteType, ?> full = (ArrayImg) TestImages.random(DataType.UINT8, new long[] { 16, 12, 6 },
			2);
		final ArrayImg<UnsignedByteType, ?> half = (ArrayImg) TestImages.random(DataType.UINT8, new long[] { 8, 6, 6 },
			3);
		final OmeZarr out = OmeZarr.create(dir, ArrayMetadata.forImage(new long[] { 16, 12, 6 }, new int[] { 5, 5, 5 },
			DataType.UINT8, Compressor.NONE), VOXEL, null, OmeZarr.IfExists.REFUSE);
		ChunkWriter.of(out.array(0)).writeAll(full, Progress.NONE);
		ChunkWriter.of(ZarrArray.create(dir.resolve("1"), ArrayMetadata.forImage(new long[] { 8, 6, 6 }, new int[] { 5, 5,
			5 }, DataType.UINT8, Compressor.NONE))).writeAll(half, Progress.NONE);
		final Path zattrs = dir.resolve(".zattrs");
		Files.write(zattrs, new String(Files.readAllBytes(zattrs), StandardCharsets.UTF_8).replace("\"path\": \"0\"\n" +
			"        }", "\"path\": \"0\"\n        }, {\"path\": \"1\", \"coordinateTransformations\": [{\"type\": \"scale\"," +
				" \"scale\": [0.5, 0.4, 0.4]}]}").getBytes(StandardCharsets.UTF_8));
		final OmeZarr in = OmeZarr.open(dir);
		assertEquals(2, in.levels());
		assertEquals(new VoxelSize(0.4, 0.4, 0.5, "micron"), in.voxelSize(1));
		TestImages.assertSameVoxels(Views.addDimension(half, 0, 0), in.volume(1, 1 << 20).pixels());
		TestImages.assertSameVoxels(Views.addDimension(full, 0, 0), in.volume().pixels());
		try {
			in.volume(2, 1 << 20);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("it has levels 0 to 1 (0 is the full resolution)"));
		}
	}

	@Test
	public void anExistingImageIsRefusedReplacedOrResumedAsAsked() throws Exception {
		final Path dir = path("out.zarr");
		final ArrayMetadata meta = ArrayMetadata.forImage(new long[] { 10, 10, 10 }, new int[] { 5, 5, 5 },
			DataType.UINT8, Compressor.zlib(1));
		final OmeZarr first = OmeZarr.create(dir, meta, VOXEL, "a", OmeZarr.IfExists.REFUSE);
		first.array(0).writeChunk(new long[] { 1, 1, 1 }, new byte[125]);
		Files.write(dir.resolve("notes.txt"), new byte[] { 1 });
		assertCreateFails(dir, meta, VOXEL, OmeZarr.IfExists.REFUSE, dir + " already exists. Choose another name, or " +
			"allow overwriting (overwrite=true).");

		final OmeZarr resumed = OmeZarr.create(dir, meta, VOXEL, "a", OmeZarr.IfExists.RESUME);
		assertEquals(1, resumed.array(0).existingChunks().size());
		assertCreateFails(dir, meta.withSeparator("."), VOXEL, OmeZarr.IfExists.RESUME, "holds another image than the " +
			"one to be written");
		assertCreateFails(dir, meta, new VoxelSize(1, 1, 1, "micron"), OmeZarr.IfExists.RESUME, "cannot be resumed");

		final OmeZarr replaced = OmeZarr.create(dir, meta.withSeparator("."), VOXEL, "b", OmeZarr.IfExists.REPLACE);
		assertTrue(replaced.array(0).existingChunks().isEmpty());
		assertFalse("the old nested chunk folders are gone", Files.exists(dir.resolve("0/1")));
		assertTrue("files that are not Zarr's stay", Files.exists(dir.resolve("notes.txt")));
		assertEquals(".", OmeZarr.open(dir).array(0).metadata().separator());

		final Path folder = Files.createDirectories(path("holiday-photos"));
		Files.write(folder.resolve("beach.jpg"), new byte[] { 1 });
		assertCreateFails(folder, meta, VOXEL, OmeZarr.IfExists.REPLACE, "is not a Zarr image, so it is not replaced");
		assertTrue(Files.exists(folder.resolve("beach.jpg")));
		assertCreateFails(path("no/such/folder.zarr"), meta, VOXEL, OmeZarr.IfExists.REFUSE, "does not exist. Create it " +
			"or choose another output path.");
		final OmeZarr fresh = OmeZarr.create(path("new.zarr"), meta, VOXEL, "c", OmeZarr.IfExists.RESUME);
		assertTrue(fresh.array(0).existingChunks().isEmpty());
	}

	private static void assertCreateFails(final Path dir, final ArrayMetadata meta, final VoxelSize v,
		final OmeZarr.IfExists ifExists, final String part)
	{
		try {
			OmeZarr.create(dir, meta, v, "x", ifExists);
			fail(part);
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(part));
		}
	}

	@Test
	public void foldersThatAreNoReadableImageAreExplained() throws Exception {
		final Path empty = Files.createDirectories(path("empty.zarr"));
		assertOpenFails(empty, "is not an OME-Zarr image: it has no .zattrs and no .zarray");
		Files.write(empty.resolve(".zgroup"), "{\"zarr_format\": 2}".getBytes(StandardCharsets.UTF_8));
		assertOpenFails(empty, "is not an OME-Zarr image: it has no .zattrs.");
		Files.write(empty.resolve(".zattrs"), "{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8));
		assertOpenFails(empty, "has no OME-NGFF \"multiscales\" description");
		final Path v3 = Files.createDirectories(path("v3.zarr"));
		Files.write(v3.resolve("zarr.json"), "{\"zarr_format\": 3, \"node_type\": \"group\"}".getBytes(
			StandardCharsets.UTF_8));
		assertOpenFails(v3, v3.resolve("zarr.json") + " uses Zarr format 3, which this plugin does not read");
		assertOpenFails(path("missing.zarr"), "does not exist or is not a folder");

		final Path five = path("five.zarr");
		ZarrArray.create(five, ArrayMetadata.forImage(new long[] { 4, 4, 4, 1, 1 }, new int[] { 4, 4, 4, 1, 1 },
			DataType.UINT8, Compressor.NONE));
		assertOpenFails(five, "describes a 5D array; without OME-NGFF axes we read 3D (z, y, x) or 4D (c, z, y, x)");
	}

	@Test
	public void aTimeAxisOfOnePointIsDroppedAndOfSeveralRefused() throws Exception {
		for (final int t : new int[] { 1, 3 }) {
			final Path dir = Files.createDirectories(path("t" + t + ".zarr"));
			final ArrayImg<UnsignedByteType, ?> img = (ArrayImg) TestImages.random(DataType.UINT8, new long[] { 6, 5, 4, 2,
				t }, t);
			ChunkWriter.of(ZarrArray.create(dir.resolve("0"), ArrayMetadata.forImage(img.dimensionsAsLongArray(),
				new int[] { 4, 4, 4, 1, 1 }, DataType.UINT8, Compressor.NONE))).writeAll(img, Progress.NONE);
			Files.write(dir.resolve(".zgroup"), "{\"zarr_format\": 2}".getBytes(StandardCharsets.UTF_8));
			Files.write(dir.resolve(".zattrs"), ("{\"multiscales\": [{\"version\": \"0.4\", \"axes\": [{\"name\": \"t\", " +
				"\"type\": \"time\"}, {\"name\": \"c\", \"type\": \"channel\"}, {\"name\": \"z\", \"type\": \"space\"}, " +
				"{\"name\": \"y\", \"type\": \"space\"}, {\"name\": \"x\", \"type\": \"space\"}], \"datasets\": " +
				"[{\"path\": \"0\", \"coordinateTransformations\": [{\"type\": \"scale\", \"scale\": [1, 1, 3, 1, 1]}]}]}]}")
					.getBytes(StandardCharsets.UTF_8));
			final OmeZarr in = OmeZarr.open(dir);
			if (t == 1) {
				final Volume<?> v = in.volume();
				assertEquals(2, v.channels());
				assertEquals(new VoxelSize(1, 1, 3, "pixel"), v.voxelSize());
				TestImages.assertSameVoxels(Views.hyperSlice(img, 4, 0), v.pixels());
			}
			else try {
				in.volume();
				fail();
			}
			catch (final ZarrFormatException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("is a time series of 3 time points"));
			}
		}
	}

	private static void assertOpenFails(final Path dir, final String part) {
		try {
			OmeZarr.open(dir);
			fail(part);
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(part));
		}
	}

	@Test
	public void unwrittenChunksOfAZarrImageWithNaNFillAreFound() throws Exception {
		final long[] dims = { 20, 20, 12 };
		final OmeZarr out = OmeZarr.create(tmp.getRoot().toPath().resolve("nan.zarr"), ArrayMetadata.forImage(dims,
			new int[] { 8, 8, 4 }, DataType.FLOAT32, Compressor.zlib(1)).withFillValue(Double.NaN), VoxelSize.UNCALIBRATED,
			null, OmeZarr.IfExists.REFUSE);
		final ArrayImg<FloatType, ?> img = (ArrayImg) TestImages.random(DataType.FLOAT32, dims, 5);
		final ChunkWriter w = ChunkWriter.of(out.array(0));
		for (final long[] c : w.chunksIn(net.imglib2.util.Intervals.createMinMax(0, 0, 0, 19, 19, 11)))
			if (!(c[0] == 1 && c[1] == 2 && c[2] == 1)) w.writeChunk(c, img);
		final Volume<?> v = OmeZarr.open(out.dir()).volume();
		final org.unet3d.data.NonFiniteVoxels.Found f = org.unet3d.data.NonFiniteVoxels.first(v, new int[] { 8, 8, 4 }, Progress.NONE);
		assertArrayEquals(new long[] { 8, 16, 4, 0 }, f.position());
		assertEquals("NaN at x=8, y=16, z=4", f.describe(false));
	}
}
