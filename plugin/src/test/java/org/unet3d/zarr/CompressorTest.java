package org.unet3d.zarr;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.gson.JsonParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

import org.junit.Test;

/** Every compressor gives back the exact bytes, always compresses alike, and names damaged chunk files. */
public class CompressorTest {

	private static final Path FILE = Paths.get("/data/img.zarr/0/1/2/3");

	private static final List<Compressor> ALL = Arrays.asList(Compressor.NONE, Compressor.zlib(1), Compressor.zlib(9),
		Compressor.gzip(5), Compressor.zstd());

	/** Half random, half runs: both compressible and incompressible parts. */
	private static byte[] data(final int n, final long seed) {
		final byte[] b = new byte[n];
		final Random r = new Random(seed);
		for (int i = 0; i < n; i++)
			b[i] = i < n / 2 ? (byte) r.nextInt() : (byte) (i / 1000);
		return b;
	}

	@Test
	public void everyCompressorGivesBackTheExactBytesAndCompressesAlikeEachTime() throws Exception {
		for (final Compressor c : ALL)
			for (final int n : new int[] { 0, 1, 4097, 300_000 }) {
				final byte[] raw = data(n, n);
				final byte[] packed = c.compress(raw.clone());
				assertArrayEquals(c + " " + n, raw, c.decompress(packed, n, FILE));
				assertArrayEquals(c + " is deterministic", packed, c.compress(raw.clone()));
				if (c.kind() != Compressor.Kind.NONE && n == 300_000) assertTrue(c + " compresses", packed.length < n * 0.8);
			}
	}

	@Test
	public void zlibAndGzipAreTheStandardFormats() throws Exception {
		final byte[] raw = data(50_000, 3);
		final Inflater inf = new Inflater();
		inf.setInput(Compressor.zlib(4).compress(raw));
		final byte[] out = new byte[raw.length];
		assertEquals(raw.length, inf.inflate(out));
		assertTrue(inf.finished());
		assertArrayEquals(raw, out);
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Compressor.gzip(4).compress(raw)))) {
			final byte[] all = new byte[raw.length + 10];
			int n = 0;
			for (int k; (k = in.read(all, n, all.length - n)) > 0;)
				n += k;
			assertArrayEquals(raw, Arrays.copyOf(all, n));
		}
	}

	@Test
	public void damagedDataIsReportedWithTheFileName() {
		final byte[] raw = data(20_000, 5);
		for (final Compressor c : ALL) {
			final byte[] packed = c.compress(raw);
			assertDamaged(c, Arrays.copyOf(packed, packed.length / 2), raw.length, "truncated");
			if (c.kind() != Compressor.Kind.NONE) {
				final byte[] garbled = packed.clone();
				for (int i = 20; i < garbled.length; i += 7)
					garbled[i] ^= 0x5a;
				assertDamaged(c, garbled, raw.length, "garbled");
			}
			assertDamaged(c, packed, raw.length - 8, "fewer bytes expected");
			assertDamaged(c, packed, raw.length + 8, "more bytes expected");
		}
	}

	private static void assertDamaged(final Compressor c, final byte[] stored, final int expected, final String what) {
		try {
			c.decompress(stored, expected, FILE);
			fail(c + " " + what + ": no error");
		}
		catch (final ZarrFormatException e) {
			assertTrue(c + " " + what + ": " + e.getMessage(), e.getMessage().startsWith("Chunk file " + FILE +
				" is damaged: "));
			assertTrue(e.getMessage(), e.getMessage().contains("Delete it and write that part of the image again"));
		}
	}

	@Test
	public void optionsAreParsedAndBadOnesExplained() {
		assertEquals(Compressor.zlib(6), Compressor.parse("zlib:6"));
		assertEquals(Compressor.zlib(5), Compressor.parse(" ZLIB "));
		assertEquals(Compressor.gzip(1), Compressor.parse("gzip:1"));
		assertEquals(Compressor.zstd(), Compressor.parse("zstd"));
		assertEquals(Compressor.NONE, Compressor.parse("none"));
		for (final String bad : new String[] { "blosc", "zlib:0", "zlib:x", "zstd:3", "" })
			try {
				Compressor.parse(bad);
				fail(bad);
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("Use none, zlib, gzip or zstd"));
			}
	}

	@Test
	public void unsupportedCompressorsAreNamedWithHowToConvert() {
		for (final String json : new String[] { "{\"id\":\"blosc\",\"cname\":\"lz4\",\"clevel\":5}", "{\"id\":\"lz4\"}",
			"{\"id\":\"bz2\",\"level\":1}" })
			try {
				Compressor.fromJson(JsonParser.parseString(json), FILE);
				fail(json);
			}
			catch (final IOException e) {
				final String id = JsonParser.parseString(json).getAsJsonObject().get("id").getAsString();
				assertTrue(e.getMessage(), e.getMessage().startsWith(FILE + " uses the " + id + " compressor"));
				assertTrue(e.getMessage(), e.getMessage().contains(ZarrFormatException.PYTHON_COPY_IMAGE));
			}
	}
}
