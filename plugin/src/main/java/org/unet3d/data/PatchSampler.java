package org.unet3d.data;

import java.util.List;
import java.util.Random;

/**
 * Chooses where random training patches come from: a stack (in proportion to its labeled voxels)
 * and an origin, either uniformly at random or, for a configurable share of patches, centered
 * near a random voxel of a randomly chosen non-background class (with some jitter), so rare classes
 * are seen often. With sparse labels, the other patches start from a labeled voxel, so none is
 * wasted on unlabeled regions. A stack smaller than a patch is centered in it (the rest is
 * mirrored by {@link BlockReader}). Anisotropic patch shapes are fine. The random generator is
 * passed in, so a run is reproducible from a seed.
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

	private final List<long[]> shapes;
	private final List<LabelStatistics> stats;
	private final int[] patchXYZ;
	private final double foregroundFraction;
	private final double[] cumulativeSize;

	/**
	 * @param shapesZYX shape of each stack (z, y, x)
	 * @param stats what the labels of each stack contain
	 * @param patchZYX patch size (z, y, x)
	 * @param foregroundFraction share of patches centered on a non-background class (0..1)
	 */
	public PatchSampler(final List<long[]> shapesZYX, final List<LabelStatistics> stats, final int[] patchZYX,
		final double foregroundFraction)
	{
		if (shapesZYX.isEmpty()) throw new IllegalArgumentException("No training stacks given");
		this.shapes = shapesZYX;
		this.stats = stats;
		this.patchXYZ = new int[] { patchZYX[2], patchZYX[1], patchZYX[0] };
		this.foregroundFraction = foregroundFraction;
		this.cumulativeSize = new double[shapesZYX.size()];
		double sum = 0;
		for (int i = 0; i < shapesZYX.size(); i++) {
			sum += stats.get(i).labeled();
			cumulativeSize[i] = sum;
		}
		if (sum == 0) throw new IllegalArgumentException("The label stacks contain no labeled voxels (all are the " +
			"unlabeled value). Annotate some voxels first.");
	}

	/** The next patch position, from a stack chosen in proportion to its labeled voxels. */
	public Patch next(final Random random) {
		final double r = random.nextDouble() * cumulativeSize[cumulativeSize.length - 1];
		int v = 0;
		while (v < cumulativeSize.length - 1 && r >= cumulativeSize[v])
			v++;
		return next(v, random);
	}

	/** The next patch position in stack {@code v}. */
	public Patch next(final int v, final Random random) {
		final long[] zyx = shapes.get(v);
		final long[] size = { zyx[2], zyx[1], zyx[0] };
		final LabelStatistics s = stats.get(v);
		long[] center = null;
		if (random.nextDouble() < foregroundFraction) {
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
		else if (s.ignored() > 0 && s.labeled() > 0) {
			// Sparse annotation: start from a labeled voxel so patches are not wasted on unlabeled regions.
			final int classes = s.classesSeen();
			int k;
			do
				k = random.nextInt(Math.max(1, classes));
			while (s.count(k) == 0);
			center = s.randomPosition(k, random);
		}
		final long[] origin = new long[3];
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
