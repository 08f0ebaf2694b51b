package org.unet3d.data;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

/**
 * A stack as the network sees it: normalized (and, if the model says so, CLAHE-enhanced), read
 * block by block as floats, mirrored beyond the borders. Without CLAHE nothing is copied: raw
 * blocks are read and normalized on the fly. With CLAHE the enhanced stack is computed once and
 * held as 32-bit slices. Made by {@link Preprocessing#prepare}; training and segmentation read
 * through the same object, so they see identical values. Not thread-safe; use
 * {@link #copyForThread()}.
 */
public final class PreprocessedStack {

	private final RandomAccessibleInterval<?>[] channels; // XYZ, starting at 0
	private final BlockReader[] readers;
	private final NormalizationStats stats; // null when the channels hold final values

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private PreprocessedStack(final RandomAccessibleInterval<?>[] channels, final NormalizationStats stats) {
		this.channels = channels;
		this.stats = stats;
		readers = new BlockReader[channels.length];
		for (int c = 0; c < channels.length; c++)
			readers[c] = BlockReader.of((RandomAccessibleInterval) channels[c]);
	}

	private PreprocessedStack(final PreprocessedStack p, final BlockReader[] readers) {
		this.channels = p.channels;
		this.stats = p.stats;
		this.readers = readers;
	}

	/** Raw blocks normalized on the fly. */
	static PreprocessedStack normalizedOnTheFly(final Volume<?> image, final NormalizationStats stats) {
		final RandomAccessibleInterval<?>[] ch = new RandomAccessibleInterval<?>[image.channels()];
		for (int c = 0; c < ch.length; c++)
			ch[c] = image.channel(c);
		return new PreprocessedStack(ch, stats);
	}

	/** Blocks of already computed float slices, one list of z-slices per channel. */
	static PreprocessedStack ofSlices(final List<float[][]> channels, final long width, final long height) {
		final RandomAccessibleInterval<?>[] r = new RandomAccessibleInterval<?>[channels.size()];
		for (int c = 0; c < r.length; c++) {
			final float[][] slices = channels.get(c);
			final List<FloatArray> planes = new ArrayList<>(slices.length);
			for (final float[] s : slices)
				planes.add(new FloatArray(s));
			final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, new long[] { width, height,
				slices.length }, new Fraction());
			img.setLinkedType(new FloatType(img));
			r[c] = img;
		}
		return new PreprocessedStack(r, null);
	}

	public int channels() {
		return readers.length;
	}

	/** Shape z, y, x. */
	public long[] shapeZYX() {
		return new long[] { channels[0].dimension(2), channels[0].dimension(1), channels[0].dimension(0) };
	}

	/**
	 * The box from {@code fromZYX} (inclusive) to {@code toZYX} (exclusive) as a stack of its own (a
	 * view), mirrored at its own borders, so nothing beyond it is ever read.
	 */
	public PreprocessedStack box(final long[] fromZYX, final long[] toZYX) {
		final long[] s = shapeZYX();
		for (int a = 0; a < 3; a++)
			if (fromZYX[a] < 0 || toZYX[a] > s[a] || fromZYX[a] >= toZYX[a]) throw new IllegalArgumentException(
				"zyx".charAt(a) + " " + fromZYX[a] + ".." + (toZYX[a] - 1) + " is not inside 0.." + (s[a] - 1));
		final RandomAccessibleInterval<?>[] part = new RandomAccessibleInterval<?>[channels.length];
		for (int c = 0; c < part.length; c++)
			part[c] = Views.zeroMin(Views.interval(channels[c], new long[] { fromZYX[2], fromZYX[1], fromZYX[0] },
				new long[] { toZYX[2] - 1, toZYX[1] - 1, toZYX[0] - 1 }));
		return new PreprocessedStack(part, stats);
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
		return new PreprocessedStack(this, r);
	}
}
