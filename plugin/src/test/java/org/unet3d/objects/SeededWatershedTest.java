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
 * The priority flood against a plain list-scan reference of the same rule, against the defining
 * property of a watershed (each voxel is reached from its own seed at the lowest possible pass),
 * and on two touching spheres.
 */
public class SeededWatershedTest {

	/** The same rule with a linear scan for the lowest (level, arrival) instead of a radix heap. */
	static int[] reference(final float[] landscape, final int[] seeds, final boolean[] mask, final StackShape s,
		final Connectivity c)
	{
		final int[] ids = seeds.clone();
		final List<float[]> queue = new ArrayList<>(); // {voxel, level, arrival}
		int arrival = 0;
		for (int i = 0; i < ids.length; i++)
			if (ids[i] != 0) {
				if (mask != null && !mask[i]) ids[i] = 0;
				else queue.add(new float[] { i, value(landscape, i), arrival++ });
			}
		float water = Float.NEGATIVE_INFINITY;
		while (!queue.isEmpty()) {
			int best = 0;
			for (int k = 1; k < queue.size(); k++) {
				final float[] a = queue.get(k);
				final float[] b = queue.get(best);
				if (a[1] < b[1] || a[1] == b[1] && a[2] < b[2]) best = k;
			}
			final float[] top = queue.remove(best);
			final int p = (int) top[0];
			water = top[1];
			for (final int q : neighbours(p, s, c))
				if (ids[q] == 0 && (mask == null || mask[q])) {
					ids[q] = ids[p];
					queue.add(new float[] { q, Math.max(water, value(landscape, q)), arrival++ });
				}
		}
		return ids;
	}

	private static float value(final float[] landscape, final int i) {
		return Float.isNaN(landscape[i]) ? Float.POSITIVE_INFINITY : landscape[i];
	}

	/** Neighbours in the order of {@link Connectivity#offsets()}. */
	static List<Integer> neighbours(final int i, final StackShape s, final Connectivity c) {
		final int[] p = DistanceTransformTest.xyz(i, s);
		final List<Integer> out = new ArrayList<>();
		for (final int[] o : c.offsets()) {
			final int x = p[0] + o[0];
			final int y = p[1] + o[1];
			final int z = p[2] + o[2];
			if (x >= 0 && y >= 0 && z >= 0 && x < s.width() && y < s.height() && z < s.depth()) out.add(s.index(x, y, z));
		}
		return out;
	}

	private static int[] randomSeeds(final StackShape s, final int count, final Random random) {
		final int[] seeds = new int[s.voxels()];
		for (int k = 1; k <= count; k++)
			seeds[random.nextInt(seeds.length)] = 2 * k + 3; // ids with gaps, some overwritten
		return seeds;
	}

	@Test
	public void equalsListScanReference() {
		final Random random = new Random(17);
		for (int trial = 0; trial < 80; trial++) {
			final StackShape s = new StackShape(1 + random.nextInt(8), 1 + random.nextInt(7), 1 + random.nextInt(5), null);
			final float[] landscape = ReconstructionTest.randomImage(s, trial % 2 == 0 ? 3 : 0, random);
			if (trial % 5 == 0) landscape[random.nextInt(landscape.length)] = Float.NaN;
			final int[] seeds = randomSeeds(s, 1 + random.nextInt(4), random);
			final boolean[] mask = trial % 3 == 0 ? null : ObjectSeedsTest.randomMask(s, 0.75, random);
			final Connectivity c = trial % 4 < 2 ? Connectivity.SIX : Connectivity.TWENTY_SIX;
			final ObjectLabels grown = SeededWatershed.flood(landscape, ObjectLabels.compact(seeds.clone(), s), mask, c,
				Progress.NONE);
			final int[] expected = ObjectLabels.compact(reference(landscape, ObjectLabels.compact(seeds.clone(), s).ids(),
				mask, s, c), s).ids();
			assertArrayEquals("trial " + trial, expected, grown.ids());
		}
	}

	/**
	 * The lowest pass from seed region a to voxel q: min over paths inside the mask of the highest
	 * landscape value along the path (the seed voxel included).
	 */
	private static double[] lowestPass(final float[] landscape, final int[] seeds, final int seed,
		final boolean[] mask, final StackShape s, final Connectivity c)
	{
		final double[] pass = new double[landscape.length];
		java.util.Arrays.fill(pass, Double.POSITIVE_INFINITY);
		for (int i = 0; i < pass.length; i++)
			if (seeds[i] == seed && (mask == null || mask[i])) pass[i] = landscape[i];
		boolean changed = true;
		while (changed) {
			changed = false;
			for (int i = 0; i < pass.length; i++) {
				if (pass[i] == Double.POSITIVE_INFINITY) continue;
				for (final int q : neighbours(i, s, c)) {
					if (mask != null && !mask[q]) continue;
					final double v = Math.max(pass[i], landscape[q]);
					if (v < pass[q]) {
						pass[q] = v;
						changed = true;
					}
				}
			}
		}
		return pass;
	}

	@Test
	public void everyVoxelIsReachedFromItsSeedAtTheLowestPass() {
		final Random random = new Random(23);
		for (int trial = 0; trial < 40; trial++) {
			final StackShape s = new StackShape(2 + random.nextInt(9), 2 + random.nextInt(9), 1 + random.nextInt(4), null);
			final float[] landscape = ReconstructionTest.randomImage(s, trial % 2 == 0 ? 4 : 0, random);
			final boolean[] mask = trial % 2 == 0 ? null : ObjectSeedsTest.randomMask(s, 0.85, random);
			final int[] seedIds = randomSeeds(s, 2 + random.nextInt(4), random);
			for (int i = 0; i < seedIds.length; i++)
				if (mask != null && !mask[i]) seedIds[i] = 0; // all seeds in the mask: ids stay as they are
			final ObjectLabels seeds = ObjectLabels.compact(seedIds, s);
			final Connectivity c = trial % 4 < 2 ? Connectivity.SIX : Connectivity.TWENTY_SIX;
			final ObjectLabels grown = SeededWatershed.flood(landscape, seeds, mask, c, Progress.NONE);
			final double[][] pass = new double[seeds.count() + 1][];
			for (int k = 1; k <= seeds.count(); k++)
				pass[k] = lowestPass(landscape, seeds.ids(), k, mask, s, c);
			for (int i = 0; i < landscape.length; i++) {
				double best = Double.POSITIVE_INFINITY;
				for (int k = 1; k <= seeds.count(); k++)
					best = Math.min(best, pass[k][i]);
				final int id = grown.ids()[i];
				if (best == Double.POSITIVE_INFINITY) assertEquals("unreachable voxels stay 0", 0, id);
				else {
					assertTrue(id > 0);
					assertEquals("trial " + trial + " voxel " + i, best, pass[id][i], 0);
				}
			}
		}
	}

	@Test
	public void idsAreOneToNWithoutGapsInSeedOrder() {
		final StackShape s = new StackShape(10, 1, 1, null);
		final int[] seeds = new int[10];
		seeds[1] = 7;
		seeds[8] = 3;
		seeds[5] = 12; // outside the mask: dropped
		final boolean[] mask = new boolean[10];
		java.util.Arrays.fill(mask, true);
		mask[5] = false;
		final ObjectLabels grown = SeededWatershed.flood(new float[10], ObjectLabels.compact(seeds, s), mask,
			Connectivity.SIX, Progress.NONE);
		assertEquals(2, grown.count());
		assertArrayEquals(new int[] { 2, 2, 2, 2, 2, 0, 1, 1, 1, 1 }, grown.ids());
	}

	@Test
	public void twoTouchingSpheresBecomeTwoObjects() {
		// radius 6 micron spheres, centres 10 micron apart (overlapping caps), voxel 0.5 x 0.5 x 1 micron
		final StackShape s = new StackShape(56, 36, 18, new VoxelSize(0.5, 0.5, 1, "micron"));
		final int[] truth = twoSpheres(s, 6, 10);
		final boolean[] mask = new boolean[truth.length];
		for (int i = 0; i < mask.length; i++)
			mask[i] = truth[i] != 0;
		final float[] distance = DistanceTransform.distances(mask, s, Progress.NONE);
		final ObjectLabels seeds = ObjectSeeds.hMaxima(distance, mask, 1, s, Connectivity.SIX, Progress.NONE);
		assertEquals("one seed per sphere", 2, seeds.count());
		final float[] landscape = new float[distance.length];
		for (int i = 0; i < landscape.length; i++)
			landscape[i] = -distance[i];
		final ObjectLabels grown = SeededWatershed.flood(landscape, seeds, mask, Connectivity.SIX, Progress.NONE);
		assertEquals(2, grown.count());
		for (int k = 1; k <= 2; k++)
			assertTrue("sphere " + k + " IoU " + iou(truth, grown.ids(), k), iou(truth, grown.ids(), k) > 0.95);
	}

	/** Two spheres along x; voxels nearer the first centre are 1, the others 2. */
	static int[] twoSpheres(final StackShape s, final double radius, final double apart) {
		final VoxelSize v = s.voxelSize();
		final double cx = s.width() * v.x() / 2;
		final double cy = s.height() * v.y() / 2;
		final double cz = s.depth() * v.z() / 2;
		final int[] ids = new int[s.voxels()];
		for (int z = 0; z < s.depth(); z++)
			for (int y = 0; y < s.height(); y++)
				for (int x = 0; x < s.width(); x++) {
					final double dy = y * v.y() - cy;
					final double dz = z * v.z() - cz;
					final double d1 = Math.sqrt(Math.pow(x * v.x() - (cx - apart / 2), 2) + dy * dy + dz * dz);
					final double d2 = Math.sqrt(Math.pow(x * v.x() - (cx + apart / 2), 2) + dy * dy + dz * dz);
					if (Math.min(d1, d2) <= radius) ids[s.index(x, y, z)] = d1 <= d2 ? 1 : 2;
				}
		return ids;
	}

	/** IoU of truth object k with the predicted object covering most of it. */
	static double iou(final int[] truth, final int[] predicted, final int k) {
		final java.util.Map<Integer, Integer> overlap = new java.util.HashMap<>();
		long a = 0;
		for (int i = 0; i < truth.length; i++)
			if (truth[i] == k) {
				a++;
				if (predicted[i] != 0) overlap.merge(predicted[i], 1, Integer::sum);
			}
		int best = 0;
		for (final java.util.Map.Entry<Integer, Integer> e : overlap.entrySet())
			if (best == 0 || e.getValue() > overlap.get(best)) best = e.getKey();
		if (best == 0) return 0;
		long b = 0;
		for (final int p : predicted)
			if (p == best) b++;
		final int n = overlap.get(best);
		return (double) n / (a + b - n);
	}
}
