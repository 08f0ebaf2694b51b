package org.unet3d.zarr;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.Test;

/** .zarray is written and read back as Zarr v2 says, and what we do not read is refused with the fix. */
public class ArrayMetadataTest {

	private static final Path FILE = Paths.get("/data/img.zarr/0/.zarray");

	/** A .zarray as python3-zarr 2.13 writes it, with the entries replaced. */
	private static String zarray(final String dtype, final String compressor, final String fill, final String order,
		final String filters, final String separator)
	{
		return "{\n    \"chunks\": [\n        5,\n        8,\n        7\n    ],\n    \"compressor\": " + compressor +
			",\n" + (separator == null ? "" : "    \"dimension_separator\": \"" + separator + "\",\n") +
			"    \"dtype\": \"" + dtype + "\",\n    \"fill_value\": " + fill + ",\n    \"filters\": " + filters +
			",\n    \"order\": \"" + order + "\",\n    \"shape\": [\n        13,\n        21,\n        18\n    ],\n" +
			"    \"zarr_format\": 2\n}";
	}

	@Test
	public void whatPythonZarrWritesIsRead() throws Exception {
		final ArrayMetadata m = ArrayMetadata.parse(zarray(">f4", "{\"id\": \"zstd\", \"level\": 1}", "\"NaN\"", "C",
			"null", "/"), FILE);
		assertArrayEquals(new long[] { 13, 21, 18 }, m.shape());
		assertArrayEquals(new long[] { 18, 21, 13 }, m.imageDimensions());
		assertArrayEquals(new int[] { 7, 8, 5 }, m.chunkDimensions());
		assertEquals(DataType.FLOAT32, m.dataType());
		assertEquals(ByteOrder.BIG_ENDIAN, m.byteOrder());
		assertEquals(Compressor.Kind.ZSTD, m.compressor().kind());
		assertTrue(Double.isNaN(m.fillValue()));
		assertEquals("/", m.separator());
		assertEquals("4/2/1", m.chunkKey(new long[] { 1, 2, 4 }));
		assertArrayEquals(new long[] { 3, 3, 3 }, m.cellGrid().getGridDimensions());

		final ArrayMetadata flat = ArrayMetadata.parse(zarray("|u1", "null", "null", "C", "[]", null), FILE);
		assertEquals(".", flat.separator());
		assertEquals(0, flat.fillValue(), 0);
		assertEquals(Compressor.NONE, flat.compressor());
		assertEquals("4.2.1", flat.chunkKey(new long[] { 1, 2, 4 }));
		assertEquals(7, ArrayMetadata.parse(zarray("<u2", "{\"id\": \"gzip\", \"level\": 1}", "7", "C", "null", "."),
			FILE).fillValue(), 0);
		assertEquals(Double.NEGATIVE_INFINITY, ArrayMetadata.parse(zarray("<f4", "null", "\"-Infinity\"", "C", "null",
			"."), FILE).fillValue(), 0);
	}

	@Test
	public void whatWeWriteReadsBackTheSame() throws Exception {
		for (final DataType t : DataType.values())
			for (final Compressor c : new Compressor[] { Compressor.NONE, Compressor.zlib(3), Compressor.gzip(9),
				Compressor.zstd() })
				for (final String sep : new String[] { ".", "/" }) {
					ArrayMetadata m = ArrayMetadata.forImage(new long[] { 100, 50, 7, 2 }, new int[] { 64, 64, 4, 1 }, t, c)
						.withSeparator(sep);
					if (t == DataType.FLOAT32) m = m.withFillValue(Double.NaN);
					else m = m.withFillValue(t == DataType.UINT8 ? 255 : 4000);
					final ArrayMetadata back = ArrayMetadata.parse(m.toJson(), FILE);
					assertEquals(m, back);
					assertEquals(m.toJson(), back.toJson());
					assertArrayEquals(new long[] { 2, 7, 50, 100 }, back.shape());
				}
	}

	@Test
	public void layoutsWeDoNotReadAreRefusedWithHowToConvert() {
		assertRefused(zarray("<u2", "null", "0", "F", "null", "."), FILE + " uses Fortran order");
		assertRefused(zarray("<u2", "null", "0", "C", "[{\"id\": \"delta\", \"dtype\": \"<u2\"}]", "."), FILE +
			" uses filters");
		assertRefused(zarray("<u2", "{\"id\": \"blosc\", \"cname\": \"lz4\", \"clevel\": 5, \"shuffle\": 1}", "0", "C",
			"null", "."), FILE + " uses the blosc compressor (lz4)");
		assertRefused("{\"zarr_format\": 3, \"shape\": [1]}", FILE + " uses Zarr format 3");
		for (final String dtype : new String[] { "<f8", "<i2", "|b1", "<u8", "<f2" }) {
			final String m = refusal(zarray(dtype, "null", "0", "C", "null", "."));
			assertTrue(m, m.startsWith(FILE + " has voxels of type \"" + dtype + "\", which this plugin does not read"));
			assertTrue(m, m.contains("astype"));
		}
		final String structured = refusal(zarray("<u2", "null", "0", "C", "null", ".").replace("\"<u2\"",
			"[[\"r\", \"|u1\"], [\"g\", \"|u1\"]]"));
		assertTrue(structured, structured.startsWith(FILE + " uses a structured voxel type"));
		final String huge = refusal(zarray("<f4", "null", "0", "C", "null", ".").replace("5,\n        8,\n        7",
			"1024,\n        1024,\n        1024"));
		assertTrue(huge, huge.contains("too large"));
	}

	private static void assertRefused(final String json, final String start) {
		final String m = refusal(json);
		assertTrue(m, m.startsWith(start));
		assertTrue(m, m.contains("which this plugin does not read. Rewrite it as Zarr v2"));
		assertTrue(m, m.contains(ZarrFormatException.PYTHON_COPY_IMAGE));
	}

	@Test
	public void damagedDescriptionsAreReportedWithTheFileName() {
		final String ok = zarray("<u2", "null", "0", "C", "null", ".");
		for (final String[] c : new String[][] { { ok.substring(0, 40), "it is not valid JSON" }, { "[1, 2]",
			"it is not a JSON object" }, { ok.replace("\"zarr_format\": 2", "\"format\": 2"), "it has no zarr_format" },
			{ ok.replace("\"shape\"", "\"shap\""), "it has no shape" }, { ok.replace("13,", "13, 4,"),
				"have different numbers of axes" }, { ok.replace("13,", "0,"), "has an empty axis" }, { ok.replace("5,",
					"-5,"), "is not positive" }, { ok.replace("13,", "13.5,"), "is not a list of whole numbers" }, { ok
						.replace("\"fill_value\": 0", "\"fill_value\": 70000"), "does not fit <u2" }, { ok.replace(
							"\"fill_value\": 0", "\"fill_value\": \"NaN\""), "is not a number" }, { ok.replace(
								"\"dimension_separator\": \".\"", "\"dimension_separator\": \"_\""), "is \"_\", not" }, { ok
									.replace("\"order\": \"C\"", "\"order\": \"A\""), "its order is" } })
		{
			final String m = refusal(c[0]);
			assertTrue(m, m.startsWith(FILE + " is damaged or not a Zarr v2 description: "));
			assertTrue(c[1] + ": " + m, m.contains(c[1]));
			assertTrue(m, m.endsWith("Restore it from the tool that wrote the image, or write the image again."));
		}
	}

	private static String refusal(final String json) {
		try {
			ArrayMetadata.parse(json, FILE);
		}
		catch (final ZarrFormatException e) {
			return e.getMessage();
		}
		fail("accepted " + json);
		return null;
	}

	@Test
	public void newArraysAreCheckedAsTheyAreMade() {
		for (final Runnable bad : new Runnable[] { () -> ArrayMetadata.forImage(new long[] { 10, 10 }, new int[] { 4 },
			DataType.UINT8, Compressor.NONE), () -> ArrayMetadata.forImage(new long[] { 10, 0, 3 }, new int[] { 4, 4, 4 },
				DataType.UINT8, Compressor.NONE), () -> ArrayMetadata.forImage(new long[] { 10, 10, 10 }, new int[] { 2048,
					2048, 2048 }, DataType.UINT8, Compressor.NONE), () -> ArrayMetadata.forImage(new long[] { 10, 10, 10 },
						new int[] { 4, 4, 4 }, DataType.UINT8, Compressor.NONE).withFillValue(300), () -> ArrayMetadata
							.forImage(new long[] { 10, 10, 10 }, new int[] { 4, 4, 4 }, DataType.UINT8, Compressor.NONE)
							.withSeparator(",") })
			try {
				bad.run();
				fail();
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), !e.getMessage().isEmpty());
			}
	}
}
