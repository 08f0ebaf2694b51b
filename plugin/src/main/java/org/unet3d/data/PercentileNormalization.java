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
 * (a histogram over every voxel) and estimated from a large uniform sample for 32-bit stacks. The same
 * statistics can be gathered part by part ({@link IntensitySample}, e.g. on many machines) and merged.
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
		if (isCounted(type)) {
			final long[] hist = new long[histogramBins(type)];
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
			final long[] pos = new long[3];
			// read the random positions in storage order (the same sample), so that a stack read from disk
			// slice by slice (a virtual stack) is read once rather than once per sample
			final long nx = channel.dimension(0), ny = channel.dimension(1);
			final long[] linear = new long[sample.length];
			final int[] i = { 0 };
			drawSample(channel.dimensionsAsLongArray(), p -> linear[i[0]++] = p);
			Arrays.sort(linear);
			for (int j = 0; j < sample.length; j++) {
				pos[0] = channel.min(0) + linear[j] % nx;
				pos[1] = channel.min(1) + linear[j] / nx % ny;
				pos[2] = channel.min(2) + linear[j] / (nx * ny);
				sample[j] = ra.setPositionAndGet(pos).getRealFloat();
			}
		}
		Arrays.sort(sample);
		return fromSample(sample, pLow, pHigh);
	}

	/** True for the pixel types whose percentiles come from a histogram of every voxel (8- and 16-bit unsigned). */
	static boolean isCounted(final Object type) {
		return type instanceof UnsignedByteType || type instanceof UnsignedShortType;
	}

	/** Bins of the histogram of a counted type: one per value. */
	static int histogramBins(final Object type) {
		return type instanceof UnsignedByteType ? 256 : 65536;
	}

	/**
	 * Draws the uniform sample of a channel of more than {@link #FLOAT_SAMPLE} voxels: the linear
	 * positions {@code x + nx * (y + ny * z)} of {@link #FLOAT_SAMPLE} voxels (with repetitions),
	 * always the same for the same dimensions, in the order drawn.
	 */
	static void drawSample(final long[] dimsXYZ, final java.util.function.LongConsumer position) {
		final Random r = new Random(0);
		final long[] pos = new long[3];
		for (int i = 0; i < FLOAT_SAMPLE; i++) {
			for (int d = 0; d < 3; d++)
				pos[d] = (long) (r.nextDouble() * dimsXYZ[d]);
			position.accept(pos[0] + dimsXYZ[0] * (pos[1] + dimsXYZ[1] * pos[2]));
		}
	}

	/** The low and high percentiles of a channel from its complete histogram. */
	double[] fromHistogram(final long[] hist) {
		long n = 0;
		for (final long c : hist)
			n += c;
		return new double[] { fromHistogram(hist, n, lowPercentile), fromHistogram(hist, n, highPercentile) };
	}

	/** The low and high percentiles of a channel from its sample, sorted. */
	double[] fromSortedSample(final float[] sorted) {
		return fromSample(sorted, lowPercentile, highPercentile);
	}

	private static double[] fromSample(final float[] sorted, final double pLow, final double pHigh) {
		return new double[] { fromSorted(sorted, pLow), fromSorted(sorted, pHigh) };
	}

	/**
	 * The normalization of a whole stack from the {@link IntensitySample}s of its parts, merged: the
	 * same values as {@link #compute} on the whole stack.
	 *
	 * @throws IllegalArgumentException if the sample does not cover the whole stack
	 */
	public NormalizationStats compute(final IntensitySample whole) {
		final int nc = whole.channels();
		final double[] lo = new double[nc];
		final double[] hi = new double[nc];
		for (int c = 0; c < nc; c++) {
			final double[] p = whole.percentiles(this, c);
			lo[c] = p[0];
			hi[c] = p[1];
			if (hi[c] <= lo[c]) hi[c] = lo[c] + 1; // as compute(Volume)
		}
		return new NormalizationStats(lo, hi);
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
