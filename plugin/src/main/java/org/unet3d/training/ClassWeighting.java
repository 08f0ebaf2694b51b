package org.unet3d.training;

import java.util.Locale;

/**
 * How the cross-entropy weights of the classes are chosen when none are given: all equal, or
 * inversely proportional to how often each class occurs in the labeled voxels (so rare classes
 * count as much as common ones).
 */
public enum ClassWeighting {

	/** Every class weight 1. */
	EQUAL,
	/**
	 * Weight {@code 1 / (K * f_k)} for a class labeling a fraction {@code f_k} of the voxels (1 for
	 * every class when all are equally frequent), capped at {@link #MAX_WEIGHT}.
	 */
	INVERSE_FREQUENCY;

	/** Largest automatic weight, so a class of a few voxels cannot dominate the loss. */
	public static final double MAX_WEIGHT = 50;

	/**
	 * The weights for classes with the given voxel counts.
	 *
	 * @return null for {@link #EQUAL} (the loss's default)
	 */
	public double[] weights(final long[] counts) {
		if (this == EQUAL) return null;
		long total = 0;
		int present = 0;
		for (final long c : counts) {
			total += c;
			if (c > 0) present++;
		}
		final double[] w = new double[counts.length];
		for (int k = 0; k < counts.length; k++)
			w[k] = counts[k] == 0 ? 1 : Math.min(MAX_WEIGHT, total / ((double) present * counts[k]));
		return w;
	}

	/** "equal" or "auto"/"inverse-frequency" (case-insensitive). */
	public static ClassWeighting parse(final String text) {
		final String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
		if (t.isEmpty() || t.equals("equal") || t.equals("none")) return EQUAL;
		if (t.equals("auto") || t.equals("inverse_frequency")) return INVERSE_FREQUENCY;
		throw new IllegalArgumentException("Unknown class weighting \"" + text + "\". Use equal, auto (inverse " +
			"frequency) or a list of numbers, one per class.");
	}
}
