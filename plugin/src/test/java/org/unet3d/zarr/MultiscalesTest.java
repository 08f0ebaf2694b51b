package org.unet3d.zarr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import org.junit.Test;
import org.unet3d.data.VoxelSize;

/** OME-NGFF multiscales: axes, levels and voxel sizes are read from every version and written as 0.4. */
public class MultiscalesTest {

	private static final Path FILE = Paths.get("/data/img.zarr/.zattrs");

	private static String zattrs(final String axes, final String datasets, final String extra) {
		return "{\"multiscales\": [{\"version\": \"0.4\", \"axes\": " + axes + ", \"datasets\": " + datasets + extra +
			"}], \"omero\": {\"channels\": []}}";
	}

	private static String axis(final String name, final String type, final String unit) {
		return "{\"name\": \"" + name + "\", \"type\": \"" + type + "\"" + (unit == null ? "" : ", \"unit\": \"" + unit +
			"\"") + "}";
	}

	private static final String ZYX_UM = "[" + axis("z", "space", "micrometer") + ", " + axis("y", "space",
		"micrometer") + ", " + axis("x", "space", "micrometer") + "]";

	@Test
	public void voxelSizesComeFromTheScalesOfEachLevelTimesTheGlobalScale() throws Exception {
		final Multiscales m = Multiscales.parse(zattrs(ZYX_UM, "[{\"path\": \"0\", \"coordinateTransformations\": " +
			"[{\"type\": \"scale\", \"scale\": [2.0, 0.5, 0.25]}, {\"type\": \"translation\", \"translation\": [0, 5, " +
			"5]}]}, {\"path\": \"1\", \"coordinateTransformations\": [{\"type\": \"scale\", \"scale\": [2.0, 1.0, 0.5]}]}]",
			", \"coordinateTransformations\": [{\"type\": \"scale\", \"scale\": [3, 1, 1]}]"), FILE);
		assertEquals(2, m.levels().size());
		assertEquals(new VoxelSize(0.25, 0.5, 6, "micron"), m.voxelSize(0));
		assertEquals(new VoxelSize(0.5, 1, 6, "micron"), m.voxelSize(1));
		assertEquals("1", m.levels().get(1).path());
	}

	@Test
	public void axesInDifferentUnitsAreConvertedToTheUnitOfX() throws Exception {
		final String axes = "[" + axis("c", "channel", null) + ", " + axis("z", "space", "nanometer") + ", " + axis("y",
			"space", "micrometer") + ", " + axis("x", "space", "micrometer") + "]";
		final Multiscales m = Multiscales.parse(zattrs(axes, "[{\"path\": \"s0\", \"coordinateTransformations\": " +
			"[{\"type\": \"scale\", \"scale\": [1, 500, 0.1, 0.1]}]}]", ""), FILE);
		final VoxelSize v = m.voxelSize(0);
		assertEquals(0.5, v.z(), 1e-12);
		assertEquals("micron", v.unit());
		assertEquals(Arrays.asList("c", "z", "y", "x"), Arrays.asList(m.axes().get(0).name(), m.axes().get(1).name(), m
			.axes().get(2).name(), m.axes().get(3).name()));
	}

	@Test
	public void olderVersionsWithoutAxesGetTheUsualOnes() throws Exception {
		final Multiscales m = Multiscales.parse("{\"multiscales\": [{\"version\": \"0.2\", \"datasets\": [{\"path\": " +
			"\"0\"}, {\"path\": \"1\"}]}]}", FILE);
		assertTrue(m.axes().isEmpty());
		final Multiscales five = m.withAxesFor(5, FILE);
		assertEquals("[t, c, z, y, x]", five.axes().toString());
		assertEquals(VoxelSize.UNCALIBRATED, five.voxelSize(1));
		assertEquals("[z, y, x]", m.withAxesFor(3, FILE).axes().toString());
		final Multiscales v3 = Multiscales.parse("{\"multiscales\": [{\"version\": \"0.3\", \"axes\": [\"c\", \"z\", " +
			"\"y\", \"x\"], \"datasets\": [{\"path\": \"0\"}]}]}", FILE);
		assertEquals(VoxelSize.UNCALIBRATED, v3.voxelSize(0));
		assertEquals(4, v3.axes().size());
	}

	@Test
	public void whatWeWriteReadsBackTheSame() throws Exception {
		for (final boolean channels : new boolean[] { false, true })
			for (final VoxelSize v : new VoxelSize[] { new VoxelSize(0.2, 0.2, 0.4, "micron"), new VoxelSize(4, 4, 40,
				"nm"), VoxelSize.UNCALIBRATED, new VoxelSize(1, 2, 3, "furlong") })
			{
				final Multiscales m = Multiscales.forImage("nuclei", channels, v);
				final String json = m.toJson();
				assertTrue(json, json.contains("\"version\": \"0.4\""));
				final Multiscales back = Multiscales.parse(json, FILE);
				assertEquals(v, back.voxelSize(0));
				assertEquals(channels ? "[c, z, y, x]" : "[z, y, x]", back.axes().toString());
				assertEquals("nuclei", back.name());
				assertEquals(json, back.toJson());
				if (v.unit().equals("micron")) assertTrue(json, json.contains("\"unit\": \"micrometer\""));
				if (v.unit().equals("nm")) assertTrue(json, json.contains("\"unit\": \"nanometer\""));
				if (v.unit().equals("pixel")) assertTrue(json, !json.contains("\"unit\""));
			}
	}

	@Test
	public void axesWeDoNotReadAndDamagedDescriptionsAreExplained() {
		final String ds3 = "[{\"path\": \"0\", \"coordinateTransformations\": [{\"type\": \"scale\", \"scale\": [1, 1, " +
			"1]}]}]";
		assertRefused(zattrs("[" + axis("x", "space", null) + ", " + axis("y", "space", null) + ", " + axis("z", "space",
			null) + "]", ds3, ""), "describes an image with axes x, y, z, which this plugin does not read");
		assertRefused(zattrs("[" + axis("y", "space", null) + ", " + axis("x", "space", null) + "]",
			"[{\"path\": \"0\"}]", ""), "axes y, x, which this plugin does not read");
		assertRefused(zattrs(ZYX_UM, "[{\"path\": \"0\", \"coordinateTransformations\": [{\"type\": \"scale\", " +
			"\"scale\": [1, 1]}]}]", ""), "does not have one value per axis (3)");
		assertRefused(zattrs(ZYX_UM, "[{\"path\": \"0\", \"coordinateTransformations\": [{\"type\": \"scale\", " +
			"\"scale\": [1, 0, 1]}]}]", ""), "is not positive");
		assertRefused(zattrs(ZYX_UM, "[]", ""), "its multiscales have no datasets");
		assertRefused("{\"omero\": {}}", "has no OME-NGFF \"multiscales\" description");
		assertRefused("{\"multiscales\": [{\"version\": \"0.5\", \"axes\": [], \"datasets\": []}]}",
			"uses OME-NGFF version 0.5 (Zarr format 3)");
		assertRefused("{\"multiscales\": ", "it is not valid JSON");
	}

	private static void assertRefused(final String json, final String part) {
		try {
			Multiscales.parse(json, FILE);
			fail(part);
		}
		catch (final ZarrFormatException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(FILE.toString()));
			assertTrue(part + ": " + e.getMessage(), e.getMessage().contains(part));
		}
	}
}
