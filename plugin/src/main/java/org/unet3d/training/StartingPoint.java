package org.unet3d.training;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.Preprocessing;
import org.unet3d.data.VoxelSize;
import org.unet3d.data.ClassNames;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.planning.MemoryBudget;
import org.unet3d.planning.NetworkPlanner;
import org.unet3d.planning.PatchShape;
import org.unet3d.planning.TrainingMemory;
import org.unet3d.progress.Progress;
import org.unet3d.training.loss.SegmentationLoss;

/**
 * Where a run starts: the network, the patch size it trains on, and the run's state; for a new
 * U-Net with random weights (shaped by the voxel size), a model to fine-tune (its architecture,
 * every layer whose shape still fits copied, a new output layer if the number of classes changed,
 * and a fresh optimizer), or a checkpoint to resume (its network with the optimizer state, and its
 * run's state). Also the intensity preprocessing and class names each of these keeps. Before a
 * network is built it checks that every training stack is at least its smallest size and that a
 * batch of patches fits in memory.
 */
final class StartingPoint {

	final UNet3DConfig network;
	/** Patch size, z, y, x. */
	final int[] patch;
	final ComputationGraph graph;
	final TrainingState state;

	private StartingPoint(final UNet3DConfig network, final int[] patch, final ComputationGraph graph,
		final TrainingState state)
	{
		this.network = network;
		this.patch = patch;
		this.graph = graph;
		this.state = state;
	}

	/** A new network for the configuration, with random weights from its seed. */
	static StartingPoint create(final TrainingConfig config, final ValidationSplit split, final int classes,
		final VoxelSize voxelSize, final SegmentationLoss loss, final Progress progress) throws IOException
	{
		final NetworkSettings n = config.network();
		final UNet3DConfig net = UNet3DConfig.builder().inputChannels(split.channels()).classes(classes).depth(n.depth())
			.baseFilters(n.baseFilters()).batchNorm(n.batchNorm()).dropout(n.dropout()).pooling(NetworkPlanner.poolingFor(voxelSize, n.depth())).kernels(n
				.kernels() == ConvolutionKernels.AUTO ? NetworkPlanner.kernelsFor(voxelSize, n.depth()) : null).build();
		final int[] given = config.sampling().patchSize();
		final int[] patch = given != null ? given : PatchShape.choose(split.largestTrainingShape(progress), voxelSize,
			net.sizeMultiple(), Trainer.DEFAULT_PATCH_VOXELS);
		checkFits(net, patch, config, split.trainingStacks(), true, progress);
		return new StartingPoint(net, patch, build(net, patch, config, loss), fresh(config));
	}

	/**
	 * Starts from a trained model: fine-tuning (its weights and this configuration's settings), or
	 * resuming (its network, optimizer and training state as saved).
	 *
	 * @throws IllegalArgumentException if the model was trained on another number of channels
	 */
	static StartingPoint from(final SegmentationModel model, final boolean resume, final TrainingConfig config,
		final ValidationSplit split, final int classes, final SegmentationLoss loss, final Progress progress)
		throws IOException
	{
		final UNet3DConfig old = model.config();
		if (old.inputChannels() != split.channels()) throw new IllegalArgumentException("The model was trained on " +
			old.inputChannels() + "-channel images, but the training images have " + split.channels() + " channel(s). " +
			"Use images with the same channels, or train a new model.");
		final UNet3DConfig net = old.toBuilder().classes(classes).build();
		final int[] given = config.sampling().patchSize();
		final int[] patch = given != null ? given : model.metadata().patchSize();
		checkFits(net, patch, config, split.trainingStacks(), false, progress);
		if (resume) {
			final TrainingState state = TrainingState.fromJson(model.metadata().training().state());
			model.graph().setLearningRate(state.learningRate);
			return new StartingPoint(net, patch, model.graph(), state);
		}
		final ComputationGraph graph = build(net, patch, config, loss);
		final int copied = copyWeights(model.graph(), graph);
		progress.status("Fine-tuning: " + copied + " of " + graph.getLayers().length + " layers start from the model" +
			(old.classes() != classes ? "; new output layer for " + classes + " classes (was " + old.classes() + ")"
				: ""));
		return new StartingPoint(net, patch, graph, fresh(config));
	}

	/**
	 * The preprocessing of a run: a new run uses the configured one; resuming keeps the model's;
	 * fine-tuning keeps its normalization, and its CLAHE unless the configuration asks for CLAHE.
	 *
	 * @param model the model a run starts from, null for a new network
	 */
	static Preprocessing preprocessing(final TrainingConfig config, final SegmentationModel model,
		final boolean resume)
	{
		if (model == null) return config.preprocessing();
		if (resume) return model.metadata().preprocessing();
		return Preprocessing.of(model.metadata().normalization(), config.preprocessing().clahe().isOff() ? model
			.metadata().clahe() : config.preprocessing().clahe());
	}

	/**
	 * The class names: those configured, else the model's when it has as many classes, else
	 * "background", "class 1", ...
	 *
	 * @throws IllegalArgumentException if the configured names are not one per class
	 */
	static String[] classNames(final TrainingConfig config, final SegmentationModel model, final int classes) {
		final String[] given = config.labels().classNames();
		if (given != null) {
			if (given.length != classes) throw new IllegalArgumentException("You named " + given.length + " classes (" +
				String.join(", ", given) + ") but the labels have " + classes + " (0.." + (classes - 1) + "). Give one " +
				"name per class id.");
			return given;
		}
		if (model != null) {
			final String[] old = model.metadata().classNames();
			if (old.length == classes) return old;
		}
		return ClassNames.defaults(classes);
	}

	/**
	 * Copies every parameter of {@code from} whose layer (by name) and shape match into {@code to}.
	 *
	 * @return the number of layers whose parameters were all copied
	 */
	static int copyWeights(final ComputationGraph from, final ComputationGraph to) {
		int layers = 0;
		for (final Layer l : to.getLayers()) {
			final Layer src = from.getLayer(l.conf().getLayer().getLayerName());
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

	private static ComputationGraph build(final UNet3DConfig net, final int[] patch, final TrainingConfig config,
		final SegmentationLoss loss)
	{
		return UNet3DBuilder.of(net).seed(config.seed()).updater(new Adam(config.schedule().learningRate())).loss(loss)
			.build(patch);
	}

	private static TrainingState fresh(final TrainingConfig config) {
		final TrainingState s = new TrainingState();
		s.learningRate = config.schedule().learningRate();
		return s;
	}

	/**
	 * Before the network is built: the patch suits it, every training stack is at least its smallest
	 * size (a stack is mirrored up to a patch), and a batch of patches fits in memory.
	 */
	private static void checkFits(final UNet3DConfig net, final int[] patch, final TrainingConfig config,
		final LoadedStacks stacks, final boolean newNetwork, final Progress progress) throws IOException
	{
		net.checkSize(patch, "Patch size");
		final String fix = net.depth() > 1 && newNetwork ? "a network with fewer levels (depth=" + (net.depth() - 1) +
			")" : "enlarge it (Image > Adjust > Canvas Size)";
		for (int i = 0; i < stacks.size(); i++) {
			final LabeledVolume v = stacks.volume(i, progress);
			net.checkStackSize(v.image().shapeZYX(), "Stack \"" + v.name() + "\"", fix);
		}
		TrainingMemory.check(net, patch, config.sampling().batchSize(), MemoryBudget.detect());
	}
}
