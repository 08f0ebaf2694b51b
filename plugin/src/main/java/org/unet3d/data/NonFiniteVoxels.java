package org.unet3d.data;

import java.util.concurrent.CancellationException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.blocks.PrimitiveBlocks;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.unet3d.progress.Progress;

/**
 * Finds the first voxel that is not a finite number (NaN, +Inf or -Inf) in a float volume, the
 * check that runs before any work on a float image: one NaN poisons every tile of a prediction
 * and every statistic of a normalization. NaN is a common Zarr fill value, so unwritten chunks of
 * a float OME-Zarr image are NaN too. "First" is in the order x fastest, then y, z and channel.
 * The volume is read block by block; for a chunked image give the chunk size as the block so that
 * each chunk is read once.
 */
public final class NonFiniteVoxels {

	/** Voxels per block when the caller gives no block size (whole rows and planes, about 16 MB of floats). */
	private static final long DEFAULT_BLOCK_VOXELS = 4L << 20;

	private NonFiniteVoxels() {}

	/** A non-finite voxel: its position (x, y, z, channel) and value. */
	public static final class Found {

		private final long[] xyzc;
		private final double value;

		Found(final long[] xyzc, final double value) {
			this.xyzc = xyzc;
			this.value = value;
		}

		/** Position as x, y, z, c. */
		public long[] position() {
			return xyzc.clone();
		}

		/** NaN, +Infinity or -Infinity. */
		public double value() {
			return value;
		}

		/** E.g. "NaN at x=5, y=6, z=2", with the channel for images with several. */
		public String describe(final boolean withChannel) {
			return (Double.isNaN(value) ? "NaN" : value > 0 ? "+Infinity" : "-Infinity") + " at x=" + xyzc[0] + ", y=" +
				xyzc[1] + ", z=" + xyzc[2] + (withChannel ? ", channel " + (xyzc[3] + 1) : "");
		}

		@Override
		public String toString() {
			return describe(true);
		}
	}

	/** A block size for {@link #first} that reads whole planes (or rows, for very wide images). */
	public static int[] defaultBlock(final Volume<?> volume) {
		final long w = volume.width();
		final long h = volume.height();
		final int bx = (int) Math.min(w, DEFAULT_BLOCK_VOXELS);
		final int by = (int) Math.max(1, Math.min(h, DEFAULT_BLOCK_VOXELS / bx));
		return new int[] { bx, by, 1 };
	}

	/**
	 * The first non-finite voxel of a volume, or null if all are finite (always null for integer
	 * voxels).
	 *
	 * @param blockXYZ how much to read at once (e.g. the chunk size of a Zarr image, or
	 *          {@link #defaultBlock})
	 * @throws CancellationException if the user canceled
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static Found first(final Volume<?> volume, final int[] blockXYZ, final Progress progress) {
		final Object type = volume.type();
		if (!(type instanceof FloatType) && !(type instanceof DoubleType)) return null;
		final RandomAccessibleInterval xyzc = volume.pixels();
		final boolean isFloat = type instanceof FloatType;
		final PrimitiveBlocks<?> blocks = PrimitiveBlocks.of(Views.zeroMin(xyzc), PrimitiveBlocks.OnFallback.ACCEPT);
		final long[] dims = xyzc.dimensionsAsLongArray();
		final int[] b = new int[3];
		for (int d = 0; d < 3; d++)
			b[d] = (int) Math.max(1, Math.min(blockXYZ[d], dims[d]));
		if ((long) b[0] * b[1] * b[2] > Integer.MAX_VALUE / 8) throw new IllegalArgumentException("Block " + b[0] +
			" x " + b[1] + " x " + b[2] + " is too large to check at once");
		final Object buffer = isFloat ? new float[b[0] * b[1] * b[2]] : new double[b[0] * b[1] * b[2]];
		final long slabs = (dims[2] + b[2] - 1) / b[2];
		final long total = slabs * dims[3];
		long done = 0;
		for (long c = 0; c < dims[3]; c++)
			for (long z0 = 0; z0 < dims[2]; z0 += b[2]) {
				if (progress.isCanceled()) throw new CancellationException("Check for NaN voxels canceled");
				Found best = null;
				for (long y0 = 0; y0 < dims[1]; y0 += b[1])
					for (long x0 = 0; x0 < dims[0]; x0 += b[0]) {
						final int[] size = { (int) Math.min(b[0], dims[0] - x0), (int) Math.min(b[1], dims[1] - y0), (int) Math
							.min(b[2], dims[2] - z0), 1 };
						blocks.copy(new long[] { x0, y0, z0, c }, buffer, size);
						final Found f = firstInBlock(buffer, isFloat, size, new long[] { x0, y0, z0, c });
						if (f != null && (best == null || before(f.xyzc, best.xyzc))) best = f;
					}
				progress.progress(++done, total);
				if (best != null) return best;
			}
		return null;
	}

	private static Found firstInBlock(final Object buffer, final boolean isFloat, final int[] size, final long[] min) {
		final int n = size[0] * size[1] * size[2];
		int i = -1;
		double v = 0;
		if (isFloat) {
			final float[] a = (float[]) buffer;
			for (int j = 0; j < n; j++)
				if (!Float.isFinite(a[j])) {
					i = j;
					v = a[j];
					break;
				}
		}
		else {
			final double[] a = (double[]) buffer;
			for (int j = 0; j < n; j++)
				if (!Double.isFinite(a[j])) {
					i = j;
					v = a[j];
					break;
				}
		}
		if (i < 0) return null;
		final long x = min[0] + i % size[0];
		final long y = min[1] + i / size[0] % size[1];
		final long z = min[2] + i / (size[0] * size[1]);
		return new Found(new long[] { x, y, z, min[3] }, v);
	}

	/** True if position a comes before b with x fastest (compares channel, z, y, x in turn). */
	private static boolean before(final long[] a, final long[] b) {
		for (int d = 3; d >= 0; d--)
			if (a[d] != b[d]) return a[d] < b[d];
		return false;
	}
}
