package org.unet3d.inference;

import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;

/**
 * Keeps the class probabilities as a 32-bit image with axes X, Y, C (class), Z: the plane order of
 * an ImageJ hyperstack, so it can be shown without copying.
 */
public final class ProbabilityImageSink implements SliceSink {

	private final PlanarImg<?, ?> probabilities;
	private final int classes;

	public ProbabilityImageSink(final long width, final long height, final long depth, final int classes) {
		this.classes = classes;
		probabilities = PlanarImgs.floats(width, height, classes, depth);
	}

	@Override
	public void accept(final long z, final float[][] p) {
		for (int k = 0; k < classes; k++) {
			final float[] plane = ((FloatArray) probabilities.getPlane((int) (z * classes + k))).getCurrentStorageArray();
			System.arraycopy(p[k], 0, plane, 0, plane.length);
		}
	}

	/** Probabilities, axes X, Y, C, Z. */
	public PlanarImg<?, ?> probabilities() {
		return probabilities;
	}
}
