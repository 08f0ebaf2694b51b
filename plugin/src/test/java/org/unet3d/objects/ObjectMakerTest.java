package org.unet3d.objects;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;

import org.junit.Test;
import org.unet3d.data.VoxelSize;
import org.unet3d.progress.Progress;

/** The three modes on synthetic nuclei and cells whose true objects are known. */
public class ObjectMakerTest {

	private static final VoxelSize ANISOTROPIC = new VoxelSize(0.25, 0.25, 0.6, "micron");

	/** One-hot probabilities of a class image. */
	private static ClassProbabilities oneHot(final int[] classes, final int count, final StackShape s,
		final int background, final int boundary)
	{
		final float[][] p = new float[count][s.voxels()];
		for (int i = 0; i < classes.length; i++)
			p[classes[i]][i] = 1;
		return ClassProbabilities.of(p, s, background, boundary);
	}

	/** Nuclei: ellipsoids (radius in micron) at random places, some touching; ids 1..n, later ones win. */
	private static int[] nuclei(final StackShape s, final int n, final double radius, final Random random) {
		final VoxelSize v = s.voxelSize();
		final int[] ids = new int[s.voxels()];
		final double[][] centres = new double[n][];
		for (int k = 0; k < n; k++) {
			double[] c;
			boolean ok;
			do {
				c = new double[] { random.nextDouble() * s.width() * v.x(), random.nextDouble() * s.height() * v.y(), random
					.nextDouble() * s.depth() * v.z() };
				ok = true;
				for (int j = 0; j < k; j++)
					ok &= Math.sqrt(Math.pow(c[0] - centres[j][0], 2) + Math.pow(c[1] - centres[j][1], 2) + Math.pow(c[2] -
						centres[j][2], 2)) > 1.6 * radius; // may touch and overlap a little, not much
			}
			while (!ok);
			centres[k] = c;
		}
		for (int z = 0; z < s.depth(); z++)
			for (int y = 0; y < s.height(); y++)
				for (int x = 0; x < s.width(); x++) {
					double best = radius;
					for (int k = 0; k < n; k++) {
						final double d = Math.sqrt(Math.pow(x * v.x() - centres[k][0], 2) + Math.pow(y * v.y() - centres[k][1], 2) +
							Math.pow(z * v.z() - centres[k][2], 2));
						if (d <= best) {
							best = d;
							ids[s.index(x, y, z)] = k + 1;
						}
					}
				}
		return ObjectLabels.compact(ids, s).ids();
	}

	/** Mean over truth objects of the IoU with the best-overlapping predicted object; and the count. */
	private static void assertRecovered(final int[] truth, final ObjectLabels made, final double minIoU) {
		int n = 0;
		for (final int t : truth)
			n = Math.max(n, t);
		assertEquals("object count", n, made.count());
		for (int k = 1; k <= n; k++) {
			final double iou = SeededWatershedTest.iou(truth, made.ids(), k);
			assertTrue("object " + k + " IoU " + iou, iou >= minIoU);
		}
	}

	@Test
	public void nucleiFromAForegroundMaskAreSplitAtTheirNecks() {
		final Random random = new Random(41);
		final StackShape s = new StackShape(64, 64, 24, ANISOTROPIC);
		final int[] truth = nuclei(s, 9, 2.5, random);
		final int[] classes = new int[truth.length];
		for (int i = 0; i < truth.length; i++)
			classes[i] = truth[i] == 0 ? 0 : 1;
		final ObjectLabels made = ObjectMaker.make(oneHot(classes, 2, s, 0, ClassProbabilities.NONE), ObjectOptions
			.builder(ObjectMode.NUCLEI).build(), Progress.NONE);
		assertRecovered(truth, made, 0.85);
		final ObjectLabels plain = ObjectMaker.make(oneHot(classes, 2, s, 0, ClassProbabilities.NONE), ObjectOptions
			.builder(ObjectMode.COMPONENTS).build(), Progress.NONE);
		assertTrue("some nuclei touch, so components merge them: " + plain.count(), plain.count() < made.count());
	}

	@Test
	public void nucleiFromInteriorSeedsWithABoundaryClass() {
		final Random random = new Random(43);
		final StackShape s = new StackShape(64, 64, 24, ANISOTROPIC);
		final int[] truth = nuclei(s, 9, 2.5, random);
		final byte[] classes = InstanceTrainingLabels.classes(truth, s, Double.NaN, Progress.NONE);
		final int[] c = new int[classes.length];
		for (int i = 0; i < c.length; i++)
			c[i] = classes[i];
		final ObjectLabels made = ObjectMaker.make(oneHot(c, 3, s, InstanceTrainingLabels.BACKGROUND,
			InstanceTrainingLabels.BOUNDARY), ObjectOptions.builder(ObjectMode.NUCLEI).seeds(SeedSource.INTERIORS).build(),
			Progress.NONE);
		assertRecovered(truth, made, 0.9);
	}

	/** Cells: a Voronoi tessellation of random points that fills the stack. */
	private static int[] cells(final StackShape s, final int n, final Random random) {
		final VoxelSize v = s.voxelSize();
		final double[][] p = new double[n][3];
		for (final double[] q : p) {
			q[0] = random.nextDouble() * s.width() * v.x();
			q[1] = random.nextDouble() * s.height() * v.y();
			q[2] = random.nextDouble() * s.depth() * v.z();
		}
		final int[] ids = new int[s.voxels()];
		for (int z = 0; z < s.depth(); z++)
			for (int y = 0; y < s.height(); y++)
				for (int x = 0; x < s.width(); x++) {
					double best = Double.POSITIVE_INFINITY;
					for (int k = 0; k < n; k++) {
						final double d = Math.pow(x * v.x() - p[k][0], 2) + Math.pow(y * v.y() - p[k][1], 2) + Math.pow(z *
							v.z() - p[k][2], 2);
						if (d < best) {
							best = d;
							ids[s.index(x, y, z)] = k + 1;
						}
					}
				}
		return ObjectLabels.compact(ids, s).ids();
	}

	@Test
	public void cellsGrowFromInteriorsOverTheirMembranes() {
		final Random random = new Random(47);
		final StackShape s = new StackShape(60, 60, 20, ANISOTROPIC);
		final int[] truth = cells(s, 12, random);
		// boundary / interior as the ovule stack has them: no background class
		final byte[] derived = InstanceTrainingLabels.classes(truth, s, Double.NaN, Progress.NONE);
		final int[] c = new int[derived.length];
		for (int i = 0; i < c.length; i++)
			c[i] = derived[i] == InstanceTrainingLabels.BOUNDARY ? 1 : 0;
		final ClassProbabilities p = oneHot(c, 2, s, ClassProbabilities.NONE, 1);
		final ObjectLabels split = ObjectMaker.make(p, ObjectOptions.builder(ObjectMode.CELLS).build(), Progress.NONE);
		assertTrue("thin corners of some cells are interiors of their own: " + split.count(), split.count() > 12);
		// merging fragments below 1 cubic micron (27 voxels) joins them to their cells
		final ObjectLabels made = ObjectMaker.make(p, ObjectOptions.builder(ObjectMode.CELLS).minVolume(1).build(),
			Progress.NONE);
		assertRecovered(truth, made, 0.9);
		int unassigned = 0;
		for (final int id : made.ids())
			if (id == 0) unassigned++;
		assertEquals("cells fill the stack, membranes included", 0, unassigned);
	}

	@Test
	public void componentsOfEachClass() {
		final StackShape s = new StackShape(6, 1, 1, null);
		final ClassProbabilities p = oneHot(new int[] { 1, 1, 2, 0, 1, 3 }, 4, s, 0, 3);
		final ObjectLabels made = ObjectMaker.make(p, ObjectOptions.builder(ObjectMode.COMPONENTS).build(),
			Progress.NONE);
		assertEquals(3, made.count());
		assertEquals(java.util.Arrays.toString(made.ids()), "[1, 1, 2, 0, 3, 0]");
	}

	@Test
	public void partsOfTheMaskWithoutSeedBecomeObjects() {
		// two blobs 1.5 micron apart; a minimum seed distance of 5 micron drops the second seed
		final StackShape s = new StackShape(20, 5, 1, null);
		final int[] classes = new int[s.voxels()];
		for (int y = 1; y < 4; y++) {
			for (int x = 2; x < 7; x++)
				classes[s.index(x, y, 0)] = 1;
			for (int x = 9; x < 13; x++)
				classes[s.index(x, y, 0)] = 1;
		}
		final ObjectLabels made = ObjectMaker.make(oneHot(classes, 2, s, 0, ClassProbabilities.NONE), ObjectOptions
			.builder(ObjectMode.NUCLEI).minSeedDistance(5).build(), Progress.NONE);
		assertEquals(2, made.count());
	}

	@Test
	public void minimumVolumeInCalibratedUnits() {
		final StackShape s = new StackShape(10, 1, 1, new VoxelSize(0.5, 1, 2, "micron")); // 1 micron^3 per voxel
		final int[] classes = { 1, 1, 1, 0, 1, 1, 0, 1, 0, 0 };
		final ObjectOptions o = ObjectOptions.builder(ObjectMode.COMPONENTS).minVolume(2).build();
		assertEquals(2, ObjectMaker.make(oneHot(classes, 2, s, 0, ClassProbabilities.NONE), o, Progress.NONE).count());
	}

	@Test
	public void missingClassRolesAreNamed() {
		final StackShape s = new StackShape(4, 1, 1, null);
		final int[] classes = { 0, 1, 1, 0 };
		expect(() -> ObjectMaker.make(oneHot(classes, 2, s, ClassProbabilities.NONE, ClassProbabilities.NONE),
			ObjectOptions.builder(ObjectMode.NUCLEI).build(), Progress.NONE), "background");
		expect(() -> ObjectMaker.make(oneHot(classes, 2, s, 0, ClassProbabilities.NONE), ObjectOptions.builder(
			ObjectMode.CELLS).build(), Progress.NONE), "boundary class");
		expect(() -> ObjectMaker.make(oneHot(classes, 2, s, 0, ClassProbabilities.NONE), ObjectOptions.builder(
			ObjectMode.NUCLEI).seeds(SeedSource.INTERIORS).build(), Progress.NONE), "distance-maximum seeds");
		expect(() -> ClassProbabilities.of(new float[][] { new float[4] }, s, 0, ClassProbabilities.NONE),
			"no foreground class");
		expect(() -> ObjectOptions.builder(ObjectMode.NUCLEI).threshold(1.5).build(), "threshold");
	}

	@Test(expected = java.util.concurrent.CancellationException.class)
	public void stopsWhenCanceled() {
		final StackShape s = new StackShape(8, 8, 4, null);
		final int[] classes = new int[s.voxels()];
		classes[s.index(3, 3, 2)] = 1;
		ObjectMaker.make(oneHot(classes, 2, s, 0, ClassProbabilities.NONE), ObjectOptions.builder(ObjectMode.NUCLEI)
			.build(), TestStacks.CANCELED);
	}

	static void expect(final Runnable r, final String fragment) {
		try {
			r.run();
			fail("expected an error naming " + fragment);
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(fragment));
		}
	}
}
