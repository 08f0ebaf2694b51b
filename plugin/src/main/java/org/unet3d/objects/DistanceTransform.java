package org.unet3d.objects;

import java.util.concurrent.CancellationException;

import org.unet3d.progress.Progress;

/**
 * The exact Euclidean distance transform with the stack's voxel size: for every voxel of a mask,
 * the physical distance (in the calibration's unit) from its centre to the centre of the nearest
 * voxel outside the mask; 0 outside the mask. Nuclei are split where this distance has separate
 * maxima (see {@link ObjectSeeds}).
 * <p>
 * Separable, one axis after the other (x, y, z), each a lower envelope of parabolas per line
 * (Felzenszwalb and Huttenlocher, "Distance Transforms of Sampled Functions", Theory of Computing
 * 8, 2012): O(voxels) time, one float per voxel plus line buffers. The squared distances between
 * passes are held as floats, so results agree with the direct minimum over all voxel pairs up to
 * float rounding (relative 1e-6).
 * <p>
 * The stack border is not an edge of the mask: the world beyond the border is taken to continue
 * the mask, as objects cut by the border continue there. A mask with no voxel outside it has
 * infinite distances everywhere.
 */
public final class DistanceTransform {

	/** Lines processed together in the y and z passes, so that reads and writes stay in cache. */
	private static final int CHUNK = 32;

	private DistanceTransform() {}

	/**
	 * The distance of every mask voxel to the nearest voxel outside the mask, in calibrated units.
	 *
	 * @param mask true inside, one value per voxel (X fastest)
	 * @throws CancellationException if the user canceled
	 */
	public static float[] distances(final boolean[] mask, final StackShape shape, final Progress progress) {
		shape.check(mask.length, "mask");
		final float[] d = squaredDistances(mask, shape, progress);
		for (int i = 0; i < d.length; i++)
			d[i] = (float) Math.sqrt(d[i]);
		return d;
	}

	/** The squared distances, as {@link #distances} before the square root. */
	static float[] squaredDistances(final boolean[] mask, final StackShape shape, final Progress progress) {
		final int sx = shape.width();
		final int sy = shape.height();
		final int sz = shape.depth();
		final int plane = shape.plane();
		final float[] out = new float[mask.length];
		for (int i = 0; i < mask.length; i++)
			out[i] = mask[i] ? Float.POSITIVE_INFINITY : 0f;
		final long total = 3L * sz;
		final Envelope x = new Envelope(sx, shape.voxelSize().x());
		for (int z = 0; z < sz; z++) {
			step(progress, z, total);
			for (int y = 0; y < sy; y++) {
				final int start = z * plane + y * sx;
				for (int i = 0; i < sx; i++)
					x.f[i] = out[start + i];
				x.run();
				for (int i = 0; i < sx; i++)
					out[start + i] = (float) x.d[i];
			}
		}
		// y pass: CHUNK neighbouring x-columns at a time
		final Envelope[] ys = envelopes(Math.min(CHUNK, sx), sy, shape.voxelSize().y());
		for (int z = 0; z < sz; z++) {
			step(progress, sz + z, total);
			for (int x0 = 0; x0 < sx; x0 += CHUNK) {
				final int n = Math.min(CHUNK, sx - x0);
				for (int y = 0; y < sy; y++) {
					final int row = z * plane + y * sx + x0;
					for (int c = 0; c < n; c++)
						ys[c].f[y] = out[row + c];
				}
				for (int c = 0; c < n; c++)
					ys[c].run();
				for (int y = 0; y < sy; y++) {
					final int row = z * plane + y * sx + x0;
					for (int c = 0; c < n; c++)
						out[row + c] = (float) ys[c].d[y];
				}
			}
		}
		// z pass: CHUNK neighbouring x-columns of one row at a time
		final Envelope[] zs = envelopes(Math.min(CHUNK, sx), sz, shape.voxelSize().z());
		for (int y = 0; y < sy; y++) {
			step(progress, 2L * sz + (long) y * sz / sy, total);
			for (int x0 = 0; x0 < sx; x0 += CHUNK) {
				final int n = Math.min(CHUNK, sx - x0);
				for (int z = 0; z < sz; z++) {
					final int row = z * plane + y * sx + x0;
					for (int c = 0; c < n; c++)
						zs[c].f[z] = out[row + c];
				}
				for (int c = 0; c < n; c++)
					zs[c].run();
				for (int z = 0; z < sz; z++) {
					final int row = z * plane + y * sx + x0;
					for (int c = 0; c < n; c++)
						out[row + c] = (float) zs[c].d[z];
				}
			}
		}
		progress.progress(total, total);
		return out;
	}

	private static Envelope[] envelopes(final int count, final int length, final double spacing) {
		final Envelope[] e = new Envelope[count];
		for (int c = 0; c < count; c++)
			e[c] = new Envelope(length, spacing);
		return e;
	}

	private static void step(final Progress progress, final long done, final long total) {
		if (progress.isCanceled()) throw new CancellationException("Distance transform canceled");
		progress.progress(done, total);
	}

	/**
	 * One line: d[p] = min over q of f[q] + (w (p - q))^2, the lower envelope of the parabolas rooted
	 * at the finite f[q]; infinite f[q] are no sites.
	 */
	private static final class Envelope {

		final double[] f;
		final double[] d;
		private final double w2;
		private final int[] v;
		private final double[] zs;

		Envelope(final int n, final double spacing) {
			f = new double[n];
			d = new double[n];
			w2 = spacing * spacing;
			v = new int[n];
			zs = new double[n + 1];
		}

		void run() {
			final int n = f.length;
			int k = -1;
			for (int q = 0; q < n; q++) {
				if (f[q] == Double.POSITIVE_INFINITY) continue;
				if (k < 0) {
					k = 0;
					v[0] = q;
					zs[0] = Double.NEGATIVE_INFINITY;
					zs[1] = Double.POSITIVE_INFINITY;
					continue;
				}
				double s = intersection(q, v[k]);
				while (s <= zs[k]) {
					k--;
					s = intersection(q, v[k]);
				}
				k++;
				v[k] = q;
				zs[k] = s;
				zs[k + 1] = Double.POSITIVE_INFINITY;
			}
			if (k < 0) {
				java.util.Arrays.fill(d, Double.POSITIVE_INFINITY);
				return;
			}
			k = 0;
			for (int p = 0; p < n; p++) {
				while (zs[k + 1] < p)
					k++;
				final double dp = p - v[k];
				d[p] = w2 * dp * dp + f[v[k]];
			}
		}

		/** Where the parabolas rooted at q and r (r < q) meet. */
		private double intersection(final int q, final int r) {
			return ((f[q] + w2 * q * (double) q) - (f[r] + w2 * r * (double) r)) / (2 * w2 * (q - r));
		}
	}
}
