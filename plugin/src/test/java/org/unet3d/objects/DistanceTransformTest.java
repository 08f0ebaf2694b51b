package org.unet3d.objects;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;
import org.unet3d.data.VoxelSize;
import org.unet3d.progress.Progress;

/** The separable distance transform against the direct minimum over all voxel pairs. */
public class DistanceTransformTest {

	/** min over voxels outside the mask of the physical distance, computed in double. */
	static double[] bruteForce(final boolean[] mask, final StackShape s) {
		final VoxelSize v = s.voxelSize();
		final double[] d = new double[mask.length];
		for (int i = 0; i < mask.length; i++) {
			if (!mask[i]) continue;
			double best = Double.POSITIVE_INFINITY;
			final int[] p = xyz(i, s);
			for (int j = 0; j < mask.length; j++) {
				if (mask[j]) continue;
				final int[] q = xyz(j, s);
				final double dx = (p[0] - q[0]) * v.x();
				final double dy = (p[1] - q[1]) * v.y();
				final double dz = (p[2] - q[2]) * v.z();
				best = Math.min(best, dx * dx + dy * dy + dz * dz);
			}
			d[i] = Math.sqrt(best);
		}
		return d;
	}

	static int[] xyz(final int i, final StackShape s) {
		return new int[] { i % s.width(), i / s.width() % s.height(), i / s.plane() };
	}

	private static void assertMatchesBruteForce(final boolean[] mask, final StackShape s) {
		final float[] fast = DistanceTransform.distances(mask, s, Progress.NONE);
		final double[] slow = bruteForce(mask, s);
		for (int i = 0; i < mask.length; i++) {
			if (Double.isInfinite(slow[i])) assertEquals(Float.POSITIVE_INFINITY, fast[i], 0);
			else assertEquals("voxel " + i + " of " + s, slow[i], fast[i], 1e-6 * slow[i] + 1e-12);
		}
	}

	@Test
	public void equalsBruteForceOnRandomAnisotropicMasks() {
		final Random random = new Random(42);
		final VoxelSize[] sizes = { new VoxelSize(1, 1, 1, "pixel"), new VoxelSize(0.127, 0.127, 0.284, "micron"),
			new VoxelSize(0.3, 0.7, 1.9, "micron"), new VoxelSize(2.5, 0.4, 0.1, "nm") };
		int cases = 0;
		for (int trial = 0; trial < 60; trial++) {
			final StackShape s = new StackShape(1 + random.nextInt(9), 1 + random.nextInt(8), 1 + random.nextInt(7),
				sizes[trial % sizes.length]);
			final double density = random.nextDouble();
			final boolean[] mask = new boolean[s.voxels()];
			for (int i = 0; i < mask.length; i++)
				mask[i] = random.nextDouble() < density;
			assertMatchesBruteForce(mask, s);
			cases++;
		}
		assertEquals(60, cases);
	}

	@Test
	public void sparseBackgroundGivesLongDistances() {
		// a single background voxel in a 17 x 13 x 9 stack: distances up to the far corner
		final StackShape s = new StackShape(17, 13, 9, new VoxelSize(0.2, 0.3, 1.1, "micron"));
		final boolean[] mask = new boolean[s.voxels()];
		java.util.Arrays.fill(mask, true);
		mask[s.index(3, 11, 2)] = false;
		assertMatchesBruteForce(mask, s);
		final float[] d = DistanceTransform.distances(mask, s, Progress.NONE);
		final double far = Math.sqrt(Math.pow(13 * 0.2, 2) + Math.pow(11 * 0.3, 2) + Math.pow(6 * 1.1, 2));
		assertEquals(far, d[s.index(16, 0, 8)], 1e-5);
	}

	@Test
	public void noBackgroundMeansInfiniteDistanceAndAllBackgroundZero() {
		final StackShape s = new StackShape(4, 3, 2, null);
		final boolean[] all = new boolean[s.voxels()];
		java.util.Arrays.fill(all, true);
		for (final float v : DistanceTransform.distances(all, s, Progress.NONE))
			assertEquals(Float.POSITIVE_INFINITY, v, 0);
		for (final float v : DistanceTransform.distances(new boolean[s.voxels()], s, Progress.NONE))
			assertEquals(0, v, 0);
	}

	@Test
	public void theBorderIsNotBackground() {
		// a slab of mask between two background planes x = 0 and x = 8: distance grows to the middle only
		final StackShape s = new StackShape(9, 3, 3, null);
		final boolean[] mask = new boolean[s.voxels()];
		for (int i = 0; i < mask.length; i++)
			mask[i] = i % 9 != 0 && i % 9 != 8;
		final float[] d = DistanceTransform.distances(mask, s, Progress.NONE);
		assertEquals(4, d[s.index(4, 0, 0)], 0);
		assertEquals(1, d[s.index(1, 2, 2)], 0);
		assertTrue(d[s.index(4, 1, 1)] == d[s.index(4, 0, 2)]);
	}

	@Test(expected = java.util.concurrent.CancellationException.class)
	public void stopsWhenCanceled() {
		final StackShape s = new StackShape(4, 4, 4, null);
		DistanceTransform.distances(new boolean[s.voxels()], s, TestStacks.CANCELED);
	}
}
