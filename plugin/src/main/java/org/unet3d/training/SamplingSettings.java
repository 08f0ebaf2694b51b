package org.unet3d.training;

import java.util.Arrays;
import java.util.List;

import org.unet3d.data.Augmentation;

/** Which patches the network learns from, how many per step and how many steps per epoch. */
public final class SamplingSettings {

	// named after the keys of the training JSON in model files; set only by TrainingConfig.Builder
	int[] patchSize;
	int batchSize = 2;
	int stepsPerEpoch = 0;
	double foregroundFraction = 0.5;
	Augmentation augmentation = Augmentation.standard();

	SamplingSettings() {}

	/** Patch size z, y, x, or null to choose it from the stack's shape and voxel size. A copy. */
	public int[] patchSize() {
		return patchSize == null ? null : patchSize.clone();
	}

	/** Patches per step. */
	public int batchSize() {
		return batchSize;
	}

	/** Steps per epoch, 0 = automatic (about four passes over the data per epoch, 25..250 steps). */
	public int stepsPerEpoch() {
		return stepsPerEpoch;
	}

	/**
	 * The steps of an epoch: {@link #stepsPerEpoch()}, or if that is 0 about four passes over the
	 * training voxels (25..250 steps).
	 *
	 * @param shapesZYX the training parts' shapes
	 * @param patchZYX the patch size
	 */
	public int stepsPerEpoch(final List<long[]> shapesZYX, final int[] patchZYX) {
		if (stepsPerEpoch > 0) return stepsPerEpoch;
		long voxels = 0;
		for (final long[] s : shapesZYX)
			voxels += s[0] * s[1] * s[2];
		final long passes = 4 * voxels / ((long) patchZYX[0] * patchZYX[1] * patchZYX[2] * batchSize);
		return (int) Math.max(25, Math.min(250, passes));
	}

	/** Share of patches centered on a non-background class. */
	public double foregroundFraction() {
		return foregroundFraction;
	}

	public Augmentation augmentation() {
		return augmentation;
	}

	void check() {
		if (batchSize < 1) throw new IllegalArgumentException("Batch size must be at least 1, got " + batchSize);
		if (stepsPerEpoch < 0) throw new IllegalArgumentException("Steps per epoch must be >= 0 (0 = automatic)");
		if (!(foregroundFraction >= 0 && foregroundFraction <= 1)) throw new IllegalArgumentException(
			"Foreground share must be in [0, 1], got " + foregroundFraction);
		if (patchSize != null) {
			if (patchSize.length != 3) throw new IllegalArgumentException("Patch size needs three numbers z,y,x, " +
				"e.g. 16,128,128; got " + Arrays.toString(patchSize));
			for (final int p : patchSize)
				if (p < 1) throw new IllegalArgumentException("Patch sizes must be positive, got " + Arrays.toString(
					patchSize));
		}
		if (augmentation == null) throw new IllegalArgumentException("Augmentation must be set");
	}
}
