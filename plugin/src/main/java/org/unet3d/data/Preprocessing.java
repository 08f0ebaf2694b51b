package org.unet3d.data;

import java.util.ArrayList;
import java.util.List;

import org.unet3d.progress.Progress;

/**
 * What happens to a stack's intensities before the network sees them, as stored in a model:
 * percentile normalization (statistics over the whole stack, never per tile) and optional
 * {@link Clahe}. Training and segmentation both call {@link #prepare}, so they treat intensities
 * identically.
 */
public final class Preprocessing {

	private final PercentileNormalization normalization;
	private final Clahe clahe;

	private Preprocessing(final PercentileNormalization normalization, final Clahe clahe) {
		if (normalization == null) throw new IllegalArgumentException("Normalization missing");
		this.normalization = normalization;
		this.clahe = clahe == null ? Clahe.OFF : clahe;
	}

	public static Preprocessing of(final PercentileNormalization normalization, final Clahe clahe) {
		return new Preprocessing(normalization, clahe);
	}

	/** Percentile normalization 1 - 99.8 %, no CLAHE. */
	public static Preprocessing standard() {
		return of(PercentileNormalization.standard(), Clahe.OFF);
	}

	public PercentileNormalization normalization() {
		return normalization;
	}

	public Clahe clahe() {
		return clahe;
	}

	/** The per-channel percentiles of a whole stack (one pass over it). */
	public NormalizationStats statistics(final Volume<?> image) {
		return computeStats(image);
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private NormalizationStats computeStats(final Volume image) {
		return normalization.compute(image);
	}

	/**
	 * The stack as the network sees it.
	 *
	 * @param stats normalization statistics: {@link #statistics} of this stack, or the training
	 *          stack's for calibrated data
	 * @throws IllegalArgumentException if the statistics have another channel count than the image
	 */
	public PreprocessedStack prepare(final Volume<?> image, final NormalizationStats stats, final Progress progress) {
		if (stats.channels() != image.channels()) throw new IllegalArgumentException("Normalization has " + stats
			.channels() + " channel(s) but the image has " + image.channels());
		final PreprocessedStack normalized = PreprocessedStack.normalizedOnTheFly(image, stats);
		if (clahe.isOff()) return normalized;
		final long w = image.width();
		final long h = image.height();
		final long d = image.depth();
		if (w * h > Integer.MAX_VALUE / 2 || d > Integer.MAX_VALUE) throw new IllegalArgumentException("Stack too " +
			"large for CLAHE (" + w + " x " + h + " x " + d + ")");
		final Clahe c = clahe.forVoxelSize(image.voxelSize());
		final List<float[][]> channels = new ArrayList<>();
		for (int ch = 0; ch < image.channels(); ch++) {
			progress.status("Contrast enhancement (" + c + "), channel " + (ch + 1) + "/" + image.channels() + "...");
			final float[][] slices = new float[(int) d][(int) (w * h)];
			for (int z = 0; z < d; z++)
				normalized.read(ch, new long[] { 0, 0, z }, new int[] { (int) w, (int) h, 1 }, slices[z], 0);
			c.apply(slices, (int) w, (int) h);
			channels.add(slices);
		}
		return PreprocessedStack.ofSlices(channels, w, h);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Preprocessing && normalization.equals(((Preprocessing) o).normalization) && clahe.equals(
			((Preprocessing) o).clahe);
	}

	@Override
	public int hashCode() {
		return normalization.hashCode() * 31 + clahe.hashCode();
	}

	@Override
	public String toString() {
		return normalization + (clahe.isOff() ? "" : ", " + clahe);
	}
}
