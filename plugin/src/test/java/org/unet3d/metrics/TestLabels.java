package org.unet3d.metrics;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** Small synthetic label images for the metrics tests. */
final class TestLabels {

	private TestLabels() {}

	/** An 8-bit image from values in X-fastest order. */
	static ArrayImg<UnsignedByteType, ByteArray> bytes(final long sx, final long sy, final long sz, final int... v) {
		if (v.length != sx * sy * sz) throw new IllegalArgumentException(v.length + " values for " + sx * sy * sz);
		final byte[] b = new byte[v.length];
		for (int i = 0; i < v.length; i++)
			b[i] = (byte) v[i];
		return ArrayImgs.unsignedBytes(b, sx, sy, sz);
	}

	/** A 32-bit integer image from values in X-fastest order. */
	static ArrayImg<IntType, IntArray> ints(final long sx, final long sy, final long sz, final int... v) {
		if (v.length != sx * sy * sz) throw new IllegalArgumentException(v.length + " values for " + sx * sy * sz);
		return ArrayImgs.ints(v.clone(), sx, sy, sz);
	}

	/** Sets every voxel of the box [min, max) to {@code value}. */
	static <T extends RealType<T>> void fillBox(final RandomAccessibleInterval<T> image, final long[] min,
		final long[] max, final double value)
	{
		final RandomAccess<T> ra = image.randomAccess();
		for (long z = min[2]; z < max[2]; z++)
			for (long y = min[1]; y < max[1]; y++)
				for (long x = min[0]; x < max[0]; x++) {
					ra.setPosition(new long[] { x, y, z });
					ra.get().setReal(value);
				}
	}

	/** The values of an image in X-fastest order. */
	static <T extends RealType<T>> int[] values(final Img<T> image) {
		final int[] v = new int[(int) image.size()];
		final Cursor<T> c = image.localizingCursor();
		final long[] dims = image.dimensionsAsLongArray();
		while (c.hasNext()) {
			c.fwd();
			v[(int) (c.getLongPosition(0) + dims[0] * (c.getLongPosition(1) + dims[1] * c.getLongPosition(2)))] = (int) c
				.get().getRealDouble();
		}
		return v;
	}
}
