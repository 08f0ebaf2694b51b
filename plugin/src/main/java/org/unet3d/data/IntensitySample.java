package org.unet3d.data;

import java.io.Serializable;
import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * What one part (a box) of a stack contributes to the percentile normalization of the whole stack,
 * so that the percentiles can be computed block by block on many machines and merged: per channel
 * a histogram of every voxel of the part for 8- and 16-bit stacks (exact), or for other types the
 * part's share of the fixed uniform sample that {@link PercentileNormalization} draws from the whole
 * stack (all voxels when the stack has at most {@link PercentileNormalization#FLOAT_SAMPLE}). The
 * parts of a stack that do not overlap and together cover it, merged in any order, give exactly
 * the statistics {@link PercentileNormalization#compute(Volume)} computes on the whole stack.
 * Mutable only through {@link #merge}.
 */
public final class IntensitySample implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Per channel: histogram (counted types), else null. */
	private final long[][] histograms;
	/** Per channel: sampled values, unsorted (other types), else null. */
	private final float[][] values;
	/** Voxels of the parts merged so far (per channel). */
	private long voxels;

	private IntensitySample(final long[][] histograms, final float[][] values, final long voxels) {
		this.histograms = histograms;
		this.values = values;
		this.voxels = voxels;
	}

	/**
	 * The sample of the box {@code partXYZ} of a stack.
	 *
	 * @param partXYZ a box inside the stack (x, y, z)
	 */
	public static IntensitySample of(final Volume<?> stack, final Interval partXYZ) {
		for (int d = 0; d < 3; d++)
			if (partXYZ.min(d) < 0 || partXYZ.max(d) >= stack.pixels().dimension(d)) throw new IllegalArgumentException(
				"Part " + Arrays.toString(partXYZ.minAsLongArray()) + " to " + Arrays.toString(partXYZ.maxAsLongArray()) +
					" is not inside the stack " + stack);
		final int nc = stack.channels();
		final Object type = stack.type();
		final long partVoxels = partXYZ.dimension(0) * partXYZ.dimension(1) * partXYZ.dimension(2);
		if (PercentileNormalization.isCounted(type)) {
			final long[][] h = new long[nc][PercentileNormalization.histogramBins(type)];
			for (int c = 0; c < nc; c++)
				count(Views.interval(stack.channel(c), partXYZ), h[c]);
			return new IntensitySample(h, null, partVoxels);
		}
		final float[][] v = new float[nc][];
		final long[] dims = { stack.width(), stack.height(), stack.depth() };
		final boolean all = stack.voxelCount() <= PercentileNormalization.FLOAT_SAMPLE;
		long[] positions = null;
		if (!all) positions = positionsInside(dims, partXYZ);
		for (int c = 0; c < nc; c++)
			v[c] = all ? allValues(Views.interval(stack.channel(c), partXYZ), partVoxels) : valuesAt(stack.channel(c),
				positions, dims);
		return new IntensitySample(null, v, partVoxels);
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void count(final RandomAccessibleInterval part, final long[] hist) {
		final Cursor<RealType> cur = Views.flatIterable((RandomAccessibleInterval<RealType>) part).cursor();
		while (cur.hasNext())
			hist[(int) cur.next().getRealDouble()]++;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static float[] allValues(final RandomAccessibleInterval part, final long n) {
		final float[] v = new float[(int) n];
		int i = 0;
		for (final RealType<?> t : Views.flatIterable((RandomAccessibleInterval<RealType>) part))
			v[i++] = t.getRealFloat();
		return v;
	}

	/** The sample's linear positions that fall inside the part, each as often as it was drawn. */
	private static long[] positionsInside(final long[] dims, final Interval part) {
		final long[] found = new long[16];
		final long[][] buf = { found };
		final int[] n = { 0 };
		PercentileNormalization.drawSample(dims, p -> {
			final long x = p % dims[0], y = p / dims[0] % dims[1], z = p / (dims[0] * dims[1]);
			if (x < part.min(0) || x > part.max(0) || y < part.min(1) || y > part.max(1) || z < part.min(2) || z > part
				.max(2)) return;
			if (n[0] == buf[0].length) buf[0] = Arrays.copyOf(buf[0], 2 * n[0]);
			buf[0][n[0]++] = p;
		});
		final long[] p = Arrays.copyOf(buf[0], n[0]);
		Arrays.sort(p); // storage order: each chunk of a lazily read stack is read once
		return p;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static float[] valuesAt(final RandomAccessibleInterval channel, final long[] linear, final long[] dims) {
		final RandomAccess<RealType> ra = ((RandomAccessibleInterval<RealType>) channel).randomAccess();
		final float[] v = new float[linear.length];
		final long[] pos = new long[3];
		for (int i = 0; i < linear.length; i++) {
			pos[0] = linear[i] % dims[0];
			pos[1] = linear[i] / dims[0] % dims[1];
			pos[2] = linear[i] / (dims[0] * dims[1]);
			v[i] = ra.setPositionAndGet(pos).getRealFloat();
		}
		return v;
	}

	/**
	 * Adds the sample of another part of the same stack to this one (in place) and returns this.
	 *
	 * @throws IllegalArgumentException if the two come from stacks of different types or channels
	 */
	public IntensitySample merge(final IntensitySample other) {
		if ((histograms == null) != (other.histograms == null) || channels() != other.channels())
			throw new IllegalArgumentException("Samples of different stacks cannot be merged");
		for (int c = 0; c < channels(); c++) {
			if (histograms != null) {
				if (histograms[c].length != other.histograms[c].length) throw new IllegalArgumentException(
					"Samples of different stacks cannot be merged (8- and 16-bit histograms)");
				for (int i = 0; i < histograms[c].length; i++)
					histograms[c][i] += other.histograms[c][i];
			}
			else {
				final float[] both = Arrays.copyOf(values[c], values[c].length + other.values[c].length);
				System.arraycopy(other.values[c], 0, both, values[c].length, other.values[c].length);
				values[c] = both;
			}
		}
		voxels += other.voxels;
		return this;
	}

	public int channels() {
		return histograms != null ? histograms.length : values.length;
	}

	/** Voxels (per channel) of the parts merged into this sample. */
	public long voxels() {
		return voxels;
	}

	/** True if the percentiles are exact (a histogram of every voxel), false if estimated from a sample. */
	public boolean exact() {
		return histograms != null;
	}

	/** The two percentiles of channel {@code c}. */
	double[] percentiles(final PercentileNormalization n, final int c) {
		if (histograms != null) return n.fromHistogram(histograms[c]);
		final float[] sorted = values[c].clone();
		if (sorted.length == 0) throw new IllegalArgumentException("The sample is empty");
		Arrays.sort(sorted);
		return n.fromSortedSample(sorted);
	}

	@Override
	public String toString() {
		return (histograms != null ? "histograms" : "samples") + " of " + voxels + " voxels, " + channels() +
			" channel(s)";
	}
}
