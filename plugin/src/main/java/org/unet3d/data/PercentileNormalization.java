package org.unet3d.data;

import java.util.Arrays;
import java.util.Random;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * Percentile normalization (e.g. 1 % to 99.8 %), the recipe stored in a model so that
 * segmentation normalizes exactly as training did. Percentiles are exact for 8- and 16-bit stacks
 * (a histogram over every voxel) and estimated from a large uniform sample for 32-bit stacks.
 */
public final class PercentileNormalization {

	/** Most voxels looked at per channel for 32-bit stacks. */
	static final int FLOAT_SAMPLE = 4_000_000;

	private final double lowPercentile;
	private final double highPercentile;

	public PercentileNormalization(final double lowPercentile, final double highPercentile) {
		if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100))
			throw new IllegalArgumentException("Need 0 <= low < high <= 100 percentiles, got " + lowPercentile + ", " +
				highPercentile);
		this.lowPercentile = lowPercentile;
		this.highPercentile = highPercentile;
	}

	/** The default: 1 % and 99.8 %. */
	public static PercentileNormalization standard() {
		return new PercentileNormalization(1, 99.8);
	}

	public double lowPercentile() {
		return lowPercentile;
	}

	public double highPercentile() {
		return highPercentile;
	}

	/** Computes the per-channel low/high intensities of a whole stack. */
	public <T extends RealType<T> & NativeType<T>> NormalizationStats compute(final Volume<T> volume) {
		final int nc = volume.channels();
		final double[] lo = new double[nc];
		final double[] hi = new double[nc];
		for (int c = 0; c < nc; c++) {
			final double[] p = percentiles(volume.channel(c), lowPercentile, highPercentile);
			lo[c] = p[0];
			hi[c] = p[1];
			if (hi[c] <= lo[c]) hi[c] = lo[c] + 1; // constant image: map to 0, avoid dividing by zero
		}
		return new NormalizationStats(lo, hi);
	}

	/** The two percentiles of one channel (XYZ). */
	static <T extends RealType<T>> double[] percentiles(final RandomAccessibleInterval<T> channel, final double pLow,
		final double pHigh)
	{
		final T type = channel.getType();
		if (type instanceof UnsignedByteType || type instanceof UnsignedShortType) {
			final long[] hist = new long[type instanceof UnsignedByteType ? 256 : 65536];
			final Cursor<T> cur = Views.flatIterable(channel).cursor();
			long n = 0;
			while (cur.hasNext()) {
				hist[(int) cur.next().getRealDouble()]++;
				n++;
			}
			return new double[] { fromHistogram(hist, n, pLow), fromHistogram(hist, n, pHigh) };
		}
		final long total = Views.iterable(channel).size();
		final float[] sample;
		if (total <= FLOAT_SAMPLE) {
			sample = new float[(int) total];
			int i = 0;
			for (final T t : Views.flatIterable(channel))
				sample[i++] = t.getRealFloat();
		}
		else {
			sample = new float[FLOAT_SAMPLE];
			final net.imglib2.RandomAccess<T> ra = channel.randomAccess();
			final Random r = new Random(0);
			final long[] pos = new long[3];
			// read the random positions in storage order (the same sample), so that a stack read from disk
			// slice by slice (a virtual stack) is read once rather than once per sample
			final long nx = channel.dimension(0), ny = channel.dimension(1);
			final long[] linear = new long[sample.length];
			for (int i = 0; i < sample.length; i++) {
				for (int d = 0; d < 3; d++)
					pos[d] = (long) (r.nextDouble() * channel.dimension(d));
				linear[i] = pos[0] + nx * (pos[1] + ny * pos[2]);
			}
			Arrays.sort(linear);
			for (int i = 0; i < sample.length; i++) {
				pos[0] = channel.min(0) + linear[i] % nx;
				pos[1] = channel.min(1) + linear[i] / nx % ny;
				pos[2] = channel.min(2) + linear[i] / (nx * ny);
				sample[i] = ra.setPositionAndGet(pos).getRealFloat();
			}
		}
		Arrays.sort(sample);
		return new double[] { fromSorted(sample, pLow), fromSorted(sample, pHigh) };
	}

	private static double fromHistogram(final long[] hist, final long n, final double p) {
		final double rank = p / 100.0 * (n - 1);
		final long lo = (long) Math.floor(rank);
		final double frac = rank - lo;
		final double a = valueAtRank(hist, lo);
		final double b = frac > 0 ? valueAtRank(hist, lo + 1) : a;
		return a + frac * (b - a);
	}

	private static double valueAtRank(final long[] hist, final long rank) {
		long seen = 0;
		for (int v = 0; v < hist.length; v++) {
			seen += hist[v];
			if (seen > rank) return v;
		}
		return hist.length - 1;
	}

	private static double fromSorted(final float[] s, final double p) {
		final double rank = p / 100.0 * (s.length - 1);
		final int lo = (int) Math.floor(rank);
		final int hi = Math.min(s.length - 1, lo + 1);
		return s[lo] + (rank - lo) * (s[hi] - s[lo]);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof PercentileNormalization && lowPercentile == ((PercentileNormalization) o).lowPercentile &&
			highPercentile == ((PercentileNormalization) o).highPercentile;
	}

	@Override
	public int hashCode() {
		return Double.hashCode(lowPercentile) * 31 + Double.hashCode(highPercentile);
	}

	@Override
	public String toString() {
		return "percentiles " + lowPercentile + " - " + highPercentile;
	}
}
