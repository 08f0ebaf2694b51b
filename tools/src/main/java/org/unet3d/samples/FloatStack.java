package org.unet3d.samples;

import java.util.Arrays;

/**
 * A float volume stored as one array per z-slice (index {@code x + y * sizeX}), with the few
 * operations the generators need: separable Gaussian blur with mirrored borders, white and smooth
 * Gaussian noise, and quantization to 8 bits. All arithmetic is plain float/double Java, so the
 * results are identical on every JVM.
 */
final class FloatStack {

	final int sx;
	final int sy;
	final int sz;
	final float[][] planes;

	FloatStack(final int sx, final int sy, final int sz) {
		this.sx = sx;
		this.sy = sy;
		this.sz = sz;
		this.planes = new float[sz][sx * sy];
	}

	/** White Gaussian noise, mean 0, standard deviation 1. */
	static FloatStack whiteNoise(final int sx, final int sy, final int sz, final SeededRandom random) {
		final FloatStack f = new FloatStack(sx, sy, sz);
		for (final float[] p : f.planes)
			for (int i = 0; i < p.length; i++)
				p[i] = (float) random.gaussian();
		return f;
	}

	/**
	 * Smooth random texture: white noise blurred with the given sigmas (voxels), scaled back to a
	 * standard deviation of about 1.
	 */
	static FloatStack smoothNoise(final int sx, final int sy, final int sz, final double sigmaXY,
		final double sigmaZ, final SeededRandom random)
	{
		final FloatStack f = whiteNoise(sx, sy, sz, random);
		f.blur(sigmaXY, sigmaXY, sigmaZ);
		final double gain = 1 / (kernelNorm(sigmaXY, sx) * kernelNorm(sigmaXY, sy) * kernelNorm(sigmaZ, sz));
		f.scale((float) gain);
		return f;
	}

	/** Multiplies every value by {@code factor}. */
	void scale(final float factor) {
		for (final float[] p : planes)
			for (int i = 0; i < p.length; i++)
				p[i] *= factor;
	}

	/** A copy of this volume. */
	FloatStack copy() {
		final FloatStack c = new FloatStack(sx, sy, sz);
		for (int z = 0; z < sz; z++)
			System.arraycopy(planes[z], 0, c.planes[z], 0, planes[z].length);
		return c;
	}

	/** Gaussian blur in place, separable, mirrored borders; a sigma of 0 leaves that axis alone. */
	FloatStack blur(final double sigmaX, final double sigmaY, final double sigmaZ) {
		if (sigmaX > 0 && sx > 1) blurX(kernel(sigmaX));
		if (sigmaY > 0 && sy > 1) blurY(kernel(sigmaY));
		if (sigmaZ > 0 && sz > 1) blurZ(kernel(sigmaZ));
		return this;
	}

	private void blurX(final float[] w) {
		final int r = w.length / 2;
		final float[] padded = new float[sx + 2 * r];
		for (final float[] p : planes)
			for (int y = 0; y < sy; y++) {
				final int row = y * sx;
				for (int i = 0; i < padded.length; i++)
					padded[i] = p[row + mirror(i - r, sx)];
				for (int x = 0; x < sx; x++) {
					float s = 0;
					for (int k = 0; k < w.length; k++)
						s += w[k] * padded[x + k];
					p[row + x] = s;
				}
			}
	}

	private void blurY(final float[] w) {
		final int r = w.length / 2;
		final float[] src = new float[sx * sy];
		for (final float[] p : planes) {
			System.arraycopy(p, 0, src, 0, src.length);
			for (int y = 0; y < sy; y++) {
				final int out = y * sx;
				Arrays.fill(p, out, out + sx, 0f);
				for (int k = 0; k < w.length; k++) {
					final int in = mirror(y + k - r, sy) * sx;
					final float wk = w[k];
					for (int x = 0; x < sx; x++)
						p[out + x] += wk * src[in + x];
				}
			}
		}
	}

	private void blurZ(final float[] w) {
		final int r = w.length / 2;
		final float[][] src = new float[sz][];
		for (int z = 0; z < sz; z++)
			src[z] = planes[z].clone();
		for (int z = 0; z < sz; z++) {
			final float[] p = planes[z];
			Arrays.fill(p, 0f);
			for (int k = 0; k < w.length; k++) {
				final float[] in = src[mirror(z + k - r, sz)];
				final float wk = w[k];
				for (int i = 0; i < p.length; i++)
					p[i] += wk * in[i];
			}
		}
	}

	/** Normalized Gaussian kernel of radius ceil(3 sigma), at least 1. */
	static float[] kernel(final double sigma) {
		final int r = Math.max(1, (int) Math.ceil(3 * sigma));
		final double[] d = new double[2 * r + 1];
		double sum = 0;
		for (int k = -r; k <= r; k++) {
			d[k + r] = StrictMath.exp(-0.5 * k * k / (sigma * sigma));
			sum += d[k + r];
		}
		final float[] w = new float[d.length];
		for (int k = 0; k < d.length; k++)
			w[k] = (float) (d[k] / sum);
		return w;
	}

	/** Standard deviation of blurred unit white noise along one axis: sqrt of the sum of squared weights. */
	private static double kernelNorm(final double sigma, final int size) {
		if (!(sigma > 0) || size < 2) return 1;
		double s = 0;
		for (final float w : kernel(sigma))
			s += (double) w * w;
		return StrictMath.sqrt(s);
	}

	/** Mirrors an index into [0, n) without repeating the edge voxel (-1 becomes 1). */
	static int mirror(final int i, final int n) {
		if (n == 1) return 0;
		final int period = 2 * n - 2;
		final int m = Math.floorMod(i, period);
		return m < n ? m : period - m;
	}

	/**
	 * Maps {@code low..high} linearly to 0..255, rounding to the nearest and clamping, one byte
	 * array per slice.
	 */
	byte[][] toUnsignedBytes(final double low, final double high) {
		final double f = 255 / (high - low);
		final byte[][] out = new byte[sz][sx * sy];
		for (int z = 0; z < sz; z++) {
			final float[] p = planes[z];
			final byte[] o = out[z];
			for (int i = 0; i < p.length; i++) {
				final double v = Math.floor((p[i] - low) * f + 0.5);
				o[i] = (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) v);
			}
		}
		return out;
	}
}
