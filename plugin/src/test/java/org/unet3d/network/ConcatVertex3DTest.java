package org.unet3d.network;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Forward, backward (DL4J gradient check) and JSON round trip of the rank-5 concatenation. */
public class ConcatVertex3DTest {

	private DataType savedDefault;

	@Before
	public void doublePrecision() {
		savedDefault = Nd4j.dataType();
		Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
	}

	@After
	public void restorePrecision() {
		Nd4j.setDefaultDataTypes(savedDefault, savedDefault);
	}

	private static ComputationGraph twoBranchNet() {
		final Convolution3D.DataFormat f = Convolution3D.DataFormat.NCDHW;
		final ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
			.updater(new NoOp()).weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same).graphBuilder()
			.addInputs("in").setInputTypes(InputType.convolutional3D(f, 4, 5, 6, 2))
			.addLayer("a", new Convolution3D.Builder().kernelSize(3, 3, 3).nOut(2).activation(Activation.TANH)
				.dataFormat(f).build(), "in")
			.addLayer("b", new Convolution3D.Builder().kernelSize(1, 1, 1).nOut(3).activation(Activation.TANH)
				.dataFormat(f).build(), "in")
			.addVertex("cat", new ConcatVertex3D(), "a", "b")
			.addLayer("head", new Convolution3D.Builder().kernelSize(3, 3, 3).nOut(3).activation(Activation.IDENTITY)
				.dataFormat(f).build(), "cat")
			.addLayer("out", new Cnn3DLossLayer.Builder(f).lossFunction(new LossMCXENT()).activation(Activation.SOFTMAX)
				.build(), "head")
			.setOutputs("out").build();
		final ComputationGraph g = new ComputationGraph(conf);
		g.init();
		return g;
	}

	private static INDArray oneHot(final long n, final int k, final long... spatial) {
		final INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, k, spatial[0], spatial[1], spatial[2]);
		final java.util.Random r = new java.util.Random(3);
		for (long i = 0; i < n; i++)
			for (long z = 0; z < spatial[0]; z++)
				for (long y = 0; y < spatial[1]; y++)
					for (long x = 0; x < spatial[2]; x++)
						labels.putScalar(new long[] { i, r.nextInt(k), z, y, x }, 1.0);
		return labels;
	}

	@Test
	public void forwardConcatenatesChannelsInOrder() {
		final ComputationGraph g = twoBranchNet();
		final INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 5, 6);
		final java.util.Map<String, INDArray> acts = g.feedForward(in, false);
		final INDArray cat = acts.get("cat");
		assertArrayEquals(new long[] { 2, 5, 4, 5, 6 }, cat.shape());
		assertEquals(acts.get("a"), cat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2), NDArrayIndex.all(),
			NDArrayIndex.all(), NDArrayIndex.all()));
		assertEquals(acts.get("b"), cat.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5), NDArrayIndex.all(),
			NDArrayIndex.all(), NDArrayIndex.all()));
	}

	@Test
	public void gradientCheckTwoBranches() {
		final ComputationGraph g = twoBranchNet();
		final INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 5, 6);
		final boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(
			new INDArray[] { in }).labels(new INDArray[] { oneHot(2, 3, 4, 5, 6) }).epsilon(1e-6).maxRelError(1e-3)
			.minAbsoluteError(1e-8));
		assertTrue("Gradient check failed for ConcatVertex3D between two branches", ok);
	}

	@Test
	public void gradientCheckWholeUNet() {
		final UNet3DConfig config = UNet3DConfig.builder().depth(2).baseFilters(2).classes(3).build();
		assertTrue("Gradient check failed for the whole U-Net (concatenated skips)", unetGradientsCheck(config, 11,
			new int[] { 8, 8, 8 }));
	}

	/** The same with in-plane (1x3x3) kernels at the top level, as chosen for serial-section EM. */
	@Test
	public void gradientCheckUNetWithInPlaneKernels() {
		final UNet3DConfig config = UNet3DConfig.builder().depth(2).baseFilters(2).classes(2).pooling(new int[][] { { 1,
			2, 2 }, { 2, 2, 2 } }).kernels(new int[][] { { 1, 3, 3 }, { 3, 3, 3 }, { 3, 3, 3 } }).build();
		assertTrue("Gradient check failed for the U-Net with 1x3x3 kernels", unetGradientsCheck(config, 13, new int[] {
			4, 8, 8 }));
	}

	/**
	 * Gradient check of a whole U-Net (double precision, tanh) on one random patch whose labels are
	 * all class 1. The score sums over the patch's voxels (~560 for 512), so central differences
	 * resolve gradients to ~5e-7: absolute differences below 1e-6 are floating point noise, not errors.
	 */
	private static boolean unetGradientsCheck(final UNet3DConfig config, final long seed, final int[] zyx) {
		final ComputationGraph g = UNet3DBuilder.of(config).dataType(DataType.DOUBLE).updater(new NoOp()).activation(
			Activation.TANH).seed(seed).build(zyx);
		final INDArray in = Nd4j.rand(DataType.DOUBLE, 1, 1, zyx[0], zyx[1], zyx[2]);
		return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(new INDArray[] { in })
			.labels(new INDArray[] { oneHot(1, config.classes(), zyx[0], zyx[1], zyx[2]) }).epsilon(1e-6).maxRelError(1e-3)
			.minAbsoluteError(1e-6));
	}

	@Test
	public void configurationJsonRoundTrip() {
		final ComputationGraphConfiguration conf = UNet3DBuilder.of(UNet3DConfig.builder().depth(2).baseFilters(4)
			.build()).configuration(new int[] { 16, 16, 16 });
		final ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
		assertEquals(conf, back);
		assertTrue(back.getVertices().get("concat0") instanceof ConcatVertex3D);
	}
}
