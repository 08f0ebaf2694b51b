package org.unet3d.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Random;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.Convolution3DLayer;
import org.deeplearning4j.nn.layers.convolution.Deconvolution3DLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * {@link Conv3D} and {@link UpConv3D} compute what DL4J's Convolution3D and Deconvolution3D compute:
 * forward and backward compared numerically against DL4J's layers with the same parameters, in
 * double and single precision, plus DL4J gradient checks in double precision.
 */
public class FastLayersTest {

	private DataType saved;

	@Before
	public void rememberPrecision() {
		saved = Nd4j.dataType();
	}

	@After
	public void restorePrecision() {
		Nd4j.setDefaultDataTypes(saved, saved);
	}

	private static void precision(final DataType t) {
		Nd4j.setDefaultDataTypes(t, t);
	}

	/** input -> Conv3D (ReLU) -> Conv3D (tanh) -> UpConv3D -> Conv3D 1x1x1 -> softmax loss. */
	private static ComputationGraph chain(final DataType t, final int[] up, final int... dhw) {
		final Convolution3D.DataFormat f = Convolution3D.DataFormat.NCDHW;
		final ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(t).updater(
			new NoOp()).weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
			.setInputTypes(InputType.convolutional3D(f, dhw[0], dhw[1], dhw[2], 2))
			.addLayer("relu", Conv3D.of(new int[] { 3, 3, 3 }, 3, Activation.RELU), "in")
			.addLayer("tanh", Conv3D.of(new int[] { 3, 3, 3 }, 4, Activation.TANH), "relu")
			.addLayer("up", UpConv3D.of(up, 3), "tanh")
			.addLayer("head", Conv3D.of(new int[] { 1, 1, 1 }, 3, Activation.IDENTITY), "up")
			.addLayer("out", new Cnn3DLossLayer.Builder(f).lossFunction(new LossMCXENT()).activation(Activation.SOFTMAX)
				.build(), "head").setOutputs("out").build();
		final ComputationGraph g = new ComputationGraph(conf);
		g.init();
		// non-zero biases, so that bias paths are compared too
		for (final Map.Entry<String, INDArray> e : g.paramTable().entrySet())
			if (e.getKey().endsWith("_b")) e.getValue().assign(Nd4j.rand(t, e.getValue().shape()).subi(0.5));
		return g;
	}

	private static INDArray oneHot(final DataType t, final long n, final int k, final long d, final long h,
		final long w, final long seed)
	{
		final INDArray labels = Nd4j.zeros(t, n, k, d, h, w);
		final Random r = new Random(seed);
		for (long i = 0; i < n; i++)
			for (long z = 0; z < d; z++)
				for (long y = 0; y < h; y++)
					for (long x = 0; x < w; x++)
						labels.putScalar(new long[] { i, r.nextInt(k), z, y, x }, 1.0);
		return labels;
	}

	private static void assertClose(final String what, final INDArray expected, final INDArray actual,
		final double tol)
	{
		assertEquals(what + " shape", java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual
			.shape()));
		final double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
		final double diff = expected.sub(actual).amaxNumber().doubleValue();
		assertTrue(what + ": max difference " + diff + " (scale " + scale + ")", diff <= tol * scale);
	}

	/** Forward activations and all parameter gradients of ours vs DL4J's layers. */
	private static void compareWithDl4j(final ComputationGraph ours, final INDArray in, final INDArray labels,
		final double tol)
	{
		final ComputationGraph ref = ReferenceLayers.of(ours);
		assertTrue(ours.getLayer("relu") instanceof Conv3DLayer);
		assertTrue(ours.getLayer("up") instanceof UpConv3DLayer);
		assertTrue(ref.getLayer("relu").getClass() == Convolution3DLayer.class);
		assertTrue(ref.getLayer("up").getClass() == Deconvolution3DLayer.class);
		final Map<String, INDArray> a = ours.feedForward(new INDArray[] { in }, true, false);
		final Map<String, INDArray> b = ref.feedForward(new INDArray[] { in }, true, false);
		for (final String layer : new String[] { "relu", "tanh", "up", "head", "out" })
			assertClose("forward " + layer, b.get(layer), a.get(layer), tol);
		final MultiDataSet ds = new MultiDataSet(new INDArray[] { in }, new INDArray[] { labels });
		ours.setInputs(in);
		ours.setLabels(labels);
		ours.computeGradientAndScore();
		ref.setInputs(in);
		ref.setLabels(labels);
		ref.computeGradientAndScore();
		assertEquals("score", ref.score(), ours.score(), tol * Math.abs(ref.score()));
		final Map<String, INDArray> ga = ours.gradient().gradientForVariable();
		final Map<String, INDArray> gb = ref.gradient().gradientForVariable();
		assertEquals(gb.keySet(), ga.keySet());
		for (final String p : gb.keySet())
			assertClose("gradient " + p, gb.get(p), ga.get(p), tol);
		assertFalse(ds.getFeatures(0).isEmpty());
	}

	@Test
	public void sameAsDl4jInDoublePrecision() {
		precision(DataType.DOUBLE);
		for (final int[] up : new int[][] { { 2, 2, 2 }, { 1, 2, 2 }, { 2, 1, 3 } }) {
			final ComputationGraph g = chain(DataType.DOUBLE, up, 4, 6, 6);
			final INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 6, 6).subi(0.5);
			compareWithDl4j(g, in, oneHot(DataType.DOUBLE, 2, 3, 4 * up[0], 6 * up[1], 6 * up[2], 1), 1e-10);
		}
	}

	@Test
	public void sameAsDl4jInSinglePrecision() {
		precision(DataType.FLOAT);
		for (final int[] up : new int[][] { { 2, 2, 2 }, { 1, 2, 2 } }) {
			final ComputationGraph g = chain(DataType.FLOAT, up, 4, 6, 6);
			final INDArray in = Nd4j.rand(DataType.FLOAT, 3, 2, 4, 6, 6).subi(0.5);
			compareWithDl4j(g, in, oneHot(DataType.FLOAT, 3, 3, 4 * up[0], 6 * up[1], 6 * up[2], 2), 1e-5);
		}
	}

	/**
	 * Backprop on input channels padded with zeros to a block (what AVX-512 CPUs do for 8 channels)
	 * gives DL4J's gradients: here blocks of 4, so the 2- and 3-channel inputs of the chain are padded.
	 */
	@Test
	public void paddedChannelsSameAsDl4j() {
		assertEquals(4, withBlock(4, () -> Conv3DLayer.paddedChannels(2)));
		assertEquals(4, withBlock(4, () -> Conv3DLayer.paddedChannels(3)));
		assertEquals(1, withBlock(4, () -> Conv3DLayer.paddedChannels(1)));
		assertEquals(5, withBlock(4, () -> Conv3DLayer.paddedChannels(5)));
		assertEquals(3, withBlock(0, () -> Conv3DLayer.paddedChannels(3)));
		for (final DataType t : new DataType[] { DataType.DOUBLE, DataType.FLOAT }) {
			precision(t);
			withBlock(4, () -> {
				final ComputationGraph g = chain(t, new int[] { 2, 2, 2 }, 4, 6, 6);
				final INDArray in = Nd4j.rand(t, 2, 2, 4, 6, 6).subi(0.5);
				compareWithDl4j(g, in, oneHot(t, 2, 3, 8, 12, 12, 5), t == DataType.DOUBLE ? 1e-10 : 1e-5);
				return 0L;
			});
		}
	}

	private static long withBlock(final int block, final java.util.function.LongSupplier body) {
		final int before = Conv3DLayer.padChannelsTo(block);
		try {
			return body.getAsLong();
		}
		finally {
			Conv3DLayer.padChannelsTo(before);
		}
	}

	/** A level one voxel thick (e.g. the bottom of a thin patch) up-samples like any other. */
	@Test
	public void oneVoxelThickInput() {
		precision(DataType.DOUBLE);
		for (final int[] up : new int[][] { { 2, 2, 2 }, { 1, 2, 2 } }) {
			final ComputationGraph g = chain(DataType.DOUBLE, up, 1, 1, 6);
			final INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 1, 1, 6).subi(0.5);
			compareWithDl4j(g, in, oneHot(DataType.DOUBLE, 2, 3, up[0], up[1], 6 * up[2], 1), 1e-10);
		}
	}

	/** Backprop after a forward pass on another input recomputes instead of using the stale output. */
	@Test
	public void backpropFollowsTheCurrentInput() {
		precision(DataType.DOUBLE);
		final ComputationGraph g = chain(DataType.DOUBLE, new int[] { 2, 2, 2 }, 4, 6, 6);
		final ComputationGraph ref = ReferenceLayers.of(g);
		g.initGradientsView();
		ref.initGradientsView();
		final org.deeplearning4j.nn.workspace.LayerWorkspaceMgr mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr
			.noWorkspaces();
		final org.deeplearning4j.nn.api.Layer ours = g.getLayer("relu");
		final org.deeplearning4j.nn.api.Layer theirs = ref.getLayer("relu");
		final INDArray a = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 6, 6).subi(0.5);
		final INDArray b = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 6, 6).subi(0.5);
		final INDArray eps = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 6, 6).subi(0.5);
		ours.setInput(a, mgr);
		ours.activate(true, mgr);
		ours.setInput(b, mgr);
		final INDArray ga = ours.backpropGradient(eps.dup(), mgr).getFirst().getGradientFor("W").dup();
		theirs.setInput(b, mgr);
		final INDArray gb = theirs.backpropGradient(eps.dup(), mgr).getFirst().getGradientFor("W");
		assertClose("weight gradient for the current input", gb, ga, 1e-10);
	}

	@Test
	public void gradientCheck() {
		precision(DataType.DOUBLE);
		final ComputationGraph g = chain(DataType.DOUBLE, new int[] { 1, 2, 2 }, 2, 3, 3);
		final INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 2, 3, 3).subi(0.5);
		final boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(
			new INDArray[] { in }).labels(new INDArray[] { oneHot(DataType.DOUBLE, 2, 3, 2, 6, 6, 4) }).epsilon(1e-6)
			.maxRelError(1e-3).minAbsoluteError(1e-8).subset(true).maxPerParam(40));
		assertTrue("Gradient check failed for Conv3D / UpConv3D", ok);
	}

	@Test
	public void wholeUNetSameAsDl4j() {
		precision(DataType.FLOAT);
		for (final boolean bn : new boolean[] { false, true }) {
			final UNet3DConfig c = UNet3DConfig.builder().depth(2).baseFilters(4).classes(3).batchNorm(bn).pooling(
				new int[][] { { 1, 2, 2 }, { 2, 2, 2 } }).build();
			final ComputationGraph g = UNet3DBuilder.of(c).seed(9).build(new int[] { 4, 16, 16 });
			final ComputationGraph ref = ReferenceLayers.of(g);
			final INDArray in = Nd4j.rand(DataType.FLOAT, 2, 1, 4, 16, 16);
			final INDArray labels = oneHot(DataType.FLOAT, 2, 3, 4, 16, 16, 5);
			assertClose("prediction, batch norm " + bn, ref.outputSingle(false, in), g.outputSingle(false, in), 1e-5);
			g.setInputs(in);
			g.setLabels(labels);
			g.computeGradientAndScore();
			ref.setInputs(in);
			ref.setLabels(labels);
			ref.computeGradientAndScore();
			assertEquals(ref.score(), g.score(), 1e-5 * ref.score());
			assertClose("all gradients, batch norm " + bn, ref.gradient().gradient(), g.gradient().gradient(), 1e-4);
		}
	}
}
