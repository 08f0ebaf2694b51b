package org.unet3d.training;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.unet3d.data.Augmenter;
import org.unet3d.data.BlockReader;
import org.unet3d.data.LabelStatistics;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.NormalizationStats;
import org.unet3d.data.PatchSampler;
import org.unet3d.data.PercentileNormalization;
import org.unet3d.data.VoxelSize;
import org.unet3d.io.ModelFile;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.progress.Progress;

/**
 * Trains a 3D U-Net on labeled stacks: random (foreground-biased, augmented) patches, Adam,
 * class-weighted cross-entropy; saves the model after every epoch (atomically), stops after the
 * epochs or the time budget, or when canceled between two steps, and keeps what was learned.
 */
public final class Trainer {

	/** Patch voxels aimed at when the patch size is automatic. */
	static final long DEFAULT_PATCH_VOXELS = 64L * 64 * 32;

	private final TrainingConfig config;

	public Trainer(final TrainingConfig config) {
		this.config = config;
	}

	/**
	 * Trains a new network on the given stacks.
	 *
	 * @param saveTo model file written after every epoch and at the end (null: keep in memory only)
	 * @return the trained model (also when canceled or out of time)
	 * @throws IOException if the model cannot be saved
	 */
	public SegmentationModel train(final List<LabeledVolume> data, final File saveTo, final Progress progress,
		final TrainingMonitor monitor) throws IOException
	{
		if (data.isEmpty()) throw new IllegalArgumentException("No training stacks given");
		final int channels = data.get(0).image().channels();
		for (final LabeledVolume v : data)
			if (v.image().channels() != channels) throw new IllegalArgumentException("All training stacks need the " +
				"same number of channels: \"" + data.get(0).name() + "\" has " + channels + ", \"" + v.name() + "\" has " +
				v.image().channels() + ".");
		progress.status("Reading labels...");
		final List<LabelStatistics> stats = new ArrayList<>();
		for (final LabeledVolume v : data)
			stats.add(LabelStatistics.of(v, config.classes(), config.ignoreLabel(), config.seed()));
		int classes = config.classes();
		if (classes == 0) for (final LabelStatistics s : stats)
			classes = Math.max(classes, s.classesSeen());
		if (classes < 2) throw new IllegalArgumentException("The labels contain only one class (" + stats.get(0)
			.describe() + "). Label at least two classes, e.g. 0 = background and 1 = object.");
		final VoxelSize voxelSize = data.get(0).image().voxelSize();
		final UNet3DConfig net = UNet3DConfig.builder().inputChannels(channels).classes(classes).depth(config.depth())
			.baseFilters(config.baseFilters()).batchNorm(config.batchNorm()).dropout(config.dropout()).poolingFor(
				voxelSize).build();
		final int[] patch = config.patchSize() != null ? config.patchSize() : PatchShape.choose(data.get(0).shapeZYX(),
			voxelSize, net.sizeMultiple(), DEFAULT_PATCH_VOXELS);
		net.checkSize(patch, "Patch size");
		final ComputationGraph graph = UNet3DBuilder.of(net).seed(config.seed()).updater(new Adam(config
			.learningRate())).loss(loss(classes)).build(patch);
		final PercentileNormalization normalization = new PercentileNormalization(config.lowPercentile(), config
			.highPercentile());
		final ModelMetadata.Builder meta = ModelMetadata.builder().network(net).patchSize(patch).normalization(
			normalization).voxelSize(voxelSize);
		final String[] names = config.classNames();
		if (names != null) {
			if (names.length != classes) throw new IllegalArgumentException("You named " + names.length + " classes (" +
				String.join(", ", names) + ") but the labels have " + classes + " (0.." + (classes - 1) + "). Give one " +
				"name per class id.");
			meta.classNames(names);
		}
		return run(graph, meta, data, stats, classes, patch, normalization, saveTo, progress, monitor);
	}

	private LossMCXENT loss(final int classes) {
		final double[] w = config.classWeights();
		if (w == null) return new LossMCXENT();
		if (w.length != classes) throw new IllegalArgumentException("Give one class weight per class: " + classes +
			" classes but " + w.length + " weights " + Arrays.toString(w));
		return new LossMCXENT(Nd4j.createFromArray(w).castTo(DataType.FLOAT));
	}

	private SegmentationModel run(final ComputationGraph graph, final ModelMetadata.Builder meta,
		final List<LabeledVolume> data, final List<LabelStatistics> stats, final int classes, final int[] patch,
		final PercentileNormalization normalization, final File saveTo, final Progress progress,
		final TrainingMonitor monitor) throws IOException
	{
		final long start = System.nanoTime();
		final int channels = data.get(0).image().channels();
		progress.status("Normalizing intensities...");
		final List<NormalizationStats> norms = new ArrayList<>();
		for (final LabeledVolume v : data)
			norms.add(computeStats(normalization, v));
		meta.trainingStats(norms.get(0));
		final Random random = new Random(config.seed());
		Nd4j.getRandom().setSeed(config.seed());
		final PatchSampler sampler = new PatchSampler(data, stats, patch, config.foregroundFraction(), random);
		final Augmenter augmenter = new Augmenter(config.augment() ? org.unet3d.data.Augmentation.standard() : org.unet3d.data.Augmentation.none(), data.get(0).image().voxelSize().anisotropy());
		final List<BlockReader[]> imageReaders = new ArrayList<>();
		final List<BlockReader> labelReaders = new ArrayList<>();
		for (final LabeledVolume v : data) {
			final BlockReader[] r = new BlockReader[channels];
			for (int c = 0; c < channels; c++)
				r[c] = blockReader(v, c);
			imageReaders.add(r);
			labelReaders.add(v.labelReader());
		}
		final int b = config.batchSize();
		final int n = patch[0] * patch[1] * patch[2];
		final int[] sizeXYZ = { patch[2], patch[1], patch[0] };
		final float[] features = new float[b * channels * n];
		final float[] labels = new float[b * classes * n];
		final boolean masked = config.ignoreLabel() >= 0;
		final float[] mask = masked ? new float[b * n] : null;
		final int[] ids = new int[n];
		final long[] featShape = { b, channels, patch[0], patch[1], patch[2] };
		final long[] labShape = { b, classes, patch[0], patch[1], patch[2] };
		final long[] maskShape = { b, 1, patch[0], patch[1], patch[2] };

		final int steps = config.stepsPerEpoch() > 0 ? config.stepsPerEpoch() : autoSteps(data, n, b);
		final long budgetNanos = config.minutes() > 0 ? (long) (config.minutes() * 60e9) : Long.MAX_VALUE;
		final JsonArray lossHistory = new JsonArray();
		long step = 0;
		int epoch = 0;
		String stopReason = "finished " + config.epochs() + " epochs";
		double lastLoss = Double.NaN;
		final long totalSteps = (long) steps * config.epochs();
		progress.status(String.format(Locale.ROOT, "Training %s on %d stack(s), patch %d,%d,%d (z,y,x), batch %d, " +
			"%d steps per epoch", meta.build().network(), data.size(), patch[0], patch[1], patch[2], b, steps));
		outer:
		for (epoch = 1; epoch <= config.epochs(); epoch++) {
			double sum = 0;
			int count = 0;
			for (int s = 0; s < steps; s++) {
				if (progress.isCanceled()) {
					stopReason = "canceled";
					break outer;
				}
				if (System.nanoTime() - start > budgetNanos) {
					stopReason = "time budget of " + config.minutes() + " min spent";
					break outer;
				}
				Arrays.fill(labels, 0f);
				for (int i = 0; i < b; i++) {
					final PatchSampler.Patch p = sampler.next();
					for (int c = 0; c < channels; c++) {
						final int off = (i * channels + c) * n;
						imageReaders.get(p.volume)[c].readFloat(p.originXYZ, sizeXYZ, features, off);
						norms.get(p.volume).apply(c, features, off, n);
					}
					labelReaders.get(p.volume).readInt(p.originXYZ, sizeXYZ, ids);
					augmenter.apply(sizeXYZ, features, i * channels * n, channels, ids, random);
					for (int v = 0; v < n; v++) {
						final int k = ids[v];
						if (masked) {
							if (k == config.ignoreLabel()) {
								mask[i * n + v] = 0;
								continue;
							}
							mask[i * n + v] = 1;
						}
						labels[(i * classes + k) * n + v] = 1;
					}
				}
				final INDArray f = Nd4j.create(features, featShape, 'c');
				final INDArray l = Nd4j.create(labels, labShape, 'c');
				final INDArray m = masked ? Nd4j.create(mask, maskShape, 'c') : null;
				graph.fit(new MultiDataSet(new INDArray[] { f }, new INDArray[] { l }, null, m == null ? null
					: new INDArray[] { m }));
				lastLoss = graph.score();
				if (Double.isNaN(lastLoss) || Double.isInfinite(lastLoss)) throw new IllegalStateException(
					"Training diverged (loss is " + lastLoss + ") at epoch " + epoch + ". Try a smaller learning rate.");
				sum += lastLoss;
				count++;
				step++;
				monitor.stepDone(epoch, step, lastLoss);
				progress.progress(step, totalSteps);
			}
			final double mean = sum / Math.max(1, count);
			lossHistory.add(mean);
			final double seconds = (System.nanoTime() - start) / 1e9;
			progress.status(String.format(Locale.ROOT, "Epoch %d/%d: loss %.4f (%.0f s)", epoch, config.epochs(), mean,
				seconds));
			monitor.epochDone(epoch, mean, seconds);
			if (saveTo != null) ModelFile.write(new SegmentationModel(graph, summary(meta, config, epoch, step, seconds,
				mean, lossHistory, "checkpoint after epoch " + epoch, data)), saveTo);
		}
		final int epochsDone = Math.min(epoch, config.epochs() + 1) - 1;
		final double seconds = (System.nanoTime() - start) / 1e9;
		final SegmentationModel model = new SegmentationModel(graph, summary(meta, config, epochsDone, step, seconds,
			lastLoss, lossHistory, stopReason, data));
		if (saveTo != null) ModelFile.write(model, saveTo);
		progress.status(String.format(Locale.ROOT, "Training %s after %d steps (%.0f s), last loss %.4f", stopReason,
			step, seconds, lastLoss));
		return model;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static BlockReader blockReader(final LabeledVolume v, final int c) {
		return BlockReader.of((net.imglib2.RandomAccessibleInterval) v.image().channel(c));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static NormalizationStats computeStats(final PercentileNormalization n, final LabeledVolume v) {
		return n.compute((org.unet3d.data.Volume) v.image());
	}

	private static int autoSteps(final List<LabeledVolume> data, final int patchVoxels, final int batch) {
		long voxels = 0;
		for (final LabeledVolume v : data)
			voxels += v.image().voxelCount();
		final long passes = 4 * voxels / ((long) patchVoxels * batch);
		return (int) Math.max(25, Math.min(250, passes));
	}

	private static ModelMetadata summary(final ModelMetadata.Builder meta, final TrainingConfig config,
		final int epochs, final long steps, final double seconds, final double loss, final JsonArray history,
		final String stopReason, final List<LabeledVolume> data)
	{
		final JsonObject t = new JsonObject();
		t.addProperty("epochs", epochs);
		t.addProperty("steps", steps);
		t.addProperty("seconds", Math.round(seconds * 10) / 10.0);
		t.addProperty("finalLoss", loss);
		t.addProperty("stopped", stopReason);
		t.add("lossPerEpoch", history.deepCopy());
		final JsonArray names = new JsonArray();
		for (final LabeledVolume v : data)
			names.add(v.name());
		t.add("stacks", names);
		t.add("config", com.google.gson.JsonParser.parseString(config.toJson()));
		return meta.training(t).stamp().build();
	}
}
