package org.unet3d.spark;

import java.io.PrintStream;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Progress of the segmentation on the driver, from Spark's events: blocks done of all blocks,
 * megavoxels per second since the start, and the time left at that rate, printed when a block
 * finishes (at most every few seconds, and always for the last). Lost executors and failed block
 * tasks, which Spark retries, are reported too. Counts each block once, however often it ran.
 */
final class BlockProgress extends SparkListener {

	/** Least time between two progress lines. */
	static final long INTERVAL_MILLIS = 5000;

	private final String jobGroup;
	private final long[] voxels;
	private final long skipped;
	private final long total;
	private final PrintStream out;
	private final Set<Integer> stages = new HashSet<>();
	private final BitSet done = new BitSet();
	private final long start = System.nanoTime();
	private long voxelsDone;
	private long lastPrint;
	private int failures;

	/**
	 * @param jobGroup Spark job group of the segmentation pass
	 * @param voxels voxels of the block of each task (by partition index)
	 * @param skipped blocks done by an earlier run, not part of this pass
	 */
	BlockProgress(final String jobGroup, final long[] voxels, final long skipped, final PrintStream out) {
		this.jobGroup = jobGroup;
		this.voxels = voxels;
		this.skipped = skipped;
		this.total = skipped + voxels.length;
		this.out = out;
	}

	@Override
	public synchronized void onJobStart(final SparkListenerJobStart e) {
		if (e.properties() != null && jobGroup.equals(e.properties().getProperty("spark.jobGroup.id")))
			for (final Object id : scala.collection.JavaConverters.seqAsJavaList(e.stageIds()))
			stages.add((Integer) id);
	}

	@Override
	public synchronized void onTaskEnd(final SparkListenerTaskEnd e) {
		if (!stages.contains(e.stageId())) return;
		final int index = e.taskInfo().index();
		final TaskEndReason reason = e.reason();
		if (reason != Success$.MODULE$) {
			failures++;
			out.println("Block task " + index + " failed on executor " + e.taskInfo().executorId() + " (" + reason
				.getClass().getSimpleName().replace("$", "") + "); Spark runs it again.");
			return;
		}
		if (index < 0 || index >= voxels.length || done.get(index)) return;
		done.set(index);
		voxelsDone += voxels[index];
		final long now = System.nanoTime();
		if (done.cardinality() == voxels.length || (now - lastPrint) / 1_000_000 >= INTERVAL_MILLIS) {
			lastPrint = now;
			out.println(line(now));
		}
	}

	@Override
	public synchronized void onExecutorRemoved(final SparkListenerExecutorRemoved e) {
		out.println("Executor " + e.executorId() + " lost (" + e.reason() + "); its blocks are segmented again " +
			"elsewhere.");
	}

	/** E.g. "Blocks 12/40 (30.0 %), 1.23 megavoxels/s, 5 min 3 s left". */
	synchronized String line(final long nowNanos) {
		final double seconds = Math.max(1e-9, (nowNanos - start) / 1e9);
		final double rate = voxelsDone / seconds;
		long left = 0;
		for (int i = 0; i < voxels.length; i++)
			if (!done.get(i)) left += voxels[i];
		final long blocks = skipped + done.cardinality();
		return String.format(Locale.ROOT, "Blocks %d/%d (%.1f %%), %.2f megavoxels/s, %s", blocks, total, 100.0 *
			blocks / total, rate / 1e6, left == 0 ? "done in " + duration(seconds) : rate > 0 ? duration(left / rate) +
				" left" : "time left unknown");
	}

	/** Blocks of this pass finished so far. */
	synchronized int done() {
		return done.cardinality();
	}

	/** Block tasks that failed (and were retried). */
	synchronized int failures() {
		return failures;
	}

	static String duration(final double seconds) {
		final long s = Math.round(seconds);
		if (s < 60) return s + " s";
		if (s < 3600) return s / 60 + " min " + s % 60 + " s";
		return s / 3600 + " h " + s % 3600 / 60 + " min";
	}
}
