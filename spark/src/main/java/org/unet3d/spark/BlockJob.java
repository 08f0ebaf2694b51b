package org.unet3d.spark;

import java.io.Serializable;

import org.unet3d.data.NormalizationStats;
import org.unet3d.inference.BlockGrid;
import org.unet3d.planning.TilePlan;

/**
 * What every block task of one run needs besides the model: where the image and the outputs are,
 * the tiling of the whole image and its normalization (both fixed by the driver before any block
 * is segmented, so all blocks use the same), the blocks, and the threads per task. Immutable and
 * serializable; sent once with each task's closure (it is small: the tile origins and a few paths).
 */
final class BlockJob implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Distinguishes runs, so executors never reuse an image opened for an earlier run. */
	final String runId;
	final String image;
	final int level;
	final String nan;
	final String labels;
	/** Null if no probabilities are written. */
	final String probabilities;
	final TilePlan plan;
	final double[] low;
	final double[] high;
	final BlockGrid grid;
	/** Key of the model bytes (SHA-256), for the executors' cache of networks. */
	final String modelKey;
	/** Native (OpenMP) threads per task: spark.task.cpus. */
	final int taskCpus;

	BlockJob(final String runId, final SegmentationRequest r, final String labels, final String probabilities,
		final TilePlan plan, final NormalizationStats stats, final BlockGrid grid, final String modelKey,
		final int taskCpus)
	{
		this.runId = runId;
		image = r.image;
		level = r.level;
		nan = r.nan;
		this.labels = labels;
		this.probabilities = probabilities;
		this.plan = plan;
		low = new double[stats.channels()];
		high = new double[stats.channels()];
		for (int c = 0; c < low.length; c++) {
			low[c] = stats.low(c);
			high[c] = stats.high(c);
		}
		this.grid = grid;
		this.modelKey = modelKey;
		this.taskCpus = taskCpus;
	}

	NormalizationStats stats() {
		return new NormalizationStats(low, high);
	}
}
