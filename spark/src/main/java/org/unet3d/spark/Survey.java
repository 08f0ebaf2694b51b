package org.unet3d.spark;

import java.io.IOException;
import java.io.Serializable;

import net.imglib2.Interval;
import net.imglib2.view.Views;

import org.unet3d.data.IntensitySample;
import org.unet3d.data.Volume;
import org.unet3d.data.NanHandling;
import org.unet3d.data.NonFiniteVoxels;

/**
 * The first pass over the image, block by block: what each block contributes to the percentile
 * normalization of the whole image ({@link IntensitySample}), and, for float images whose NaN or
 * infinite voxels are refused, the first such voxel. Merged on the driver in any order.
 */
final class Survey implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Null when the run normalizes with the model's training range. */
	final IntensitySample sample;
	/** First non-finite voxel x, y, z, c (lowest z, then y, x), or null. */
	long[] nonFinite;
	double nonFiniteValue;

	private Survey(final IntensitySample sample, final long[] nonFinite, final double value) {
		this.sample = sample;
		this.nonFinite = nonFinite;
		this.nonFiniteValue = value;
	}

	/** Surveys one block of the image (x, y, z). */
	static Survey of(final Volume<?> image, final Interval block, final boolean sampleIntensities,
		final String nan)
	{
		long[] bad = null;
		double value = 0;
		if (NanHandling.parse(nan).refuses()) {
			final long[] min = { block.min(0), block.min(1), block.min(2), 0 };
			final long[] max = { block.max(0), block.max(1), block.max(2), image.channels() - 1 };
			final Volume<?> part = Volume.of(Views.zeroMin(Views.interval(image.pixels(), min, max)), image.voxelSize());
			final NonFiniteVoxels.Found f = NonFiniteVoxels.first(part, NonFiniteVoxels.defaultBlock(part),
				org.unet3d.progress.Progress.NONE);
			if (f != null) {
				bad = f.position();
				for (int d = 0; d < 3; d++)
					bad[d] += min[d];
				value = f.value();
			}
		}
		return new Survey(sampleIntensities ? IntensitySample.of(image, block) : null, bad, value);
	}

	/** Both surveys together (this one, changed, is returned). */
	Survey merge(final Survey other) {
		if (sample != null) sample.merge(other.sample);
		if (other.nonFinite != null && (nonFinite == null || before(other.nonFinite, nonFinite))) {
			nonFinite = other.nonFinite;
			nonFiniteValue = other.nonFiniteValue;
		}
		return this;
	}

	/** True if a comes first in z, y, x, then channel order. */
	private static boolean before(final long[] a, final long[] b) {
		for (final int d : new int[] { 2, 1, 0, 3 })
			if (a[d] != b[d]) return a[d] < b[d];
		return false;
	}

	/** The message for a refused non-finite voxel, as the single-machine commands word it. */
	String nonFiniteMessage(final String image, final boolean channels) {
		return "Image \"" + image + "\" has a voxel that is not a number: " + (Double.isNaN(nonFiniteValue) ? "NaN"
			: nonFiniteValue > 0 ? "+Infinity" : "-Infinity") + " at x=" + nonFinite[0] + ", y=" + nonFinite[1] + ", z=" +
			nonFinite[2] + (channels ? ", channel " + (nonFinite[3] + 1) : "") + ". 3D U-Net cannot compute with it. Set " +
			NanHandling.OPTION + "=0 (or another number) to read such voxels as that number, or fix the image.";
	}

	static Survey of(final Job job, final long block) throws IOException {
		return of(ExecutorCache.image(job.runId, job.image, job.level, job.nan), job.grid.block(block), job.sample,
			job.nan);
	}

	/** What the survey tasks need: the image and the blocks. */
	static final class Job implements Serializable {

		private static final long serialVersionUID = 1L;

		final String runId;
		final String image;
		final int level;
		final String nan;
		final org.unet3d.inference.BlockGrid grid;
		final boolean sample;

		Job(final String runId, final SegmentationRequest r, final org.unet3d.inference.BlockGrid grid,
			final boolean sample)
		{
			this.runId = runId;
			image = r.image;
			level = r.level;
			nan = r.nan;
			this.grid = grid;
			this.sample = sample;
		}
	}
}
