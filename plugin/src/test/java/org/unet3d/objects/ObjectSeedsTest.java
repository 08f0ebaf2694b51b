package org.unet3d.objects;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.Test;
import org.unet3d.data.VoxelSize;
import org.unet3d.progress.Progress;

/**
 * Regional maxima and h-maxima against their definitions; the minimum seed distance against a
 * quadratic search; h on two blobs with a known saddle.
 */
public class ObjectSeedsTest {

	/**
	 * A voxel is in a regional maximum iff the component of {values >= its value} holding it has no
	 * higher voxel; maxima are numbered as components of those voxels.
	 */
	static int[] bruteMaxima(final float[] f, final boolean[] domain, final StackShape s, final Connectivity c) {
		final int n = f.length;
		final int[] isMax = new int[n];
		for (int i = 0; i < n; i++) {
			if (domain != null && !domain[i]) continue;
			final int[] classes = new int[n];
			for (int j = 0; j < n; j++)
				classes[j] = f[j] >= f[i] && (domain == null || domain[j]) ? 1 : 0;
			final int[] parts = TestStacks.bruteComponents(classes, 0, s, c);
			boolean higher = false;
			for (int j = 0; j < n; j++)
				higher |= parts[j] == parts[i] && f[j] > f[i];
			isMax[i] = higher ? 0 : 1;
		}
		return TestStacks.bruteComponents(isMax, 0, s, c);
	}

	@Test
	public void regionalMaximaEqualDefinition() {
		final Random random = new Random(3);
		for (int trial = 0; trial < 60; trial++) {
			final StackShape s = new StackShape(1 + random.nextInt(7), 1 + random.nextInt(6), 1 + random.nextInt(4), null);
			final float[] f = ReconstructionTest.randomImage(s, trial % 2 == 0 ? 3 : 0, random);
			final boolean[] domain = trial % 3 == 0 ? null : randomMask(s, 0.8, random);
			final Connectivity c = trial % 4 < 2 ? Connectivity.SIX : Connectivity.TWENTY_SIX;
			final ObjectLabels m = RegionalMaxima.of(f, domain, s, c, Progress.NONE);
			final int[] expected = bruteMaxima(f, domain, s, c);
			assertArrayEquals("trial " + trial, expected, m.ids());
			assertEquals(max(expected), m.count());
		}
	}

	@Test
	public void hMaximaEqualMaximaOfTheReconstructionOfValuesMinusH() {
		final Random random = new Random(5);
		for (int trial = 0; trial < 60; trial++) {
			final StackShape s = new StackShape(1 + random.nextInt(7), 1 + random.nextInt(6), 1 + random.nextInt(4), null);
			final float[] f = ReconstructionTest.randomImage(s, trial % 2 == 0 ? 6 : 0, random);
			final boolean[] domain = trial % 3 == 0 ? null : randomMask(s, 0.8, random);
			final Connectivity c = trial % 4 < 2 ? Connectivity.SIX : Connectivity.TWENTY_SIX;
			final double h = trial % 2 == 0 ? 0.5 : 0.3;
			final float[] marker = new float[f.length];
			for (int i = 0; i < f.length; i++)
				marker[i] = (float) (f[i] - h);
			final float[] rec = ReconstructionTest.bruteForce(marker, f, domain, s, c);
			final int[] expected = bruteMaxima(rec, domain, s, c);
			assertArrayEquals("trial " + trial, expected, ObjectSeeds.hMaxima(f, domain, h, s, c, Progress.NONE).ids());
		}
	}

	/** Two peaks of heights 10 and 7 along x, with a saddle of 4 between them: the lower has dynamic 3. */
	@Test
	public void hDecidesWhetherTheLowerPeakIsASeed() {
		final StackShape s = new StackShape(9, 1, 1, null);
		final float[] f = { 1, 5, 10, 6, 4, 5, 7, 3, 1 };
		assertEquals(2, ObjectSeeds.hMaxima(f, null, 2.9, s, Connectivity.SIX, Progress.NONE).count());
		// a dynamic of exactly h is not enough: the peak is cut down to the saddle's plateau
		final ObjectLabels one = ObjectSeeds.hMaxima(f, null, 3, s, Connectivity.SIX, Progress.NONE);
		assertEquals(1, one.count());
		assertEquals(1, one.ids()[2]);
		// h = 0: the plain regional maxima, also at the single-voxel plateaus
		assertEquals(2, ObjectSeeds.hMaxima(f, null, 0, s, Connectivity.SIX, Progress.NONE).count());
	}

	@Test
	public void spacedSeedsEqualAQuadraticGreedySearch() {
		final Random random = new Random(11);
		final VoxelSize vs = new VoxelSize(0.2, 0.25, 0.6, "micron");
		for (int trial = 0; trial < 40; trial++) {
			final StackShape s = new StackShape(5 + random.nextInt(20), 5 + random.nextInt(20), 2 + random.nextInt(8), vs);
			final float[] f = ReconstructionTest.randomImage(s, trial % 2 == 0 ? 4 : 0, random);
			final ObjectLabels maxima = RegionalMaxima.of(f, null, s, Connectivity.SIX, Progress.NONE);
			final double r = 0.3 + random.nextDouble() * 2;
			final ObjectLabels kept = ObjectSeeds.spaced(maxima, f, r);
			// reference: peaks of each maximum, sorted by value then id, kept if no kept peak is closer than r
			final int n = maxima.count();
			final int[] peak = new int[n + 1];
			java.util.Arrays.fill(peak, -1);
			for (int i = 0; i < f.length; i++) {
				final int m = maxima.ids()[i];
				if (m != 0 && peak[m] < 0) peak[m] = i; // a plateau: all equal, the first voxel
			}
			final List<Integer> order = new ArrayList<>();
			for (int m = 1; m <= n; m++)
				order.add(m);
			order.sort((a, b) -> f[peak[a]] != f[peak[b]] ? Float.compare(f[peak[b]], f[peak[a]]) : a - b);
			final List<Integer> keep = new ArrayList<>();
			for (final int m : order) {
				boolean near = false;
				for (final int k : keep)
					near |= distance(peak[m], peak[k], s) < r;
				if (!near) keep.add(m);
			}
			keep.sort(null);
			assertEquals("trial " + trial, keep.size(), kept.count());
			for (int i = 0; i < f.length; i++) {
				final int m = maxima.ids()[i];
				final int expected = m != 0 && keep.contains(m) ? keep.indexOf(m) + 1 : 0;
				assertEquals("trial " + trial + " voxel " + i + " maximum " + m, expected, kept.ids()[i]);
			}
			for (final int a : keep)
				for (final int b : keep)
					assertTrue(a == b || distance(peak[a], peak[b], s) >= r);
		}
	}

	private static double distance(final int i, final int j, final StackShape s) {
		final int[] p = DistanceTransformTest.xyz(i, s);
		final int[] q = DistanceTransformTest.xyz(j, s);
		final VoxelSize v = s.voxelSize();
		return Math.sqrt(Math.pow((p[0] - q[0]) * v.x(), 2) + Math.pow((p[1] - q[1]) * v.y(), 2) + Math.pow((p[2] -
			q[2]) * v.z(), 2));
	}

	static boolean[] randomMask(final StackShape s, final double density, final Random random) {
		final boolean[] m = new boolean[s.voxels()];
		for (int i = 0; i < m.length; i++)
			m[i] = random.nextDouble() < density;
		return m;
	}

	private static int max(final int[] a) {
		int m = 0;
		for (final int v : a)
			m = Math.max(m, v);
		return m;
	}
}
