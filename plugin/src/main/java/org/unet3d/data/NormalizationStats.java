package org.unet3d.data;

import java.util.Arrays;

/**
 * Per-channel intensity mapping {@code (v - low) / (high - low)}, so that the low percentile of a
 * stack becomes 0 and the high percentile 1. Computed once for a whole stack (never per tile, which
 * would make seams) by {@link PercentileNormalization}.
 */
public final class NormalizationStats {

	private final double[] low;
	private final double[] high;

	public NormalizationStats(final double[] low, final double[] high) {
		if (low.length != high.length || low.length == 0) throw new IllegalArgumentException(
			"Need one low and one high value per channel");
		this.low = low.clone();
		this.high = high.clone();
	}

	public int channels() {
		return low.length;
	}

	public double low(final int c) {
		return low[c];
	}

	public double high(final int c) {
		return high[c];
	}

	/** Normalizes {@code n} values of channel {@code c} in place, starting at {@code offset}. */
	public void apply(final int c, final float[] values, final int offset, final int n) {
		final double range = high[c] - low[c];
		final float scale = (float) (range > 0 ? 1.0 / range : 1.0);
		final float shift = (float) low[c];
		for (int i = offset; i < offset + n; i++)
			values[i] = (values[i] - shift) * scale;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof NormalizationStats && Arrays.equals(low, ((NormalizationStats) o).low) && Arrays.equals(
			high, ((NormalizationStats) o).high);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
	}

	@Override
	public String toString() {
		final StringBuilder s = new StringBuilder();
		for (int c = 0; c < low.length; c++)
			s.append(c == 0 ? "" : "; ").append("channel ").append(c).append(": ").append(low[c]).append(" .. ").append(
				high[c]);
		return s.toString();
	}
}
