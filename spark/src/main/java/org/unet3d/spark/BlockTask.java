package org.unet3d.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.apache.spark.TaskContext;
import org.unet3d.data.Volume;
import org.unet3d.inference.BlockSegmenter;
import org.unet3d.inference.LabelMaker;
import org.unet3d.model.SegmentationModel;
import org.unet3d.progress.Progress;
import org.unet3d.zarr.ChunkWriter;
import org.unet3d.zarr.OmeZarr;
import org.unet3d.zarr.ZarrArray;

/**
 * The work of one Spark task: segments one block ({@link BlockSegmenter}) and writes exactly the
 * block's output chunks, each atomically, labels first and probabilities (if asked) after. Running
 * it again for the same block (a retried or speculative task, a re-run) writes the same bytes, so
 * the outcome never depends on how often or where a block ran.
 */
final class BlockTask {

	/** What a finished block reports back to the driver. */
	static final class Report implements Serializable {

		private static final long serialVersionUID = 1L;

		final long block;
		final long voxels;
		final long tiles;
		final double seconds;
		final String executor;
		/** OpenMP threads the block's task computed with. */
		final int threads;

		Report(final long block, final long voxels, final long tiles, final double seconds, final String executor,
			final int threads)
		{
			this.block = block;
			this.voxels = voxels;
			this.tiles = tiles;
			this.seconds = seconds;
			this.executor = executor;
			this.threads = threads;
		}
	}

	private BlockTask() {}

	static Report run(final BlockJob job, final byte[] model, final long block) throws IOException {
		final long t0 = System.nanoTime();
		NativeThreads.forTask(job.taskCpus);
		final Volume<?> image = ExecutorCache.image(job);
		final Interval box = job.grid.block(block);
		final SegmentationModel network = ExecutorCache.borrow(job.modelKey, model);
		final float[][] p;
		try {
			p = new BlockSegmenter(network, job.plan, job.stats(), image).predict(box, CANCEL);
		}
		finally {
			ExecutorCache.release(job.modelKey, network);
		}
		writeLabels(job, box, p);
		if (job.probabilities != null) writeProbabilities(job, box, p);
		final TaskContext tc = TaskContext.get();
		return new Report(block, box.dimension(0) * box.dimension(1) * box.dimension(2), BlockSegmenter.tiles(job.plan,
			box), (System.nanoTime() - t0) / 1e9, tc == null ? "driver" : org.apache.spark.SparkEnv.get().executorId(),
			NativeThreads.openMpThreads());
	}

	/** Stops a block when Spark kills its task (job canceled, or a speculative copy finished first). */
	private static final Progress CANCEL = new Progress() {

		@Override
		public void status(final String message) {}

		@Override
		public void progress(final long done, final long total) {}

		@Override
		public boolean isCanceled() {
			final TaskContext tc = TaskContext.get();
			return tc != null && tc.isInterrupted();
		}
	};

	private static void writeLabels(final BlockJob job, final Interval box, final float[][] p) throws IOException {
		final long[] dims = box.dimensionsAsLongArray();
		final int n = p[0].length;
		final RandomAccessibleInterval<?> labels;
		if (p.length <= 256) {
			final byte[] b = new byte[n];
			LabelMaker.toBytes(p, b);
			labels = ArrayImgs.unsignedBytes(b, dims);
		}
		else {
			final short[] s = new short[n];
			LabelMaker.toShorts(p, s);
			labels = ArrayImgs.unsignedShorts(s, dims);
		}
		write(array(job.labels), box, Views.translate(labels, box.minAsLongArray()));
	}

	private static void writeProbabilities(final BlockJob job, final Interval box, final float[][] p)
		throws IOException
	{
		final long[] dims = box.dimensionsAsLongArray();
		final List<RandomAccessibleInterval<FloatType>> classes = new ArrayList<>();
		for (final float[] k : p)
			classes.add(ArrayImgs.floats(k, dims));
		final long[] min = { box.min(0), box.min(1), box.min(2), 0 };
		final long[] max = { box.max(0), box.max(1), box.max(2), p.length - 1 };
		write(array(job.probabilities), new FinalInterval(min, max), Views.translate(Views.stack(classes), min));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void write(final ZarrArray array, final Interval block, final RandomAccessible source)
		throws IOException
	{
		ChunkWriter.of(array).writeBlock(block, source, Progress.NONE);
	}

	private static ZarrArray array(final String image) throws IOException {
		return OmeZarr.open(Paths.get(image)).array(0);
	}
}
