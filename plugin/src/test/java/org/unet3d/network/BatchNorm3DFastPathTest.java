package org.unet3d.network;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The fast 32-bit path of {@link BatchNorm3DLayer} computes what DL4J's BatchNormalization
 * computes (which {@link BatchNorm3DTest} gradient-checks in double precision): outputs in
 * training and inference mode, the input gradient, the gamma and beta gradients and the update of
 * the running mean and standard deviation.
 */
public class BatchNorm3DFastPathTest {

	private static BatchNorm3DLayer layer(final long seed) {
		final UNet3DConfig config = UNet3DConfig.builder().depth(1).baseFilters(3).classes(2).batchNorm(true).build();
		final ComputationGraph g = UNet3DBuilder.of(config).dataType(DataType.FLOAT).updater(new NoOp()).seed(seed)
			.build(new int[] { 4, 4, 4 });
		g.initGradientsView();
		final BatchNorm3DLayer bn = (BatchNorm3DLayer) g.getLayer("enc0_a_bn");
		Nd4j.getRandom().setSeed(seed);
		for (final Map.Entry<String, INDArray> p : bn.paramTable().entrySet())
			p.getValue().assign(Nd4j.rand(DataType.FLOAT, p.getValue().shape()).muli(0.8).addi(0.3));
		return bn;
	}

	private static Map<String, float[]> run(final BatchNorm3DLayer bn, final boolean reference, final INDArray x,
		final INDArray eps)
	{
		bn.reference = reference;
		final Map<String, float[]> r = new LinkedHashMap<>();
		final LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
		bn.setInput(x.dup(), mgr);
		r.put("inference output", bn.activate(false, mgr).dup().data().asFloat());
		bn.setInput(x.dup(), mgr);
		r.put("training output", bn.activate(true, mgr).dup().data().asFloat());
		final Pair<Gradient, INDArray> p = bn.backpropGradient(eps.dup(), mgr);
		r.put("input gradient", p.getSecond().dup('c').data().asFloat());
		for (final Map.Entry<String, INDArray> g : p.getFirst().gradientForVariable().entrySet())
			r.put(g.getKey() + " gradient", g.getValue().dup().data().asFloat());
		return r;
	}

	@Test
	public void fastPathEqualsDl4jBatchNormalization() {
		final BatchNorm3DLayer bn = layer(3);
		Nd4j.getRandom().setSeed(11);
		final INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 6, 7).muli(4).subi(1);
		final INDArray eps = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 6, 7).subi(0.5);
		final Map<String, float[]> expected = run(bn, true, x, eps);
		final Map<String, float[]> actual = run(bn, false, x, eps);
		assertEquals(expected.keySet(), actual.keySet());
		for (final String k : expected.keySet()) {
			final float[] e = expected.get(k);
			float scale = 1e-3f;
			for (final float v : e)
				scale = Math.max(scale, Math.abs(v));
			assertEquals(k, e.length, actual.get(k).length);
			assertArrayEquals(k, e, actual.get(k), 2e-5f * scale);
		}
	}
}
