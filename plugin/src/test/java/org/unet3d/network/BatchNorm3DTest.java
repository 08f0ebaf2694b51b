package org.unet3d.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/** BatchNorm3D normalizes per channel over N, D, H, W, backpropagates correctly, and round-trips as JSON. */
public class BatchNorm3DTest {

	private DataType saved;

	@Before
	public void doublePrecision() {
		saved = Nd4j.dataType();
		Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
	}

	@After
	public void restore() {
		Nd4j.setDefaultDataTypes(saved, saved);
	}

	private static ComputationGraph net() {
		final UNet3DConfig config = UNet3DConfig.builder().depth(1).baseFilters(2).classes(2).batchNorm(true).build();
		return UNet3DBuilder.of(config).dataType(DataType.DOUBLE).updater(new NoOp()).activation(Activation.TANH).seed(5)
			.build(new int[] { 4, 4, 4 });
	}

	@Test
	public void trainingModeOutputIsNormalizedPerChannel() {
		final ComputationGraph g = net();
		final INDArray in = Nd4j.rand(DataType.DOUBLE, 3, 1, 4, 4, 4).muli(5).addi(2);
		final INDArray bn = g.feedForward(new INDArray[] { in }, true, false).get("enc0_a_bn");
		assertEquals(5, bn.rank());
		for (int c = 0; c < bn.size(1); c++) {
			final INDArray ch = bn.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex
				.point(c)).dup();
			assertEquals("mean of channel " + c, 0, ch.meanNumber().doubleValue(), 1e-9);
			assertEquals("variance of channel " + c, 1, ch.varNumber().doubleValue() * (ch.length() - 1) / ch.length(),
				1e-3);
		}
	}

	@Test
	public void gradientCheck() {
		final ComputationGraph g = net();
		final INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 1, 4, 4, 4);
		final INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 2, 4, 4, 4);
		final java.util.Random r = new java.util.Random(1);
		for (int i = 0; i < 2; i++)
			for (int z = 0; z < 4; z++)
				for (int y = 0; y < 4; y++)
					for (int x = 0; x < 4; x++)
						labels.putScalar(new long[] { i, r.nextInt(2), z, y, x }, 1);
		final Set<String> running = new HashSet<>();
		for (final String p : g.paramTable().keySet())
			if (p.endsWith("_mean") || p.endsWith("_var") || p.endsWith("_log10stdev")) running.add(p);
		assertTrue("running statistics found", running.size() > 0);
		final boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(
			new INDArray[] { in }).labels(new INDArray[] { labels }).excludeParams(running).epsilon(1e-6).maxRelError(
				1e-3).minAbsoluteError(1e-7));
		assertTrue("Gradient check failed for BatchNorm3D", ok);
	}

	@Test
	public void jsonRoundTrip() {
		final ComputationGraphConfiguration conf = net().getConfiguration();
		final ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
		assertEquals(conf, back);
	}
}
