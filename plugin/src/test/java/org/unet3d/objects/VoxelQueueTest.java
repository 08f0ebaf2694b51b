package org.unet3d.objects;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.Test;

/** The radix heap against a list of (level, arrival), with adds and removes interleaved. */
public class VoxelQueueTest {

	private static final float[] SPECIAL = { Float.NEGATIVE_INFINITY, -1e30f, -1, -0f, 0f, Float.MIN_VALUE, 0.5f, 1,
		3e38f, Float.POSITIVE_INFINITY, Float.NaN };

	@Test
	public void lowestLevelFirstThenArrivalOrder() {
		final Random random = new Random(67);
		for (int trial = 0; trial < 200; trial++) {
			final VoxelQueue queue = new VoxelQueue();
			final List<double[]> reference = new ArrayList<>(); // {voxel, level (NaN as +inf), arrival}
			double water = Double.NEGATIVE_INFINITY;
			int arrival = 0;
			final int ops = 1 + random.nextInt(400);
			for (int op = 0; op < ops; op++) {
				if (reference.isEmpty() || random.nextDouble() < 0.55) {
					final float level = trial % 3 == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextInt(6) -
						2.5f + (trial % 3 == 1 ? random.nextFloat() : 0);
					final int voxel = random.nextInt(1 << 30);
					queue.add(voxel, level);
					final double l = Float.isNaN(level) ? Double.POSITIVE_INFINITY : level;
					// -0 sorts before +0 in the queue: keep them apart with a tiny offset
					final double key = Math.max(water, l == 0 && 1 / l < 0 ? -Double.MIN_VALUE : l);
					reference.add(new double[] { voxel, key, arrival++ });
				}
				else {
					int best = 0;
					for (int k = 1; k < reference.size(); k++) {
						final double[] a = reference.get(k);
						final double[] b = reference.get(best);
						if (a[1] < b[1] || a[1] == b[1] && a[2] < b[2]) best = k;
					}
					final double[] top = reference.remove(best);
					water = top[1];
					assertEquals("trial " + trial + " op " + op, (int) top[0], queue.remove());
				}
				assertEquals(reference.isEmpty(), queue.isEmpty());
			}
		}
	}

	@Test
	public void levelsKeepTheFloatOrder() {
		for (int i = 1; i < SPECIAL.length; i++)
			assertTrue(SPECIAL[i - 1] + " < " + SPECIAL[i], Integer.compareUnsigned(VoxelQueue.unsigned(SPECIAL[i - 1]),
				VoxelQueue.unsigned(SPECIAL[i])) < 0 || Float.isNaN(SPECIAL[i]));
		assertEquals(VoxelQueue.unsigned(Float.POSITIVE_INFINITY), VoxelQueue.unsigned(Float.NaN));
	}
}
