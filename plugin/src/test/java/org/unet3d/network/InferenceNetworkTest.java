package org.unet3d.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The inference network gives the probabilities of the DL4J graph it was made from: with batch
 * normalization (non-trivial running statistics, folded into the convolutions), without, with
 * anisotropic pooling and 1x3x3 kernels, several input channels, batches and partial batches.
 */
public class InferenceNetworkTest {

	@Test
	public void batchNormalizedNetworkGivesTheGraphsProbabilities() {
		final UNet3DConfig config = UNet3DConfig.builder().depth(3).baseFilters(4).classes(3).batchNorm(true).build();
		check(config, new int[] { 16, 24, 32 }, 2, 1);
	}

	@Test
	public void plainAnisotropicMultiChannelNetworkGivesTheGraphsProbabilities() {
		final UNet3DConfig config = UNet3DConfig.builder().inputChannels(2).depth(2).baseFilters(3).classes(2).pooling(
			new int[][] { { 1, 2, 2 }, { 2, 2, 2 } }).kernels(new int[][] { { 1, 3, 3 }, { 3, 3, 3 }, { 3, 3, 3 } })
			.build();
		check(config, new int[] { 6, 16, 20 }, 3, 2);
	}

	/** Tiles of more voxels than are copied in and out at a time (65,536), several channels. */
	@Test
	public void tilesLargerThanTheCopyChunkComeBackWhole() {
		final UNet3DConfig config = UNet3DConfig.builder().inputChannels(2).depth(1).baseFilters(2).classes(3).build();
		check(config, new int[] { 32, 48, 48 }, 2, 1);
	}

	@Test
	public void networksWithOtherActivationsAreLeftToTheGraph() {
		final UNet3DConfig config = UNet3DConfig.builder().depth(1).baseFilters(2).classes(2).build();
		final ComputationGraph g = UNet3DBuilder.of(config).activation(Activation.TANH).build(new int[] { 4, 4, 4 });
		assertNull(InferenceNetwork.of(g, config, 1, new int[] { 4, 4, 4 }));
	}

	private static void check(final UNet3DConfig config, final int[] tile, final int batch, final int n) {
		final ComputationGraph g = UNet3DBuilder.of(config).updater(new NoOp()).seed(7).build(tile);
		final Random r = new Random(3);
		if (config.batchNorm()) for (final String name : g.getConfiguration().getVertices().keySet())
			if (name.endsWith("_bn")) {
				final BatchNorm3DLayer bn = (BatchNorm3DLayer) g.getLayer(name);
				for (final java.util.Map.Entry<String, INDArray> p : bn.paramTable().entrySet())
					randomize(p.getValue(), r, p.getKey().equals(BatchNormalizationParamInitializer.GLOBAL_MEAN) ||
						p.getKey().equals(BatchNormalizationParamInitializer.BETA) ? -0.5 : 0.2, 1.5);
			}
		final int c = config.inputChannels(), k = config.classes();
		final int tv = tile[0] * tile[1] * tile[2];
		final float[] features = new float[batch * c * tv];
		for (int i = 0; i < features.length; i++)
			features[i] = (float) r.nextGaussian();
		final float[] probs = new float[batch * k * tv];
		try (InferenceNetwork net = InferenceNetwork.of(g, config, batch, tile)) {
			assertNotNull(net);
			for (final int tiles : new int[] { batch, n }) {
				net.predict(features, tiles, probs);
				final INDArray in = Nd4j.create(java.util.Arrays.copyOf(features, tiles * c * tv), new long[] { tiles, c,
					tile[0], tile[1], tile[2] }, 'c');
				final float[] expected = g.outputSingle(false, in).dup('c').data().asFloat();
				double max = 0;
				for (int i = 0; i < expected.length; i++)
					max = Math.max(max, Math.abs(expected[i] - probs[i]));
				assertTrue("largest difference from the graph " + max + " with " + tiles + " tile(s)", max < 1e-4);
			}
		}
	}

	private static void randomize(final INDArray a, final Random r, final double lo, final double hi) {
		for (long i = 0; i < a.length(); i++)
			a.putScalar(i, lo + (hi - lo) * r.nextDouble());
	}
}
