package org.unet3d.data;

import java.util.List;
import java.util.Random;

/**
 * Chooses where training patches come from: a stack (in proportion to its size) and an origin,
 * either uniformly at random or, for a configurable share of patches, centered near a random voxel
 * of a randomly chosen non-background class, so rare classes are seen often. Stacks smaller than a
 * patch are centered in it (the rest is mirrored by {@link BlockReader}).
 */
public final class PatchSampler {

	/** Where one patch comes from. */
	public static final class Patch {

		/** Index of the stack in the training list. */
		public final int volume;
		/** Origin, {x, y, z}; may be negative or reach beyond the stack (mirrored there). */
		public final long[] originXYZ;

		Patch(final int volume, final long[] originXYZ) {
			this.volume = volume;
			this.originXYZ = originXYZ;
		}
	}

	private final List<LabeledVolume> volumes;
	private final List<LabelStatistics> stats;
	private final int[] patchXYZ;
	private final double foregroundFraction;
	private final Random random;
	private final double[] cumulativeSize;

	/**
	 * @param patchZYX patch size (z, y, x)
	 * @param foregroundFraction share of patches centered on a non-background class (0..1)
	 */
	public PatchSampler(final List<LabeledVolume> volumes, final List<LabelStatistics> stats, final int[] patchZYX,
		final double foregroundFraction, final Random random)
	{
		if (volumes.isEmpty()) throw new IllegalArgumentException("No training stacks given");
		this.volumes = volumes;
		this.stats = stats;
		this.patchXYZ = new int[] { patchZYX[2], patchZYX[1], patchZYX[0] };
		this.foregroundFraction = foregroundFraction;
		this.random = random;
		this.cumulativeSize = new double[volumes.size()];
		double sum = 0;
		for (int i = 0; i < volumes.size(); i++) {
			sum += stats.get(i).labeled();
			cumulativeSize[i] = sum;
		}
		if (sum == 0) throw new IllegalArgumentException("The label stacks contain no labeled voxels (all are the " +
			"unlabeled value). Annotate some voxels first.");
	}

	/** The next patch position. */
	public Patch next() {
		final double r = random.nextDouble() * cumulativeSize[cumulativeSize.length - 1];
		int v = 0;
		while (v < cumulativeSize.length - 1 && r >= cumulativeSize[v])
			v++;
		final LabeledVolume vol = volumes.get(v);
		final long[] size = { vol.image().width(), vol.image().height(), vol.image().depth() };
		final long[] origin = new long[3];
		long[] center = null;
		if (random.nextDouble() < foregroundFraction) {
			final LabelStatistics s = stats.get(v);
			final int classes = s.classesSeen();
			int present = 0;
			for (int k = 1; k < classes; k++)
				if (s.count(k) > 0) present++;
			if (present > 0) {
				int pick = random.nextInt(present);
				for (int k = 1; k < classes; k++)
					if (s.count(k) > 0 && pick-- == 0) {
						center = s.randomPosition(k, random);
						break;
					}
			}
		}
		else if (stats.get(v).ignored() > 0) {
			// Sparse annotation: start from a labeled voxel so patches are not wasted on unlabeled regions.
			final LabelStatistics s = stats.get(v);
			final int classes = s.classesSeen();
			int k;
			do
				k = random.nextInt(Math.max(1, classes));
			while (s.count(k) == 0);
			center = s.randomPosition(k, random);
		}
		for (int a = 0; a < 3; a++) {
			final int p = patchXYZ[a];
			if (size[a] <= p) {
				origin[a] = -((p - size[a]) / 2);
				continue;
			}
			final long max = size[a] - p;
			if (center != null) {
				final long jitter = p / 4 == 0 ? 0 : random.nextInt(p / 2 + 1) - p / 4;
				origin[a] = Math.max(0, Math.min(max, center[a] - p / 2 + jitter));
			}
			else origin[a] = (long) (random.nextDouble() * (max + 1));
		}
		return new Patch(v, origin);
	}
}
