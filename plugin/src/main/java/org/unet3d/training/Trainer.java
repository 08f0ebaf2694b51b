package org.unet3d.training;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.unet3d.data.Augmenter;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.PatchSampler;
import org.unet3d.data.Preprocessing;
import org.unet3d.data.VoxelSize;
import org.unet3d.metrics.SegmentationScores;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.model.TrainingSummary;
import org.unet3d.network.NotEnoughMemoryException;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.progress.Progress;
import org.unet3d.training.loss.SegmentationLoss;

/**
 * Trains a 3D U-Net on annotated stacks: random (foreground-biased, augmented) patches, Adam,
 * class-weighted cross-entropy + soft Dice with unlabeled voxels masked out. After every epoch it
 * scores the held-out part (per-class Dice and IoU), keeps the best model by validation Dice, and
 * saves the {@link TrainingFiles}. The learning rate falls along a cosine over the planned run, or
 * (plateau schedule) halves on a plateau. The {@link RunLimits} end the run (epochs, time budget,
 * early stopping, cancel); the best model is always kept. A new run, a resumed run and fine-tuning
 * share the same loop. Runs are reproducible from the seed on the CPU.
 */
public final class Trainer {

	/** Patch voxels aimed at when the patch size is automatic. */
	static final long DEFAULT_PATCH_VOXELS = 64L * 64 * 32;

	private final TrainingConfig config;

	public Trainer(final TrainingConfig config) {
		this.config = config;
	}

	/**
	 * Trains a new network on stacks in memory (a share of each held out for validation, as
	 * configured).
	 *
	 * @param saveTo model file, updated whenever the model improves (null: keep in memory only)
	 * @return the best model (also when canceled or out of time)
	 */
	public SegmentationModel train(final List<LabeledVolume> data, final File saveTo, final Progress progress,
		final TrainingMonitor monitor) throws IOException
	{
		return train(TrainingSet.ofVolumes(data), saveTo, progress, monitor);
	}

	/** Trains a new network. */
	public SegmentationModel train(final TrainingSet data, final File saveTo, final Progress progress,
		final TrainingMonitor monitor) throws IOException
	{
		return new Run(config, data, saveTo, progress, monitor, null, false).execute();
	}

	/**
	 * Goes on with an interrupted run from its checkpoint (or a model file written by a run): same
	 * network, optimizer state, learning rate and history; the epoch count continues. The saved
	 * training settings are used, except the number of epochs and the time budget, which come from
	 * this trainer's configuration.
	 */
	public SegmentationModel resume(final SegmentationModel checkpoint, final TrainingSet data, final File saveTo,
		final Progress progress, final TrainingMonitor monitor) throws IOException
	{
		final TrainingSummary t = checkpoint.metadata().training();
		if (!t.canResume()) throw new IllegalArgumentException("This model has no saved training state, so it cannot " +
			"be resumed. Use it to fine-tune instead (finetune=...).");
		final TrainingConfig saved = TrainingConfig.fromJson(t.config().toString()).toBuilder().epochs(config
			.schedule().epochs()).minutes(config.schedule().minutes()).build();
		return new Run(saved, data, saveTo, progress, monitor, checkpoint, true).execute();
	}

	/**
	 * Trains an existing model further on new data: its weights are the start, with a fresh
	 * optimizer and this configuration's settings; its architecture and intensity normalization are
	 * kept, and its CLAHE setting unless this configuration asks for CLAHE. If the new labels have
	 * more classes than the model (or the configuration asks for another count), the last layer is
	 * replaced by a new one for that many classes.
	 */
	public SegmentationModel fineTune(final SegmentationModel pretrained, final TrainingSet data, final File saveTo,
		final Progress progress, final TrainingMonitor monitor) throws IOException
	{
		return new Run(config, data, saveTo, progress, monitor, pretrained, false).execute();
	}

	/** One training run: setup, then the epoch loop. */
	private static final class Run {

		private final TrainingConfig config;
		private final TrainingSet data;
		private final File saveTo;
		private final Progress progress;
		private final TrainingMonitor monitor;
		/** The model a fine-tuned or resumed run starts from; null for a new network. */
		private final SegmentationModel start;
		private final boolean resume;
		/** When the run began: the time budget counts from here, setup included. */
		private final long startNanos = System.nanoTime();

		private ValidationSplit split;
		private ComputationGraph graph;
		private TrainingState state;
		private ModelMetadata.Builder meta;
		private String[] names;
		private int[] patch;
		private UNet3DConfig network;
		private VoxelSize voxelSize;
		private TrainingFiles files;
		private PatchBatch batches;
		private int stepsPerEpoch;
		private Validator validator;
		private RunLimits limits;
		/** Training seconds of earlier sessions (a resumed run counts on). */
		private double secondsBefore;
		private INDArray bestParams;
		private JsonElement bestState;

		Run(final TrainingConfig config, final TrainingSet data, final File saveTo, final Progress progress,
			final TrainingMonitor monitor, final SegmentationModel start, final boolean resume)
		{
			this.config = config;
			this.data = data;
			this.saveTo = saveTo;
			this.progress = progress;
			this.monitor = monitor;
			this.start = start;
			this.resume = resume;
		}

		SegmentationModel execute() throws IOException {
			final Preprocessing preprocessing = StartingPoint.preprocessing(config, start, resume);
			final long budget = config.cacheMegabytes() > 0 ? config.cacheMegabytes() * (1L << 20) : Runtime.getRuntime()
				.maxMemory() / 2;
			final LoadedStacks stacks = new LoadedStacks(data.training(), preprocessing, budget);
			// a resumed run keeps its classes; fine-tuning may add classes
			split = ValidationSplit.of(stacks, new LoadedStacks(data.validation(), preprocessing, budget / 2), config
				.validationFraction(), resume ? start.config().classes() : config.labels().count(), config.labels()
					.ignoreLabel(), config.seed(), progress);
			voxelSize = stacks.volume(0, progress).image().voxelSize();
			final int classes = split.census().classes(config.labels().count(), start == null ? 0 : start.config()
				.classes());
			final SegmentationLoss loss = config.loss().create(classes, split.census().counts());
			final StartingPoint from = start == null ? StartingPoint.create(config, split, classes, voxelSize, loss,
				progress) : StartingPoint.from(start, resume, config, split, classes, loss, progress);
			graph = from.graph;
			state = from.state;
			secondsBefore = state.seconds;
			patch = from.patch;
			network = from.network;
			names = StartingPoint.classNames(config, start, classes);
			meta = ModelMetadata.builder().network(from.network).patchSize(patch).preprocessing(preprocessing.clahe()
				.isOff() ? preprocessing : Preprocessing.of(preprocessing.normalization(), preprocessing.clahe()
					.forVoxelSize(voxelSize))).voxelSize(voxelSize).trainingStats(stacks.stats(0, progress)).classNames(
						names);
			files = new TrainingFiles(saveTo, names);
			validator = new Validator(split.validationStacks(), split.validationParts(), patch, config.sampling()
				.batchSize(), classes, config.labels().ignoreLabel());
			batches = batches(classes);
			limits = new RunLimits(config.schedule(), startNanos, stepsPerEpoch, state.epochsDone + 1);
			announce();
			return loop();
		}

		/** Where the training patches come from, and how many steps an epoch has. */
		private PatchBatch batches(final int classes) throws IOException {
			final LoadedStacks stacks = split.trainingStacks();
			final List<long[]> shapes = new ArrayList<>();
			for (final int p : split.trainParts())
				shapes.add(stacks.part(p, progress).volume.shapeZYX());
			final SamplingSettings sampling = config.sampling();
			final PatchSampler sampler = new PatchSampler(shapes, split.trainStats(), patch, sampling
				.foregroundFraction());
			final Augmenter augmenter = new Augmenter(sampling.augmentation(), voxelSize.anisotropy());
			stepsPerEpoch = sampling.stepsPerEpoch(shapes, patch);
			return new PatchBatch(stacks, split.trainParts(), sampler, augmenter, sampling.batchSize(), split.channels(),
				classes, patch, config.labels().ignoreLabel(), stepsPerEpoch);
		}

		/**
		 * The epoch loop: an epoch's steps (unless the user cancels or the time budget ends first), then
		 * validation, keeping the best model, the learning rate's plateau rule, saving, and the limits
		 * that end the run.
		 */
		private SegmentationModel loop() throws IOException {
			StopReason stop = null;
			for (int epoch = state.epochsDone + 1; stop == null; epoch++) {
				if (epoch > limits.lastEpoch()) {
					progress.status("Already trained for " + state.epochsDone + " epochs; give more epochs to continue.");
					stop = StopReason.EPOCHS_DONE;
					break;
				}
				final EpochSteps steps = trainEpoch(epoch);
				if (steps.done == 0) {
					stop = steps.stop;
					break;
				}
				final StopReason after = endEpoch(epoch, steps.lossSum / steps.done, steps.done < stepsPerEpoch);
				stop = steps.stop != null ? steps.stop : after;
			}
			return finish(stop);
		}

		/** How an epoch's steps went: how many were done, their summed loss, and a limit that cut them short. */
		private static final class EpochSteps {

			int done;
			double lossSum;
			StopReason stop;
		}

		/** The optimization steps of an epoch, each on a new batch; stops early on cancel or at the time budget. */
		private EpochSteps trainEpoch(final int epoch) throws IOException {
			final Random random = new Random(config.seed() * 1_000_003L + epoch);
			Nd4j.getRandom().setSeed(config.seed() + epoch);
			final EpochSteps steps = new EpochSteps();
			long lastStatus = 0;
			for (int s = 0; s < stepsPerEpoch; s++) {
				steps.stop = limits.beforeStep(progress);
				if (steps.stop != null) break;
				final long t0 = System.nanoTime();
				if (config.schedule().learningRateSchedule() == LearningRateSchedule.COSINE) followCosine(t0);
				final double loss = fit(batches.next(s, random, progress), epoch, s);
				steps.lossSum += loss;
				steps.done++;
				state.steps++;
				limits.stepTook((System.nanoTime() - t0) / 1e9);
				monitor.stepDone(epoch, state.steps, loss);
				final long now = System.nanoTime();
				if (now - lastStatus > 1e9 || s == stepsPerEpoch - 1) {
					lastStatus = now;
					progress.status(limits.status(epoch, s, steps.lossSum / steps.done, now));
				}
				limits.report(progress, now);
			}
			return steps;
		}

		private void announce() {
			final String validation = split.describe();
			progress.status(String.format(Locale.ROOT, "Training %s on %d stack(s)%s, patch %d,%d,%d (z,y,x), batch %d, " +
				"%d steps per epoch, %s, %s", network, split.trainingStacks().size(), validation.isEmpty() ? "" : " (" +
					validation + ")", patch[0], patch[1], patch[2], config.sampling().batchSize(), stepsPerEpoch, config.loss()
						.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '), limits.describe()));
		}

		/** Sets the cosine schedule's learning rate for the share of the run done. */
		private void followCosine(final long now) {
			final double rate = LearningRateSchedule.cosine(config.schedule().learningRate(), limits.shareDone(state.steps,
				now));
			if (Math.abs(rate - state.learningRate) > 1e-3 * rate) {
				state.learningRate = rate;
				graph.setLearningRate(rate);
			}
		}

		/**
		 * One optimization step on a batch.
		 *
		 * @return the loss per voxel
		 * @throws NotEnoughMemoryException if the batch does not fit
		 * @throws TrainingDivergedException if the loss is NaN or infinite
		 */
		private double fit(final MultiDataSet batch, final int epoch, final int step) {
			try {
				graph.fit(batch);
			}
			catch (final OutOfMemoryError | RuntimeException e) {
				if (!NotEnoughMemoryException.isOutOfMemory(e)) throw e;
				final int b = config.sampling().batchSize();
				throw new NotEnoughMemoryException("Training ran out of memory with patch " + NotEnoughMemoryException.zyx(
					patch) + " and batch " + b + " (" + NotEnoughMemoryException.reason(e) + "). Try " + (b > 1 ? "batch=1"
						: "patch=" + NotEnoughMemoryException.zyx(NotEnoughMemoryException.half(patch, network
							.sizeMultiple()))) + ", or give Java more memory. " + files.kept(epoch), e);
			}
			final double loss = graph.score() / batches.voxels(); // the layer reports loss x voxels per patch
			if (Double.isNaN(loss) || Double.isInfinite(loss)) {
				final String at = "(loss is " + loss + ") at epoch " + epoch + ", step " + (step + 1);
				monitor.finished(StopReason.DIVERGED, StopReason.DIVERGED.describe(config.schedule()) + " " + at);
				throw new TrainingDivergedException("Training diverged " + at + ": stopped. " + files.kept(epoch) + " Try " +
					"a smaller learning rate (e.g. learningRate=" + config.schedule().learningRate() / 10 + "), and check " +
					"the images for NaN or infinite voxels.");
			}
			return loss;
		}

		/** Scores, keeps the best, adapts the learning rate, saves; returns a reason to stop, or null. */
		private StopReason endEpoch(final int epoch, final double meanLoss, final boolean partial) throws IOException {
			final long v0 = System.nanoTime();
			state.seconds = secondsBefore + (v0 - startNanos) / 1e9;
			SegmentationScores scores = null;
			double score = -meanLoss;
			if (!validator.isEmpty()) {
				progress.status("Epoch " + epoch + ": validating...");
				scores = validator.score(graph, progress);
				score = EpochRecord.selectionScore(scores);
			}
			// without validation (or without a labeled voxel in it: a NaN score) the latest model is kept;
			// the training loss then only drives the learning rate
			final boolean best = Double.isNaN(score) || state.scored(score) || validator.isEmpty();
			final EpochRecord record = new EpochRecord(epoch, state.steps, state.seconds, state.learningRate, meanLoss,
				scores, score, best);
			state.history.add(record);
			state.epochsDone = epoch;
			final ScheduleSettings schedule = config.schedule();
			if (schedule.learningRateSchedule() == LearningRateSchedule.PLATEAU && state.reduceOnPlateau(schedule
				.plateauPatience())) {
				graph.setLearningRate(state.learningRate);
				progress.status(String.format(Locale.ROOT, "No improvement for %d epochs: learning rate now %.2g", schedule
					.plateauPatience(), state.learningRate));
			}
			final StopReason stop = limits.afterEpoch(epoch, state, !validator.isEmpty());
			progress.status(record.describe() + (partial ? " (partial epoch)" : ""));
			monitor.epochDone(record, Collections.unmodifiableList(state.history));
			if (best) {
				bestParams = graph.params().dup();
				bestState = state.toJson();
				files.saveModel(() -> model(bestState, "best model so far, epoch " + epoch));
			}
			final JsonElement now = state.toJson();
			files.saveCheckpoint(() -> model(now, "checkpoint after epoch " + epoch));
			files.saveHistory(state.history);
			limits.validationTook((System.nanoTime() - v0) / 1e9);
			return stop;
		}

		/** Saves the checkpoint and the best model, and says why the run ended. */
		private SegmentationModel finish(final StopReason stop) throws IOException {
			final String why = stop.describe(config.schedule());
			state.seconds = state.seconds > 0 ? state.seconds : (System.nanoTime() - startNanos) / 1e9;
			final JsonElement last = state.toJson();
			if (!state.history.isEmpty()) files.saveCheckpoint(() -> model(last, why));
			if (bestParams != null) graph.setParams(bestParams);
			final SegmentationModel kept = model(bestState != null ? bestState : last, why);
			files.saveModel(() -> kept);
			progress.status("Training ended: " + kept.metadata().training().describe().replace("\n", "; "));
			monitor.finished(stop, why);
			return kept;
		}

		/**
		 * The model with its training summary: the run so far (epochs, steps, time, last loss, best
		 * epoch and its validation Dice) and what a resume starts from, the state {@code resumeFrom}.
		 */
		private SegmentationModel model(final JsonElement resumeFrom, final String stopped) {
			final TrainingSummary.Builder t = state.summary(names).stopped(stopped);
			final List<String> stacks = new ArrayList<>();
			for (int i = 0; i < split.trainingStacks().size(); i++)
				stacks.add(split.trainingStacks().name(i));
			t.stacks(stacks).resumeWith(JsonParser.parseString(config.toJson()).getAsJsonObject(), resumeFrom);
			return new SegmentationModel(graph, meta.training(t.build()).stamp().build());
		}
	}
}
