package org.unet3d.metrics;

import java.util.Locale;

import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/** Checks, block sizes and error-message pieces shared by the metrics that read label images. */
final class LabelImages {

	/** Voxels per block read at once (4 MiB per int buffer). */
	static final int BLOCK_VOXELS = 1 << 20;

	private LabelImages() {}

	/** Checks that both images are 3D and have the same size in X, Y and Z. */
	static void checkPair(final Interval truth, final Interval prediction) {
		check3D(truth, "ground truth");
		check3D(prediction, "prediction");
		for (int d = 0; d < 3; d++)
			if (truth.dimension(d) != prediction.dimension(d)) throw new IllegalArgumentException("The ground truth is " +
				shape(truth) + " voxels but the prediction is " + shape(prediction) +
				" (X x Y x Z); they must be the same size. Check that the two images belong together, or crop the " +
				"larger one to the other.");
	}

	private static void check3D(final Interval image, final String name) {
		if (image.numDimensions() != 3) throw new IllegalArgumentException("The " + name + " is a " + image
			.numDimensions() + "D image, but evaluation needs 3D label images (X, Y, Z). Remove channel or time axes, " +
			"or for a single 2D image make a stack of one slice.");
	}

	/** "512 x 512 x 20". */
	static String shape(final Interval image) {
		final StringBuilder s = new StringBuilder();
		for (int d = 0; d < image.numDimensions(); d++)
			s.append(d == 0 ? "" : " x ").append(image.dimension(d));
		return s.toString();
	}

	/**
	 * A block size {x, y, z} of at most {@code maxVoxels} voxels (at least one voxel), whole rows and
	 * slices first, so that blocks are z-slabs whenever a slice fits.
	 */
	static int[] blockSize(final Interval image, final int maxVoxels) {
		final int sx = (int) Math.min(image.dimension(0), maxVoxels);
		final int sy = (int) Math.min(image.dimension(1), Math.max(1, maxVoxels / sx));
		final int sz = (int) Math.min(image.dimension(2), Math.max(1, maxVoxels / ((long) sx * sy)));
		return new int[] { sx, sy, sz };
	}

	/** The position of voxel {@code i} of a block, relative to the image's minimum. */
	static long[] position(final long[] blockMin, final int[] blockSize, final int i) {
		final int plane = blockSize[0] * blockSize[1];
		return new long[] { blockMin[0] + i % blockSize[0], blockMin[1] + i % plane / blockSize[0], blockMin[2] + i /
			plane };
	}

	/** The exact value at a position relative to the image's minimum (for error messages). */
	static <T extends RealType<T>> double valueAt(final RandomAccessibleInterval<T> image, final long[] relative) {
		final RandomAccess<T> ra = image.randomAccess();
		for (int d = 0; d < 3; d++)
			ra.setPosition(image.min(d) + relative[d], d);
		return ra.get().getRealDouble();
	}

	/** "x=3, y=0, z=2" (counted from 0, as in ImgLib2; ImageJ's slice number is z + 1). */
	static String where(final long[] relative) {
		return "x=" + relative[0] + ", y=" + relative[1] + ", z=" + relative[2];
	}

	/** A value as a user would type it: "7", "0.5", "-1". */
	static String format(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return String.format(Locale.ROOT, "%s", v);
	}

	static boolean isWhole(final double v) {
		return v == Math.rint(v) && !Double.isInfinite(v);
	}
}
