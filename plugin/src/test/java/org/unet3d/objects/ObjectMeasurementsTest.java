package org.unet3d.objects;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.VoxelSize;

/** Measurements of hand-made objects, slab by slab equal to all at once, and the CSV file. */
public class ObjectMeasurementsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final VoxelSize VS = new VoxelSize(0.5, 0.25, 2, "micron");

	/** 4 x 3 x 2: object 1 = x 1..2, y 1, z 0..1 (4 voxels, inside); object 3 = the voxel (3, 2, 1). */
	private static ObjectLabels twoObjects() {
		final StackShape s = new StackShape(4, 3, 2, VS);
		final int[] ids = new int[s.voxels()];
		for (int z = 0; z < 2; z++)
			for (int x = 1; x <= 2; x++)
				ids[s.index(x, 1, z)] = 1;
		ids[s.index(3, 2, 1)] = 3;
		return new ObjectLabels(ids, 3, s);
	}

	@Test
	public void sizePositionIntensityAndBorder() {
		final ObjectLabels o = twoObjects();
		final float[] intensity = new float[o.shape().voxels()];
		for (int i = 0; i < intensity.length; i++)
			intensity[i] = i;
		final List<ObjectMeasurement> rows = ObjectMeasurements.of(o, intensity);
		assertEquals("id 2 has no voxels and no row", 2, rows.size());
		final ObjectMeasurement a = rows.get(0);
		assertEquals(1, a.id());
		assertEquals(4, a.voxels());
		assertEquals(4 * 0.25, a.volume(), 1e-12);
		assertArrayEquals(new double[] { 0.5 * 2, 1 * 0.25, 1.5 * 0.5 }, a.centroidZYX(), 1e-12);
		assertArrayEquals(new double[] { 0, 0.25, 0.5 }, a.minZYX(), 1e-12);
		assertArrayEquals(new double[] { 2, 0.25, 1 }, a.maxZYX(), 1e-12);
		// voxel indices 5, 6, 17, 18
		assertEquals((5 + 6 + 17 + 18) / 4.0, a.meanIntensity(), 1e-12);
		assertEquals(5, a.minIntensity(), 0);
		assertEquals(18, a.maxIntensity(), 0);
		assertTrue("z = 0 is the first slice", a.touchesBorder());
		final ObjectMeasurement b = rows.get(1);
		assertEquals(3, b.id());
		assertEquals(1, b.voxels());
		assertArrayEquals(new double[] { 2, 0.5, 1.5 }, b.centroidZYX(), 1e-12);
		assertTrue(b.touchesBorder());
		assertTrue(Double.isNaN(ObjectMeasurements.of(o, null).get(0).meanIntensity()));
	}

	@Test
	public void anObjectInsideDoesNotTouchTheBorder() {
		final StackShape s = new StackShape(3, 3, 3, null);
		final int[] ids = new int[27];
		ids[s.index(1, 1, 1)] = 1;
		assertFalse(ObjectMeasurements.of(new ObjectLabels(ids, 1, s), null).get(0).touchesBorder());
	}

	@Test
	public void slabBySlabEqualsAllAtOnce() {
		final Random random = new Random(61);
		final StackShape s = new StackShape(9, 7, 11, VS);
		final ObjectLabels o = ConnectedComponents.of(TestStacks.randomClasses(s, 3, 0.5, random), 0, s,
			Connectivity.SIX, org.unet3d.progress.Progress.NONE);
		final float[] intensity = new float[s.voxels()];
		for (int i = 0; i < intensity.length; i++)
			intensity[i] = random.nextFloat();
		final String whole = ObjectMeasurements.csv(ObjectMeasurements.of(o, intensity), "micron");
		final ObjectMeasurements m = new ObjectMeasurements(9, 7, 11, VS, o.count());
		for (int z0 = 0; z0 < 11; z0 += 4) {
			final int d = Math.min(4, 11 - z0);
			final int from = z0 * s.plane();
			final int to = from + d * s.plane();
			m.add(z0, d, java.util.Arrays.copyOfRange(o.ids(), from, to), java.util.Arrays.copyOfRange(intensity, from,
				to));
		}
		assertEquals(whole, ObjectMeasurements.csv(m.rows(), "micron"));
		assertEquals(o.count() + 1, whole.split("\n").length);
	}

	@Test
	public void csvHasUnitsInTheHeaderAndIsWrittenAtomically() throws Exception {
		final List<ObjectMeasurement> rows = ObjectMeasurements.of(twoObjects(), null);
		final String csv = ObjectMeasurements.csv(rows, "micron");
		final String[] lines = csv.split("\n");
		assertEquals("id,voxels,volume (micron^3),centroid_z (micron),centroid_y (micron),centroid_x (micron)," +
			"min_z (micron),min_y (micron),min_x (micron),max_z (micron),max_y (micron),max_x (micron)," +
			"mean_intensity,min_intensity,max_intensity,touches_border", lines[0]);
		assertEquals("1,4,1,1,0.25,0.75,0,0.25,0.5,2,0.25,1,,,,true", lines[1]);
		final File file = new File(tmp.getRoot(), "objects.csv");
		Files.write(file.toPath(), "old".getBytes(StandardCharsets.UTF_8));
		ObjectMeasurements.writeCsv(rows, "micron", file.toPath());
		assertEquals(csv, new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8));
		assertEquals("no temporary file is left", 1, tmp.getRoot().list().length);
		try {
			ObjectMeasurements.writeCsv(rows, "micron", new File(tmp.getRoot(), "missing/objects.csv").toPath());
			throw new AssertionError("expected an error");
		}
		catch (final java.io.IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("does not exist"));
		}
	}

	@Test
	public void slabsMustComeInOrder() {
		final ObjectMeasurements m = new ObjectMeasurements(2, 2, 4, VS, 1);
		ObjectMakerTest.expect(() -> m.add(2, 1, new int[4], null), "in order");
		ObjectMakerTest.expect(() -> m.add(0, 1, new int[] { 0, 2, 0, 0 }, null), "beyond the largest id");
	}
}
