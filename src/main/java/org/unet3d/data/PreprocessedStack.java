package org.unet3d.data;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;

/**
 * A stack as the network sees it: normalized (and, if the model says so, CLAHE-enhanced), read
 * block by block as floats, mirrored beyond the borders. Without CLAHE nothing is copied: raw
 * blocks are read and normalized on the fly. With CLAHE the enhanced stack is computed once and
 * held as 32-bit slices. Made by {@link Preprocessing#prepare}; training and segmentation read
 * through the same object, so they see identical values. Not thread-safe; use
 * {@link #copyForThread()}.
 */
public final class PreprocessedStack {

	private final BlockReader[] readers;
	private final NormalizationStats stats; // null when the readers give final values
	private final long[] shapeZYX;

	private PreprocessedStack(final BlockReader[] readers, final NormalizationStats stats, final long[] shapeZYX) {
		this.readers = readers;
		this.stats = stats;
		this.shapeZYX = shapeZYX;
	}

	/** Raw blocks normalized on the fly. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static PreprocessedStack normalizedOnTheFly(final Volume<?> image, final NormalizationStats stats) {
		final BlockReader[] r = new BlockReader[image.channels()];
		for (int c = 0; c < r.length; c++)
			r[c] = BlockReader.of((RandomAccessibleInterval) image.channel(c));
		return new PreprocessedStack(r, stats, image.shapeZYX());
	}

	/** Blocks of already computed float slices, one list of z-slices per channel. */
	static PreprocessedStack ofSlices(final List<float[][]> channels, final long width, final long height) {
		final BlockReader[] r = new BlockReader[channels.size()];
		long depth = 0;
		for (int c = 0; c < r.length; c++) {
			final float[][] slices = channels.get(c);
			depth = slices.length;
			final List<FloatArray> planes = new ArrayList<>(slices.length);
			for (final float[] s : slices)
				planes.add(new FloatArray(s));
			final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, new long[] { width, height,
				slices.length }, new Fraction());
			img.setLinkedType(new FloatType(img));
			r[c] = BlockReader.of(img);
		}
		return new PreprocessedStack(r, null, new long[] { depth, height, width });
	}

	public int channels() {
		return readers.length;
	}

	/** Shape z, y, x. */
	public long[] shapeZYX() {
		return shapeZYX.clone();
	}

	/**
	 * Copies a box of channel {@code c} into {@code dest[offset ...]}, X fastest
	 * ({@code dest[offset + x + sx * (y + sy * z)]}), mirrored outside the stack.
	 */
	public void read(final int c, final long[] minXYZ, final int[] sizeXYZ, final float[] dest, final int offset) {
		readers[c].readFloat(minXYZ, sizeXYZ, dest, offset);
		if (stats != null) stats.apply(c, dest, offset, sizeXYZ[0] * sizeXYZ[1] * sizeXYZ[2]);
	}

	/** A reader over the same values for another thread. */
	public PreprocessedStack copyForThread() {
		final BlockReader[] r = new BlockReader[readers.length];
		for (int c = 0; c < r.length; c++)
			r[c] = readers[c].copyForThread();
		return new PreprocessedStack(r, stats, shapeZYX);
	}
}
