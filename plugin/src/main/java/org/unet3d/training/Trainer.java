package org.unet3d.training;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.unet3d.data.Augmenter;
import org.unet3d.data.ClassNames;
import org.unet3d.data.LabelStatistics;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.PatchSampler;
import org.unet3d.data.PercentileNormalization;
import org.unet3d.data.Preprocessing;
import org.unet3d.data.VoxelSize;
import org.unet3d.io.ModelFile;
import org.unet3d.metrics.SegmentationScores;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.NotEnoughMemoryException;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.planning.NetworkPlanner;
import org.unet3d.planning.PatchShape;
import org.unet3d.planning.TrainingMemory;
import org.unet3d.progress.Progress;
import org.unet3d.training.loss.SegmentationLoss;

/**
 * Trains a 3D U-Net on annotated stacks: random (foreground-biased, augmented) patches, Adam,
 * class-weighted cross-entropy + soft Dice with unlabeled voxels masked out. After every epoch it
 * scores the held-out part (per-class Dice and IoU), keeps the best model by validation Dice in the
 * model file, saves a checkpoint with the optimizer state (to resume), and writes a CSV log and a
 * training-curve PNG beside the model; all files are written atomically. The learning rate falls
 * along a cosine over the planned run, or (plateau schedule) halves on a plateau, where training also
 * stops early when validation no longer improves. It stops when the epochs or the time budget are
 * spent or the user cancels (between two steps), and always keeps the best model.
 * A new run, a resumed run and fine-tuning of an existing model share the same loop. Runs are
 * reproducible from the seed on the CPU.
 */
public final class Trainer {

	/** Patch voxels aimed at when the patch size is automatic. */
	static final long DEFAULT_PATCH_VOXELS = 64L * 64 * 32;

	private final TrainingConfig config;

	public Trainer(final TrainingConfig config) {
		this.config = config;
	}

	/** The checkpoint written beside a model file: {@code name-checkpoint.zip}. */
	public static File checkpointFile(final File model) {
		return sibling(model, "-checkpoint.zip");
	}

	/** The CSV log written beside a model file: {@code name-log.csv}. */
	public static File logFile(final File model) {
		return sibling(model, "-log.csv");
	}

	/** The training curve written beside a model file: {@code name-curve.png}. */
	public static File curveFile(final File model) {
		return sibling(model, "-curve.png");
	}

	private static File sibling(final File model, final String suffix) {
		final String n = model.getName();
		final String base = n.toLowerCase(Locale.ROOT).endsWith(".zip") ? n.substring(0, n.length() - 4) : n;
		return new File(model.getAbsoluteFile().getParentFile(), base + suffix);
	}

	/**
	 * Trains a new network on stacks in memory (the last z-range of each held out for validation,
	 * as configured).
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
		final JsonObject t = checkpoint.metadata().training();
		if (!t.has("state") || !t.has("config")) throw new IllegalArgumentException("This model has no saved training " +
			"state, so it cannot be resumed. Use it to fine-tune instead (finetune=...).");
		final TrainingConfig saved = TrainingConfig.fromJson(t.get("config").toString()).toBuilder().epochs(config
			.epochs()).minutes(config.minutes()).build();
		return new Run(saved, data, saveTo, progress, monitor, checkpoint, true).execute();
	}

	/**
	 * Trains an existing model further on new data: its weights are the start, with a fresh
	 * optimizer and this configuration's settings; its architecture and intensity normalization are
	 * kept, and its CLAHE setting unless this configuration asks for CLAHE. If the new labels have more classes than the model (or {@link TrainingConfig#classes()}
	 * asks for another count), the last layer is replaced by a new one for that many classes.
	 */
	public SegmentationModel fineTune(final SegmentationModel pretrained, final TrainingSet data, final File saveTo,
		final Progress progress, final TrainingMonitor monitor) throws IOException
	{
		return new Run(config, data, saveTo, progress, monitor, pretrained, false).execute();
	}

	/** One training run, from setup to the last save. */
	static final class Run {

		private final TrainingConfig config;
		private final TrainingSet data;
		private final File saveTo;
		private final Progress progress;
		private final TrainingMonitor monitor;
		private final SegmentationModel start;
		private final boolean resume;
		/** When the run began: the time budget counts from here, setup included. */
		private final long startNanos = System.nanoTime();

		private LoadedStacks stacks;
		private LoadedStacks validationStacks;
		private final List<Integer> trainParts = new ArrayList<>();
		private final List<Integer> heldOutParts = new ArrayList<>();
		private final List<LabelStatistics> trainStats = new ArrayList<>();
		private long[] classCounts = new long[0];
		private int classesSeen;
		/** True if validation holds out rows (y-ranges) instead of slices (sparsely labeled stacks). */
		private boolean heldOutRows;

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
			// a new run uses the configured preprocessing; resuming keeps the model's; fine-tuning keeps its
			// normalization and its CLAHE unless the configuration asks for CLAHE
			final Preprocessing preprocessing = start == null ? Preprocessing.of(new PercentileNormalization(config
				.lowPercentile(), config.highPercentile()), config.clahe()) : resume ? start.metadata().preprocessing()
					: Preprocessing.of(start.metadata().normalization(), config.clahe().isOff() ? start.metadata().clahe()
						: config.clahe());
			final long budget = config.cacheMegabytes() > 0 ? config.cacheMegabytes() * (1L << 20) : Runtime.getRuntime()
				.maxMemory() / 2;
			stacks = new LoadedStacks(data.training(), preprocessing, budget);
			validationStacks = new LoadedStacks(data.validation(), preprocessing, budget / 2);
			final int channels = scanStacks();
			final VoxelSize voxelSize = stacks.volume(0, progress).image().voxelSize();
			final int classes = chooseClasses();
			final UNet3DConfig net;
			final int[] patch;
			final ComputationGraph graph;
			final TrainingState state;
			final double[] weights = config.classWeights() != null ? config.classWeights() : config.classWeighting()
				.weights(Arrays.copyOf(classCounts, classes));
			if (weights != null && weights.length != classes) throw new IllegalArgumentException("Give one class " +
				"weight per class: " + classes + " classes but " + weights.length + " weights " + Arrays.toString(weights));
			final SegmentationLoss loss = config.loss().create(weights);
			if (start == null) {
				net = UNet3DConfig.builder().inputChannels(channels).classes(classes).depth(config.depth()).baseFilters(
					config.baseFilters()).batchNorm(config.batchNorm()).dropout(config.dropout()).pooling(NetworkPlanner
						.poolingFor(voxelSize, config.depth())).kernels(config.anisotropicKernels() ? NetworkPlanner.kernelsFor(
							voxelSize, config.depth()) : null).build();
				patch = config.patchSize() != null ? config.patchSize() : PatchShape.choose(trainShape(), voxelSize, net
					.sizeMultiple(), DEFAULT_PATCH_VOXELS);
				net.checkSize(patch, "Patch size");
				checkFits(net, patch);
				graph = UNet3DBuilder.of(net).seed(config.seed()).updater(new Adam(config.learningRate())).loss(loss).build(
					patch);
				state = fresh();
			}
			else {
				final UNet3DConfig old = start.config();
				if (old.inputChannels() != channels) throw new IllegalArgumentException("The model was trained on " + old
					.inputChannels() + "-channel images, but the training images have " + channels + " channel(s). " +
					"Use images with the same channels, or train a new model.");
				net = old.toBuilder().classes(classes).build();
				patch = config.patchSize() != null ? config.patchSize() : start.metadata().patchSize();
				net.checkSize(patch, "Patch size");
				checkFits(net, patch);
				if (resume) {
					graph = start.graph();
					state = TrainingState.fromJson(start.metadata().training().get("state"));
					graph.setLearningRate(state.learningRate);
				}
				else {
					graph = UNet3DBuilder.of(net).seed(config.seed()).updater(new Adam(config.learningRate())).loss(loss)
						.build(patch);
					final int copied = copyWeights(start.graph(), graph);
					progress.status("Fine-tuning: " + copied + " of " + graph.getLayers().length + " layers start from " +
						"the model" + (old.classes() != classes ? "; new output layer for " + classes + " classes (was " + old
							.classes() + ")" : ""));
					state = fresh();
				}
			}
			final ModelMetadata.Builder meta = ModelMetadata.builder().network(net).patchSize(patch).preprocessing(
				preprocessing.clahe().isOff() ? preprocessing : Preprocessing.of(preprocessing.normalization(), preprocessing
					.clahe().forVoxelSize(voxelSize))).voxelSize(voxelSize).trainingStats(stacks.stats(0, progress));
			final String[] names = classNames(classes);
			meta.classNames(names);
			return new Loop(this, graph, meta, names, patch, classes, state).run();
		}

		/**
		 * Before the network is built: every training stack is at least the network's smallest size (it is
		 * mirrored up to a patch), and a batch of patches fits in memory.
		 */
		private void checkFits(final UNet3DConfig net, final int[] patch) throws IOException {
			final String fix = net.depth() > 1 && start == null ? "a network with fewer levels (depth=" + (net.depth() -
				1) + ")" : "enlarge it (Image > Adjust > Canvas Size)";
			for (int i = 0; i < stacks.size(); i++) {
				final LabeledVolume v = stacks.volume(i, progress);
				net.checkStackSize(v.image().shapeZYX(), "Stack \"" + v.name() + "\"", fix);
			}
			TrainingMemory.check(net, patch, config.batchSize(), org.unet3d.planning.MemoryBudget.detect());
		}

		private TrainingState fresh() {
			final TrainingState s = new TrainingState();
			s.learningRate = config.learningRate();
			return s;
		}

		private String[] classNames(final int classes) {
			final String[] given = config.classNames();
			if (given != null) {
				if (given.length != classes) throw new IllegalArgumentException("You named " + given.length + " classes (" +
					String.join(", ", given) + ") but the labels have " + classes + " (0.." + (classes - 1) + "). Give one " +
					"name per class id.");
				return given;
			}
			if (start != null) {
				final String[] old = start.metadata().classNames();
				if (old.length == classes) return old;
			}
			return ClassNames.defaults(classes);
		}

		/** Opens each stack once: checks channels and labels, splits off validation slices, counts classes. */
		private int scanStacks() throws IOException {
			int channels = -1;
			String first = null;
			for (int i = 0; i < stacks.size(); i++) {
				final LabeledVolume v = stacks.volume(i, progress);
				if (channels < 0) {
					channels = v.image().channels();
					first = v.name();
				}
				else if (v.image().channels() != channels) throw new IllegalArgumentException("All training stacks need " +
					"the same number of channels: \"" + first + "\" has " + channels + ", \"" + v.name() + "\" has " + v
						.image().channels() + ".");
				final long d = v.image().depth();
				final double f = data.validation().isEmpty() ? config.validationFraction() : 0;
				final long h = v.image().height();
				final List<long[]> perSlice = f > 0 ? classCounts(v, 0, config.ignoreLabel()) : null;
				// slices without labels (sparse annotation): hold out rows of every slice, not whole labeled slices
				final int axis = f > 0 && h >= 2 && hasUnlabeled(perSlice) ? 1 : 0;
				final long size = axis == 0 ? d : h;
				if (f > 0 && size >= 2) {
					final long len = Math.max(1, Math.min(size - 1, Math.round(size * f)));
					final long from = heldOutStart(axis == 0 ? perSlice : classCounts(v, 1, config.ignoreLabel()), len);
					if (from > 0) trainParts.add(stacks.addPart(i, axis, 0, from));
					heldOutParts.add(stacks.addPart(i, axis, from, from + len));
					if (from + len < size) trainParts.add(stacks.addPart(i, axis, from + len, size));
					heldOutRows |= axis == 1;
				}
				else trainParts.add(stacks.addPart(i, 0, 0, d));
			}
			// a resumed run keeps its classes; fine-tuning may add classes (checked in chooseClasses)
			final int known = resume ? start.config().classes() : config.classes();
			progress.status("Reading labels...");
			for (final int p : trainParts) {
				final LabelStatistics s = LabelStatistics.of(stacks.part(p, progress).volume, known, config.ignoreLabel(),
					config.seed());
				trainStats.add(s);
				count(s);
			}
			for (final int p : heldOutParts)
				count(LabelStatistics.of(stacks.part(p, progress).volume, known, config.ignoreLabel(), config.seed()));
			for (int i = 0; i < validationStacks.size(); i++) {
				final LabeledVolume v = validationStacks.volume(i, progress);
				if (v.image().channels() != channels) throw new IllegalArgumentException("The validation stack \"" + v
					.name() + "\" has " + v.image().channels() + " channel(s), the training stacks " + channels + ".");
				validationStacks.addPart(i, 0, 0, v.image().depth());
				count(LabelStatistics.of(v, known, config.ignoreLabel(), config.seed()));
			}
			return channels;
		}

		/**
		 * Where the held-out z-range of {@code len} slices starts: the range that holds the most of the
		 * stack's labeled classes and, among those, the most voxels of its rarest class (nearest the end
		 * of the stack on ties), so that validation scores every class on more than a sliver.
		 */
		static long heldOutStart(final LabeledVolume v, final long len, final int ignore) {
			return heldOutStart(classCounts(v, 0, ignore), len);
		}

		/** The same choice over any axis, from labeled voxels per class of each of its positions. */
		static long heldOutStart(final List<long[]> perIndex, final long len) {
			final int d = perIndex.size();
			int classes = 0;
			for (final long[] c : perIndex)
				classes = Math.max(classes, c.length);
			final long[] window = new long[classes];
			for (long z = d - len; z < d; z++)
				add(window, perIndex.get((int) z), 1);
			long best = d - len;
			long[] bestKey = key(window);
			for (long from = d - len - 1; from >= 0; from--) {
				add(window, perIndex.get((int) (from + len)), -1);
				add(window, perIndex.get((int) from), 1);
				final long[] k = key(window);
				if (k[0] > bestKey[0] || k[0] == bestKey[0] && k[1] > bestKey[1]) {
					bestKey = k;
					best = from;
				}
			}
			return best;
		}

		/** Labeled voxels per class in each slice (axis 0) or each row (axis 1, over all slices). */
		static List<long[]> classCounts(final LabeledVolume v, final int axis, final int ignore) {
			final long d = v.image().depth();
			final int w = (int) v.image().width();
			final int h = (int) v.image().height();
			final List<long[]> counts = new ArrayList<>();
			for (int i = 0; i < (axis == 0 ? d : h); i++)
				counts.add(new long[0]);
			final int[] ids = new int[w * h];
			final org.unet3d.data.BlockReader labels = v.labelReader();
			for (long z = 0; z < d; z++) {
				labels.readInt(new long[] { 0, 0, z }, new int[] { w, h, 1 }, ids);
				for (int i = 0; i < ids.length; i++) {
					final int id = ids[i];
					if (id == ignore || id < 0 || id >= 4096) continue;
					final int at = axis == 0 ? (int) z : i / w;
					long[] c = counts.get(at);
					if (id >= c.length) counts.set(at, c = Arrays.copyOf(c, id + 1));
					c[id]++;
				}
			}
			return counts;
		}

		/** True if some slice has no labeled voxel. */
		static boolean hasUnlabeled(final List<long[]> perSlice) {
			for (final long[] c : perSlice) {
				long sum = 0;
				for (final long n : c)
					sum += n;
				if (sum == 0) return true;
			}
			return false;
		}

		private static void add(final long[] window, final long[] counts, final int sign) {
			for (int k = 0; k < counts.length; k++)
				window[k] += sign * counts[k];
		}

		/** {classes present, voxels of the rarest present class}. */
		private static long[] key(final long[] counts) {
			long present = 0;
			long rarest = Long.MAX_VALUE;
			for (final long c : counts)
				if (c > 0) {
					present++;
					rarest = Math.min(rarest, c);
				}
			return new long[] { present, present == 0 ? 0 : rarest };
		}

		private void count(final LabelStatistics s) {
			classesSeen = Math.max(classesSeen, s.classesSeen());
			if (classCounts.length < s.classesSeen()) classCounts = Arrays.copyOf(classCounts, s.classesSeen());
			for (int k = 0; k < s.classesSeen(); k++)
				classCounts[k] += s.count(k);
		}

		private int chooseClasses() {
			if (config.classes() > 0) {
				if (classesSeen > config.classes()) throw new IllegalArgumentException("The labels contain class " +
					(classesSeen - 1) + " but " + config.classes() + " classes were asked for.");
				return config.classes();
			}
			if (start != null) return Math.max(start.config().classes(), classesSeen);
			if (classesSeen < 2) throw new IllegalArgumentException("The labels contain only one class (" + trainStats.get(
				0).describe() + "). Label at least two classes, e.g. 0 = background and 1 = object.");
			final List<Integer> missing = new ArrayList<>();
			for (int k = 0; k < classesSeen; k++)
				if (classCounts[k] == 0) missing.add(k);
			if (!missing.isEmpty()) {
				final int max = classesSeen - 1;
				throw new IllegalArgumentException("The labels use class id " + max + " but never " + (missing.size() > 5
					? missing.subList(0, 5) + "..." : missing) + ": class ids must be consecutive (0, 1, 2, ...). If " + max +
					" marks unlabeled voxels, set ignore=" + max + "; if it is an object class (e.g. a 0/" + max +
					" mask), relabel it (e.g. Process > Math > Divide); to train " + classesSeen + " classes anyway, give " +
					"classes=" + classesSeen + ".");
			}
			return classesSeen;
		}

		/** Shape (z, y, x) of the first training part, for the automatic patch size. */
		/**
		 * The shape of the largest training part (by voxels): held-out validation slices can leave a
		 * stack in two parts, one of them a few slices thin, which must not make every patch that
		 * thin (smaller parts are mirrored at their borders).
		 */
		private long[] trainShape() throws IOException {
			long[] best = null;
			for (final int i : trainParts) {
				final long[] s = stacks.part(i, progress).volume.shapeZYX();
				if (best == null || s[0] * s[1] * s[2] > best[0] * best[1] * best[2]) best = s;
			}
			return best;
		}

		/** Copies every parameter of {@code from} whose layer and shape match; returns the layers copied. */
		private static int copyWeights(final ComputationGraph from, final ComputationGraph to) {
			int layers = 0;
			for (final Layer l : to.getLayers()) {
				final String name = l.conf().getLayer().getLayerName();
				final Layer src = from.getLayer(name);
				if (src == null) continue;
				boolean all = true;
				final Map<String, INDArray> srcParams = src.paramTable();
				for (final Map.Entry<String, INDArray> e : l.paramTable().entrySet()) {
					final INDArray s = srcParams.get(e.getKey());
					if (s != null && Arrays.equals(s.shape(), e.getValue().shape())) e.getValue().assign(s);
					else all = false;
				}
				if (all) layers++;
			}
			return layers;
		}
	}

	/** The epoch loop of a run. */
	private static final class Loop {

		private final Run run;
		private final TrainingConfig config;
		private final ComputationGraph graph;
		private final ModelMetadata.Builder meta;
		private final String[] names;
		private final int[] patch;
		private final int classes;
		private final TrainingState state;
		private final Validator validator;
		private INDArray bestParams;
		private JsonElement bestState;
		private long sessionStart;
		/** The first epoch of this session (later than 1 when resuming). */
		private int firstEpoch;

		Loop(final Run run, final ComputationGraph graph, final ModelMetadata.Builder meta, final String[] names,
			final int[] patch, final int classes, final TrainingState state)
		{
			this.run = run;
			this.config = run.config;
			this.graph = graph;
			this.meta = meta;
			this.names = names;
			this.patch = patch;
			this.classes = classes;
			this.state = state;
			final List<Integer> parts = new ArrayList<>();
			final LoadedStacks vs = run.validationStacks.size() > 0 ? run.validationStacks : run.stacks;
			if (run.validationStacks.size() > 0) for (int p = 0; p < vs.parts(); p++)
				parts.add(p);
			else parts.addAll(run.heldOutParts);
			final int[] idx = new int[parts.size()];
			for (int i = 0; i < idx.length; i++)
				idx[i] = parts.get(i);
			validator = new Validator(vs, idx, patch, config.batchSize(), classes, config.ignoreLabel());
		}

		SegmentationModel run() throws IOException {
			final Progress progress = run.progress;
			sessionStart = run.startNanos;
			final double secondsBefore = state.seconds;
			final ModelMetadata described = meta.build();
			final int channels = described.inputChannels();
			final int b = config.batchSize();
			final int n = patch[0] * patch[1] * patch[2];
			final int[] sizeXYZ = { patch[2], patch[1], patch[0] };
			final float[] features = new float[b * channels * n];
			final float[] labels = new float[b * classes * n];
			final int ignore = config.ignoreLabel();
			final float[] mask = ignore >= 0 ? new float[b * n] : null;
			final int[] ids = new int[n];
			final long[] featShape = { b, channels, patch[0], patch[1], patch[2] };
			final long[] labShape = { b, classes, patch[0], patch[1], patch[2] };
			final long[] maskShape = { b, 1, patch[0], patch[1], patch[2] };
			final List<long[]> shapes = new ArrayList<>();
			for (final int p : run.trainParts)
				shapes.add(run.stacks.part(p, progress).volume.shapeZYX());
			final PatchSampler sampler = new PatchSampler(shapes, run.trainStats, patch, config.foregroundFraction());
			final Augmenter augmenter = new Augmenter(config.augmentation(), described.voxelSize().anisotropy());
			final int steps = config.stepsPerEpoch() > 0 ? config.stepsPerEpoch() : autoSteps(shapes, n, b);
			final boolean streaming = !run.stacks.allFit();
			final int visitSteps = Math.max(5, steps / Math.max(1, run.trainParts.size()));
			final long deadline = config.minutes() > 0 ? run.startNanos + (long) (config.minutes() * 60e9)
				: Long.MAX_VALUE;
			firstEpoch = state.epochsDone + 1;
			final long plannedSteps = (long) steps * Math.max(0, config.epochs() - state.epochsDone);
			progress.status(String.format(Locale.ROOT, "Training %s on %d stack(s)%s, patch %d,%d,%d (z,y,x), batch %d, " +
				"%d steps per epoch, %s", described.network(), run.stacks.size(), validator.isEmpty() ? ""
					: " (validating on " + (run.validationStacks.size() > 0 ? run.validationStacks.size() +
						" separate stack(s)" : Math.round(config.validationFraction() * 100) + (run.heldOutRows ? " % of the rows (y) of " +
						"every slice, held out, as some slices have no labels" : " % of the slices, held out")) +
						")", patch[0], patch[1], patch[2], b, steps, config.loss().name().toLowerCase(Locale.ROOT)
							.replace('_', ' ')));
			if (firstEpoch > config.epochs()) progress.status("Already trained for " + state.epochsDone + " epochs; " +
				"give more epochs to continue.");
			String stopReason = "finished " + config.epochs() + " epochs";
			double stepSeconds = 0;
			double validationSeconds = 0;
			long sessionSteps = 0;
			long lastStatus = 0;
			boolean stop = false;
			for (int epoch = firstEpoch; epoch <= config.epochs() && !stop; epoch++) {
				final Random random = new Random(config.seed() * 1_000_003L + epoch);
				Nd4j.getRandom().setSeed(config.seed() + epoch);
				double sum = 0;
				int count = 0;
				int visit = -1;
				for (int s = 0; s < steps; s++) {
					if (run.progress.isCanceled()) {
						stopReason = "canceled";
						stop = true;
						break;
					}
					if (System.nanoTime() + (stepSeconds + validationSeconds + 1) * 1e9 > deadline) {
						stopReason = "time budget of " + fmt(config.minutes()) + " min spent";
						stop = true;
						break;
					}
					final long t0 = System.nanoTime();
					if (config.schedule() == LearningRateSchedule.COSINE) followSchedule(steps, t0);
					if (streaming && s % visitSteps == 0) visit = sampler.next(random).volume;
					Arrays.fill(labels, 0f);
					for (int i = 0; i < b; i++) {
						final PatchSampler.Patch p = visit >= 0 ? sampler.next(visit, random) : sampler.next(random);
						final LoadedStacks.Part part = run.stacks.part(run.trainParts.get(p.volume), progress);
						PatchCutter.cut(part.input, part.labels, p.originXYZ, sizeXYZ, features, i * channels * n, ids,
							augmenter, random);
						for (int v = 0; v < n; v++) {
							final int k = ids[v];
							if (mask != null) {
								if (k == ignore) {
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
					final INDArray m = mask == null ? null : Nd4j.create(mask, maskShape, 'c');
					try {
						graph.fit(new MultiDataSet(new INDArray[] { f }, new INDArray[] { l }, null, m == null ? null
							: new INDArray[] { m }));
					}
					catch (final OutOfMemoryError | RuntimeException e) {
						if (!NotEnoughMemoryException.isOutOfMemory(e)) throw e;
						throw new NotEnoughMemoryException("Training ran out of memory with patch " + NotEnoughMemoryException
							.zyx(patch) + " and batch " + b + " (" + NotEnoughMemoryException.reason(e) + "). Try " + (b > 1
								? "batch=1" : "patch=" + NotEnoughMemoryException.zyx(NotEnoughMemoryException.half(patch, described
									.network().sizeMultiple()))) + ", or give Java more memory. " + kept(epoch), e);
					}
					final double loss = graph.score() / n; // the layer reports loss x voxels per patch
					if (Double.isNaN(loss) || Double.isInfinite(loss)) throw new IllegalStateException(
						"Training diverged (loss is " + loss + ") at epoch " + epoch + ", step " + (s + 1) + ": stopped. " + kept(
							epoch) + " Try a smaller learning rate (e.g. learningRate=" + config.learningRate() / 10 + "), and " +
							"check the images for NaN or infinite voxels.");
					sum += loss;
					count++;
					state.steps++;
					sessionSteps++;
					final double dt = (System.nanoTime() - t0) / 1e9;
					stepSeconds = sessionSteps == 1 ? dt : 0.9 * stepSeconds + 0.1 * dt;
					run.monitor.stepDone(epoch, state.steps, loss);
					final long now = System.nanoTime();
					if (now - lastStatus > 1e9 || s == steps - 1) {
						lastStatus = now;
						final long left = (long) steps * (config.epochs() - epoch) + steps - s - 1;
						double eta = left * stepSeconds;
						if (deadline != Long.MAX_VALUE) eta = Math.min(eta, (deadline - now) / 1e9);
						progress.status(String.format(Locale.ROOT, "Epoch %d/%d, batch %d/%d, loss %.4f, ETA %s", epoch, config
							.epochs(), s + 1, steps, sum / count, duration(eta)));
					}
					progress.progress(Math.min(sessionSteps, plannedSteps), plannedSteps);
				}
				if (count == 0) break;
				final long v0 = System.nanoTime();
				final boolean partial = count < steps;
				state.seconds = secondsBefore + (System.nanoTime() - sessionStart) / 1e9;
				final String why = endEpoch(epoch, sum / count, partial);
				validationSeconds = (System.nanoTime() - v0) / 1e9;
				if (why != null && !stop) {
					stopReason = why;
					stop = true;
				}
			}
			return finish(stopReason);
		}

		/**
		 * Sets the cosine schedule's learning rate for the share of the run done: the larger of the steps
		 * done out of all planned epochs and the time spent out of the time budget.
		 */
		private void followSchedule(final int stepsPerEpoch, final long now) {
			double done = state.steps / ((double) stepsPerEpoch * config.epochs());
			if (config.minutes() > 0) done = Math.max(done, (now - run.startNanos) / (config.minutes() * 60e9));
			final double rate = LearningRateSchedule.cosine(config.learningRate(), done);
			if (Math.abs(rate - state.learningRate) > 1e-3 * rate) {
				state.learningRate = rate;
				graph.setLearningRate(rate);
			}
		}

		/** What a failed epoch leaves behind: the files saved after the last complete epoch. */
		private String kept(final int epoch) {
			if (run.saveTo == null) return "Nothing was saved (no model file).";
			if (epoch <= firstEpoch) return "No epoch of this run was complete, so nothing was saved; files from " +
				"earlier runs are unchanged.";
			return "The checkpoint saved after epoch " + (epoch - 1) + " and the best model so far are kept (" + checkpointFile(
				run.saveTo).getName() + ", " + run.saveTo.getName() + "; resume=" + checkpointFile(run.saveTo).getName() +
				" goes on from the checkpoint).";
		}

		/** Scores, keeps the best, adapts the learning rate, saves; returns a reason to stop, or null. */
		private String endEpoch(final int epoch, final double meanLoss, final boolean partial) throws IOException {
			final Progress progress = run.progress;
			SegmentationScores scores = null;
			double score = -meanLoss;
			if (!validator.isEmpty()) {
				progress.status("Epoch " + epoch + ": validating...");
				scores = validator.score(graph, progress);
				score = selectionScore(scores);
			}
			final double learningRate = state.learningRate;
			// without validation (or without a labeled voxel in it: a NaN score) the latest model is kept;
			// the training loss then only drives the learning rate
			final boolean best = Double.isNaN(score) || state.scored(score) || validator.isEmpty();
			final EpochRecord record = new EpochRecord(epoch, state.steps, state.seconds, learningRate, meanLoss, scores,
				score, best);
			state.history.add(record);
			state.epochsDone = epoch;
			String stop = null;
			if (config.schedule() == LearningRateSchedule.PLATEAU && state.reduceOnPlateau(config.plateauPatience())) {
				graph.setLearningRate(state.learningRate);
				progress.status(String.format(Locale.ROOT, "No improvement for %d epochs: learning rate now %.2g", config
					.plateauPatience(), state.learningRate));
			}
			if (config.stopsEarly() && !validator.isEmpty() && state.noProgressFor(config.patience())) stop =
				"stopped early: no better validation score for " + config.patience() + " epochs";
			progress.status(record.describe() + (partial ? " (partial epoch)" : ""));
			run.monitor.epochDone(record, java.util.Collections.unmodifiableList(state.history));
			if (best) {
				bestParams = graph.params().dup();
				bestState = state.toJson();
				if (run.saveTo != null) ModelFile.write(model(bestState, "best model so far, epoch " + epoch), run.saveTo);
			}
			if (run.saveTo != null) {
				ModelFile.write(model(state.toJson(), "checkpoint after epoch " + epoch), checkpointFile(run.saveTo));
				TrainingLog.write(logFile(run.saveTo), state.history, names);
				TrainingCurve.write(curveFile(run.saveTo), state.history, names);
			}
			return stop;
		}

		private SegmentationModel finish(final String stopReason) throws IOException {
			final Progress progress = run.progress;
			state.seconds = state.seconds > 0 ? state.seconds : (System.nanoTime() - sessionStart) / 1e9;
			if (run.saveTo != null && !state.history.isEmpty()) ModelFile.write(model(state.toJson(), stopReason),
				checkpointFile(run.saveTo));
			if (bestParams != null) graph.setParams(bestParams);
			final SegmentationModel model = model(bestState != null ? bestState : state.toJson(), stopReason);
			if (run.saveTo != null) ModelFile.write(model, run.saveTo);
			final EpochRecord bestRecord = state.bestEpoch > 0 ? state.history.get(Math.min(state.history.size(), state
				.bestEpoch) - 1) : null;
			progress.status(String.format(Locale.ROOT, "Training %s after %d epochs, %d steps (%.0f s)%s", stopReason,
				state.epochsDone, state.steps, state.seconds, bestRecord != null && bestRecord.validated() ? "; kept " +
					"epoch " + bestRecord.epoch() + String.format(Locale.ROOT, " (validation score %.4f)", bestRecord
						.score()) : ""));
			run.monitor.finished(stopReason);
			return model;
		}

		/** The model with a training summary; the state is what a resume starts from. */
		private SegmentationModel model(final JsonElement stateJson, final String stopReason) {
			final JsonObject t = new JsonObject();
			final TrainingState s = TrainingState.fromJson(stateJson);
			t.addProperty("epochs", s.epochsDone);
			t.addProperty("steps", s.steps);
			t.addProperty("seconds", Math.round(s.seconds * 10) / 10.0);
			t.addProperty("stopped", stopReason);
			if (!s.history.isEmpty()) {
				final EpochRecord last = s.history.get(s.history.size() - 1);
				t.addProperty("finalLoss", last.trainingLoss());
				if (last.validated() && s.bestEpoch > 0) {
					final EpochRecord best = s.history.get(s.bestEpoch - 1);
					t.addProperty("bestEpoch", best.epoch());
					final JsonObject dice = new JsonObject();
					for (int k = 0; k < names.length && k < best.classes(); k++)
						dice.addProperty(names[k], Double.isNaN(best.dice(k)) ? null : best.dice(k));
					t.add("validationDice", dice);
				}
			}
			final JsonArray stackNames = new JsonArray();
			for (int i = 0; i < run.stacks.size(); i++)
				stackNames.add(run.stacks.name(i));
			t.add("stacks", stackNames);
			t.add("config", JsonParser.parseString(config.toJson()));
			t.add("state", stateJson);
			return new SegmentationModel(graph, meta.training(t).stamp().build());
		}

		/** Mean validation Dice over the present foreground classes, or over all present classes. */
		private static double selectionScore(final SegmentationScores s) {
			final double fg = s.meanForegroundDice();
			return Double.isNaN(fg) ? s.meanDice() : fg;
		}
	}

	private static int autoSteps(final List<long[]> shapes, final int patchVoxels, final int batch) {
		long voxels = 0;
		for (final long[] s : shapes)
			voxels += s[0] * s[1] * s[2];
		final long passes = 4 * voxels / ((long) patchVoxels * batch);
		return (int) Math.max(25, Math.min(250, passes));
	}

	private static String fmt(final double minutes) {
		return minutes == Math.rint(minutes) ? String.valueOf((long) minutes) : String.valueOf(minutes);
	}

	private static String duration(final double seconds) {
		if (!(seconds >= 0) || Double.isInfinite(seconds)) return "?";
		final long s = Math.round(seconds);
		if (s < 60) return s + " s";
		if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
		return (s / 3600) + " h " + (s % 3600 / 60) + " min";
	}
}
