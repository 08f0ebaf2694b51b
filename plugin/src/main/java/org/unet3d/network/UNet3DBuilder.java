package org.unet3d.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Turns a {@link UNet3DConfig} into a DL4J {@link ComputationGraph}: per level two 3x3x3 (or, for
 * anisotropic voxels, 1x3x3) convolutions ({@link Conv3D}, + {@link BatchNorm3D}) with ReLU, max pooling, up-convolution
 * ({@link UpConv3D}), channel concatenation with the encoder's output ({@link ConcatVertex3D}), and
 * a 1x1x1 convolution to the classes with a softmax. Models saved before {@link Conv3D} existed
 * hold DL4J's Convolution3D instead; they load and compute the same. Input {@code "input"} is
 * {@code [N, C, D, H, W]}; output {@code "output"} is
 * {@code [N, K, D, H, W]} class probabilities.
 */
public final class UNet3DBuilder {

	/** Name of the network's input. */
	public static final String INPUT = "input";
	/** Name of the network's output (softmax over classes). */
	public static final String OUTPUT = "output";

	static {
		NativeLibraries.configure();
	}

	private final UNet3DConfig config;
	private long seed = 42;
	private IUpdater updater = new Adam(1e-3);
	private ILossFunction loss = new LossMCXENT();
	private DataType dataType = DataType.FLOAT;
	private Activation activation = Activation.RELU;
	private boolean firstConvolution;

	private UNet3DBuilder(final UNet3DConfig config) {
		this.config = config;
	}

	public static UNet3DBuilder of(final UNet3DConfig config) {
		return new UNet3DBuilder(config);
	}

	/** Seed for the initial weights. */
	public UNet3DBuilder seed(final long s) {
		this.seed = s;
		return this;
	}

	/** Optimizer; default Adam with learning rate 1e-3. */
	public UNet3DBuilder updater(final IUpdater u) {
		this.updater = u;
		return this;
	}

	/** Loss on the softmax output; default plain cross-entropy. */
	public UNet3DBuilder loss(final ILossFunction l) {
		this.loss = l;
		return this;
	}

	/** Floating point type of weights and activations; FLOAT unless a gradient check needs DOUBLE. */
	public UNet3DBuilder dataType(final DataType t) {
		this.dataType = t;
		return this;
	}

	/** Activation after each convolution; ReLU unless a gradient check needs a smooth one (TANH). */
	public UNet3DBuilder activation(final Activation a) {
		this.activation = a;
		return this;
	}

	/** The graph configuration for patches of the given size (z, y, x); other sizes work at run time. */
	public ComputationGraphConfiguration configuration(final int[] patchZYX) {
		config.checkSize(patchZYX, "Patch size");
		final ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed).updater(
			updater).weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same).dataType(dataType)
			.trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED).graphBuilder()
			.addInputs(INPUT).setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, patchZYX[0],
				patchZYX[1], patchZYX[2], config.inputChannels()));

		String x = INPUT;
		firstConvolution = true;
		final String[] skips = new String[config.depth()];
		for (int l = 0; l < config.depth(); l++) {
			x = convBlock(g, "enc" + l, x, config.filters(l), config.kernel(l));
			skips[l] = x;
			g.addLayer("pool" + l, new Subsampling3DLayer.Builder(Subsampling3DLayer.PoolingType.MAX).kernelSize(config
				.pooling(l)).stride(config.pooling(l)).dataFormat(Convolution3D.DataFormat.NCDHW).build(), x);
			x = "pool" + l;
		}
		x = convBlock(g, "bottom", x, config.filters(config.depth()), config.kernel(config.depth()));
		for (int l = config.depth() - 1; l >= 0; l--) {
			final UpConv3D up = UpConv3D.of(config.pooling(l), config.filters(l));
			if (l == config.depth() - 1 && config.dropout() > 0) up.setIDropout(new Dropout(1 - config.dropout()));
			g.addLayer("up" + l, up, x);
			g.addVertex("concat" + l, new ConcatVertex3D(), "up" + l, skips[l]);
			x = convBlock(g, "dec" + l, "concat" + l, config.filters(l), config.kernel(l));
		}
		g.addLayer("head", Conv3D.of(new int[] { 1, 1, 1 }, config.classes(), Activation.IDENTITY), x);
		g.addLayer(OUTPUT, new Cnn3DLossLayer.Builder(Convolution3D.DataFormat.NCDHW).lossFunction(loss).activation(
			Activation.SOFTMAX).build(), "head");
		g.setOutputs(OUTPUT);
		return g.build();
	}

	/** Builds and initializes the network (random weights from the seed). */
	public ComputationGraph build(final int[] patchZYX) {
		final ComputationGraph graph = new ComputationGraph(configuration(patchZYX));
		graph.init();
		return graph;
	}

	/**
	 * The same network with {@link Conv3D} in place of DL4J's Convolution3D (models saved before
	 * Conv3D existed): same configuration otherwise, same parameters and optimizer state, the same
	 * results, the faster runtime. Returns {@code graph} itself when there is nothing to replace.
	 */
	public static ComputationGraph upgrade(final ComputationGraph graph) {
		final String json = graph.getConfiguration().toJson();
		final String dl4j = "\"" + Convolution3D.class.getName() + "\"";
		if (!json.contains(dl4j)) return graph;
		final ComputationGraph g = new ComputationGraph(ComputationGraphConfiguration.fromJson(json.replace(dl4j, "\"" +
			Conv3D.class.getName() + "\"")));
		g.init(graph.params().dup(), true);
		if (graph.getUpdater(false) != null && graph.getUpdater().getStateViewArray() != null) g.getUpdater()
			.getStateViewArray().assign(graph.getUpdater().getStateViewArray());
		g.getConfiguration().setIterationCount(graph.getConfiguration().getIterationCount());
		g.getConfiguration().setEpochCount(graph.getConfiguration().getEpochCount());
		return g;
	}

	/** Number of classes a network built here predicts (-1 if it is not such a network). */
	public static long classesOf(final ComputationGraph graph) {
		final org.deeplearning4j.nn.api.Layer head = graph.getLayer("head");
		if (head == null || !(head.conf().getLayer() instanceof Convolution3D)) return -1;
		return ((Convolution3D) head.conf().getLayer()).getNOut();
	}

	private String convBlock(final ComputationGraphConfiguration.GraphBuilder g, final String name, final String input,
		final int filters, final int[] kernel)
	{
		String x = input;
		for (final String part : new String[] { "a", "b" }) {
			final String conv = name + "_" + part;
			if (config.batchNorm()) {
				g.addLayer(conv, conv(kernel, filters, Activation.IDENTITY), x);
				g.addLayer(conv + "_bn", new BatchNorm3D(), conv);
				g.addLayer(conv + "_relu", new ActivationLayer.Builder().activation(activation).build(), conv + "_bn");
				x = conv + "_relu";
			}
			else {
				g.addLayer(conv, conv(kernel, filters, activation), x);
				x = conv;
			}
		}
		return x;
	}

	private Conv3D conv(final int[] kernel, final int filters, final Activation activation) {
		final Conv3D c = Conv3D.of(kernel, filters, activation);
		if (!firstConvolution) return c;
		firstConvolution = false;
		return c.withoutInputGradient(); // its input is the network input
	}
}
