package org.unet3d.inference;

/**
 * Turns class probabilities into class ids: the most probable class per voxel (the lowest id
 * wins ties).
 */
public final class LabelMaker {

	private LabelMaker() {}

	/** The most probable class of voxel {@code i}. */
	public static int argmax(final float[][] probabilities, final int i) {
		int best = 0;
		float bestP = probabilities[0][i];
		for (int k = 1; k < probabilities.length; k++) {
			final float p = probabilities[k][i];
			if (p > bestP) {
				bestP = p;
				best = k;
			}
		}
		return best;
	}

	/** Labels of a slice into an 8-bit array (up to 256 classes). */
	public static void toBytes(final float[][] probabilities, final byte[] out) {
		for (int i = 0; i < out.length; i++)
			out[i] = (byte) argmax(probabilities, i);
	}

	/** Labels of a slice into a 16-bit array (up to 65536 classes). */
	public static void toShorts(final float[][] probabilities, final short[] out) {
		for (int i = 0; i < out.length; i++)
			out[i] = (short) argmax(probabilities, i);
	}
}
