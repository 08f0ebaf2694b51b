package org.unet3d.spark;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import net.imglib2.Interval;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.unet3d.data.NormalizationStats;
import org.unet3d.data.Volume;
import org.unet3d.inference.BlockGrid;
import org.unet3d.inference.TiledPredictor;
import org.unet3d.io.ModelFile;
import org.unet3d.model.SegmentationModel;
import org.unet3d.planning.MemoryBudget;
import org.unet3d.planning.TilePlan;
import org.unet3d.zarr.ArrayMetadata;
import org.unet3d.zarr.ChunkWriter;
import org.unet3d.zarr.Compressor;
import org.unet3d.zarr.DataType;
import org.unet3d.zarr.OmeZarr;
import org.unet3d.zarr.ZarrArray;

/**
 * A segmentation of an OME-Zarr image spread over a Spark cluster, run from the driver. The driver
 * reads the image's description and the model, fixes the tiling of the whole image (the same plan
 * as the single-machine {@code segment} for the same tile options), creates the outputs, and runs
 * two passes over output blocks ({@link BlockGrid}): the first gathers the percentile statistics
 * of the whole image ({@link Survey}, merged on the driver), the second segments the blocks
 * ({@link BlockTask}), each block writing its own chunks. With {@code resume}, blocks whose chunks
 * all exist are kept and only the others are segmented. The model travels as bytes (one broadcast);
 * the result equals the single-machine segmentation voxel for voxel.
 */
final class DistributedSegmentation {

	/** What a run did. */
	static final class Result {

		final TilePlan plan;
		final BlockGrid grid;
		final NormalizationStats stats;
		/** Blocks found complete from an earlier run and kept. */
		final long kept;
		/** Blocks segmented by this run. */
		final long segmented;
		final long voxels;
		/** Tiles evaluated by all blocks of this run (tiles that touch several blocks count once per block). */
		final long tiles;
		/**
		 * The single-machine work for the voxels of this run, in tiles: all tiles of the plan for a whole
		 * run, else that share of them.
		 */
		final double planTiles;
		final double seconds;
		final double segmentSeconds;
		final List<BlockTask.Report> reports;

		Result(final TilePlan plan, final BlockGrid grid, final NormalizationStats stats, final long kept,
			final long segmented, final long voxels, final long tiles, final double planTiles, final double seconds,
			final double segmentSeconds, final List<BlockTask.Report> reports)
		{
			this.plan = plan;
			this.grid = grid;
			this.stats = stats;
			this.kept = kept;
			this.segmented = segmented;
			this.voxels = voxels;
			this.tiles = tiles;
			this.planTiles = planTiles;
			this.seconds = seconds;
			this.segmentSeconds = segmentSeconds;
			this.reports = reports;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "Segmented %d of %d blocks (%d kept from an earlier run): %d voxels in " +
				"%.1f s (segmentation pass %.1f s, %.3f megavoxels/s); %d tile evaluations for %.0f tiles of the plan " +
				"(halo overhead %.2f); native threads per task %s; %s; %s", segmented, grid.count(), kept, voxels, seconds, segmentSeconds, voxels /
					Math.max(1e-9, segmentSeconds) / 1e6, tiles, planTiles, planTiles == 0 ? 0 : (double) tiles / planTiles,
				threads(), grid, plan);
		}

		/** The OpenMP thread counts the block tasks computed with, e.g. "1". */
		String threads() {
			final java.util.TreeSet<Integer> t = new java.util.TreeSet<>();
			for (final BlockTask.Report r : reports)
				t.add(r.threads);
			return t.isEmpty() ? "-" : t.toString().replaceAll("[\\[\\] ]", "");
		}
	}

	private DistributedSegmentation() {}

	/**
	 * Runs a segmentation.
	 *
	 * @param log where progress and the plan are printed
	 * @throws IllegalArgumentException or IOException for bad input or outputs, before any block is
	 *           segmented where it can be known then
	 */
	static Result run(final JavaSparkContext sc, final SegmentationRequest r, final PrintStream log)
		throws IOException
	{
		final long t0 = System.nanoTime();
		final String runId = UUID.randomUUID().toString();
		final SparkConf conf = sc.getConf();
		final int taskCpus = conf.getInt("spark.task.cpus", 1);
		final OmeZarr input = OmeZarr.open(Paths.get(r.image));
		final Volume<?> image = input.volume(r.level, 16L << 20);
		final File modelFile = new File(r.model);
		final SegmentationModel model = ModelFile.read(modelFile, false);
		if (!model.metadata().preprocessing().clahe().isOff()) throw new IllegalArgumentException("The model " +
			modelFile + " enhances contrast with CLAHE, which needs the whole image at once: it cannot be segmented " +
			"block by block. Segment on one machine (java -jar unet3d.jar segment), or train a model without CLAHE.");
		if (image.channels() != model.config().inputChannels()) throw new IllegalArgumentException("The model was " +
			"trained on " + model.config().inputChannels() + "-channel images, but " + r.image + " has " + image
				.channels() + " channel(s).");
		final TilePlan plan = TiledPredictor.of(model).tile(r.tile).overlap(r.overlap).batch(r.batch).blending(
			r.blending).flips(r.flips).memory(executorBudget(conf, sc.isLocal())).build().plan(image);
		final int classes = model.config().classes();
		final long[] dims = { image.width(), image.height(), image.depth() };
		final int[] chunk = r.chunkXYZ();
		for (int d = 0; d < 3; d++)
			chunk[d] = (int) Math.min(chunk[d], dims[d]);
		final BlockGrid grid = BlockGrid.of(dims, chunk, r.blockChunksXYZ());
		log.println("Image " + r.image + ": " + image);
		log.println("Plan: " + plan);
		log.println("Blocks: " + grid + ", output chunks " + chunk[2] + "," + chunk[1] + "," + chunk[0] + " (z,y,x)");

		final OmeZarr.IfExists ifExists = r.resume ? OmeZarr.IfExists.RESUME : r.overwrite ? OmeZarr.IfExists.REPLACE
			: OmeZarr.IfExists.REFUSE;
		refuseExisting(r.output, ifExists);
		if (r.probabilities != null) refuseExisting(r.probabilities, ifExists);
		final NormalizationStats stats = stats(sc, r, runId, grid, model, image, log);
		final Compressor compressor = Compressor.parse(r.compressor);
		final String name = Paths.get(r.image).getFileName().toString();
		final OmeZarr labels = OmeZarr.create(Paths.get(r.output), ArrayMetadata.forImage(dims, chunk, classes <= 256
			? DataType.UINT8 : DataType.UINT16, compressor), image.voxelSize(), name + " labels", ifExists);
		OmeZarr probabilities = null;
		if (r.probabilities != null) probabilities = OmeZarr.create(Paths.get(r.probabilities), ArrayMetadata.forImage(
			new long[] { dims[0], dims[1], dims[2], classes }, new int[] { chunk[0], chunk[1], chunk[2], 1 },
			DataType.FLOAT32, compressor), image.voxelSize(), name + " probabilities", ifExists);

		final List<Long> pending = pending(grid, labels.array(0), probabilities == null ? null : probabilities.array(0),
			r.resume);
		final long kept = grid.count() - pending.size();
		if (r.resume) log.println("Resume: " + kept + " of " + grid.count() + " blocks are complete and kept; " + pending
			.size() + " to segment.");

		final byte[] modelBytes = Files.readAllBytes(modelFile.toPath());
		final BlockJob job = new BlockJob(runId, r, labels.dir().resolve("0").toString(), probabilities == null ? null
			: probabilities.dir().resolve("0").toString(), plan, stats, grid, sha256(modelBytes), taskCpus);
		final long[] voxels = new long[pending.size()];
		for (int i = 0; i < voxels.length; i++)
			voxels[i] = grid.voxels(pending.get(i));
		final long t1 = System.nanoTime();
		final List<BlockTask.Report> reports;
		if (pending.isEmpty()) reports = new ArrayList<>();
		else {
			final String group = "unet3d-segment-" + runId;
			final BlockProgress progress = new BlockProgress(group, voxels, kept, log);
			sc.sc().addSparkListener(progress);
			try {
				final Broadcast<byte[]> modelBroadcast = sc.broadcast(modelBytes);
				sc.setJobGroup(group, "3D U-Net: segmenting " + pending.size() + " blocks of " + r.image, true);
				reports = sc.parallelize(pending, pending.size()).map(b -> BlockTask.run(job, modelBroadcast
					.value(), b)).collect();
				modelBroadcast.destroy();
			}
			finally {
				sc.clearJobGroup();
				sc.sc().removeSparkListener(progress);
			}
		}
		final long t2 = System.nanoTime();
		long segmentedVoxels = 0, tiles = 0;
		for (final BlockTask.Report rep : reports) {
			segmentedVoxels += rep.voxels;
			tiles += rep.tiles;
		}
		final long total = grid.dimensions()[0] * grid.dimensions()[1] * grid.dimensions()[2];
		final double planTiles = (double) plan.tiles() * segmentedVoxels / total;
		return new Result(plan, grid, stats, kept, reports.size(), segmentedVoxels, tiles, planTiles, (t2 - t0) / 1e9,
			(t2 - t1) / 1e9, reports);
	}

	/**
	 * Refuses an existing output before the first pass (as creating it would), so that a run that
	 * cannot write does not read the whole image first.
	 */
	private static void refuseExisting(final String output, final OmeZarr.IfExists ifExists) throws IOException {
		final Path dir = Paths.get(output).toAbsolutePath().normalize();
		if (ifExists != OmeZarr.IfExists.REFUSE || !Files.isDirectory(dir)) return;
		try (java.util.stream.Stream<Path> s = Files.list(dir)) {
			if (s.findAny().isPresent()) throw new IOException(dir + " already exists. Choose another name, allow " +
				"overwriting (overwrite=true), or continue an interrupted run (resume=true).");
		}
	}

	/** Blocks to segment: all, or with resume those with a missing label or probability chunk. */
	static List<Long> pending(final BlockGrid grid, final ZarrArray labels, final ZarrArray probabilities,
		final boolean resume) throws IOException
	{
		final List<Long> todo = new ArrayList<>();
		final Set<String> have = resume ? keys(labels) : null;
		final Set<String> haveP = resume && probabilities != null ? keys(probabilities) : null;
		final ChunkWriter lw = ChunkWriter.of(labels);
		final ChunkWriter pw = probabilities == null ? null : ChunkWriter.of(probabilities);
		for (long b = 0; b < grid.count(); b++) {
			boolean complete = resume;
			final Interval box = grid.block(b);
			if (complete) for (final long[] c : lw.chunksIn(box))
				complete &= have.contains(key(c));
			if (complete && pw != null) {
				final long[] min = { box.min(0), box.min(1), box.min(2), 0 };
				final long[] max = { box.max(0), box.max(1), box.max(2), probabilities.metadata().imageDimensions()[3] - 1 };
				for (final long[] c : pw.chunksIn(new net.imglib2.FinalInterval(min, max)))
					complete &= haveP.contains(key(c));
			}
			if (!complete) todo.add(b);
		}
		return todo;
	}

	private static Set<String> keys(final ZarrArray a) throws IOException {
		final Set<String> s = new HashSet<>();
		for (final long[] c : a.existingChunks())
			s.add(key(c));
		return s;
	}

	private static String key(final long[] c) {
		return java.util.Arrays.toString(c);
	}

	/** The normalization of the whole image: the model's training range, or a first pass over all blocks. */
	private static NormalizationStats stats(final JavaSparkContext sc, final SegmentationRequest r, final String runId,
		final BlockGrid grid, final SegmentationModel model, final Volume<?> image, final PrintStream log)
	{
		final boolean training = r.normalization == TiledPredictor.Normalization.TRAINING;
		final boolean checkFinite = org.unet3d.data.NanHandling.parse(r.nan).refuses() && DataType.of(image
			.type()) == DataType.FLOAT32;
		if (training && !checkFinite) return trainingStats(model);
		final long t0 = System.nanoTime();
		final Survey.Job job = new Survey.Job(runId, r, grid, !training);
		final List<Long> all = new ArrayList<>();
		for (long b = 0; b < grid.count(); b++)
			all.add(b);
		sc.setJobGroup("unet3d-survey-" + runId, "3D U-Net: intensity statistics of " + r.image, true);
		final Survey s;
		try {
			s = sc.parallelize(all, all.size()).map(b -> Survey.of(job, b)).treeReduce(Survey::merge);
		}
		finally {
			sc.clearJobGroup();
		}
		if (s.nonFinite != null) throw new IllegalArgumentException(s.nonFiniteMessage(r.image, image.channels() > 1));
		if (training) return trainingStats(model);
		if (s.sample.voxels() != image.voxelCount()) throw new IllegalStateException("The statistics cover " + s.sample
			.voxels() + " voxels, the image has " + image.voxelCount());
		final NormalizationStats stats = model.metadata().normalization().compute(s.sample);
		log.println(String.format(Locale.ROOT, "Normalization (%s, %s, %.1f s): %s", model.metadata().normalization(), s
			.sample.exact() ? "exact histogram" : "sample of the whole image", (System.nanoTime() - t0) / 1e9, stats));
		return stats;
	}

	private static NormalizationStats trainingStats(final SegmentationModel model) {
		final NormalizationStats s = model.metadata().trainingStats();
		if (s == null) throw new IllegalArgumentException("This model does not store the training intensity range; use " +
			"normalization=stack.");
		return s;
	}

	/**
	 * The memory one task may plan its tiles for: the native memory of an executor (JavaCPP's limit if
	 * the executors' Java options set one, else twice the executor heap, JavaCPP's default) shared by
	 * the tasks running on it at once. The Java heap is not the limit here: a block's sums take
	 * {@code 4 * classes} bytes per block voxel, whatever the tiles.
	 */
	static MemoryBudget executorBudget(final SparkConf conf, final boolean local) {
		final int taskCpus = conf.getInt("spark.task.cpus", 1);
		final long offHeap;
		final int tasks;
		if (local) {
			offHeap = MemoryBudget.detect().offHeapBytes();
			tasks = Math.max(1, Runtime.getRuntime().availableProcessors() / taskCpus);
		}
		else {
			final long heap = conf.getSizeAsBytes("spark.executor.memory", "1g");
			final String opts = conf.get("spark.executor.extraJavaOptions", "");
			final java.util.regex.Matcher m = java.util.regex.Pattern.compile(
				"-Dorg\\.bytedeco\\.javacpp\\.maxbytes=(\\S+)").matcher(opts);
			offHeap = m.find() ? org.apache.spark.network.util.JavaUtils.byteStringAsBytes(m.group(1)) : 2 * heap;
			tasks = Math.max(1, conf.getInt("spark.executor.cores", 1) / taskCpus);
		}
		return MemoryBudget.of(Long.MAX_VALUE / 4, Math.max(64L << 20, offHeap / tasks - (512L << 20)));
	}

	private static String sha256(final byte[] bytes) {
		try {
			final StringBuilder s = new StringBuilder();
			for (final byte b : MessageDigest.getInstance("SHA-256").digest(bytes))
				s.append(String.format("%02x", b));
			return s.toString();
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

}
