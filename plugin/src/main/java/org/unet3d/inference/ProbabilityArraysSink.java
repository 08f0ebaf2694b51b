package org.unet3d.inference;

import java.util.Locale;

/**
 * Keeps the class probabilities of a whole stack in memory as one float array per class, X
 * fastest ({@code p[k][x + width * (y + height * z)]}): the form the object makers work on, so
 * objects can be made from the probabilities of the segmentation that just ran, without a file.
 * 4 bytes per voxel and class; the stack must have fewer than 2^31 voxels.
 */
public final class ProbabilityArraysSink implements SliceSink {

	private final float[][] probabilities;
	private final int plane;

	/**
	 * @throws IllegalArgumentException if the stack has 2^31 voxels or more
	 */
	public ProbabilityArraysSink(final long width, final long height, final long depth, final int classes) {
		final long voxels = width * height * depth;
		if (voxels > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(String.format(Locale.ROOT, "The stack " +
			"has %d voxels; the class probabilities of 2^31 voxels or more cannot be kept in memory to make objects. " +
			"Crop the stack, or use objects=components, which works slab by slab from the label file.", voxels));
		plane = (int) (width * height);
		probabilities = new float[classes][(int) voxels];
	}

	@Override
	public void accept(final long z, final float[][] p) {
		for (int k = 0; k < probabilities.length; k++)
			System.arraycopy(p[k], 0, probabilities[k], (int) z * plane, plane);
	}

	/** The probabilities, {@code [class][voxel]} (the arrays themselves). */
	public float[][] probabilities() {
		return probabilities;
	}
}
