package org.unet3d.benchmark;

import static org.junit.Assert.assertEquals;

import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;

/** The analytic FLOP count equals a count over the layers and activation shapes of a real network. */
public class FlopCountTest {

	/** 2 x kernel volume x in x out per output voxel, summed over the convolutions of the built graph. */
	private static double countFromGraph(final UNet3DConfig c, final int[] patch, final int batch) {
		final ComputationGraph g = UNet3DBuilder.of(c).build(patch);
		final Map<String, INDArray> acts = g.feedForward(Nd4j.rand(DataType.FLOAT, batch, c.inputChannels(), patch[0],
			patch[1], patch[2]), false);
		double flops = 0;
		for (final Layer l : g.getLayers()) {
			final Object conf = l.conf().getLayer();
			final double outVoxels = acts.get(l.conf().getLayer().getLayerName()).length() / (double) acts.get(l.conf()
				.getLayer().getLayerName()).size(1);
			if (conf instanceof Convolution3D) {
				final Convolution3D cv = (Convolution3D) conf;
				final int[] k = cv.getKernelSize();
				flops += 2.0 * k[0] * k[1] * k[2] * cv.getNIn() * cv.getNOut() * outVoxels;
			}
			else if (conf instanceof Deconvolution3D) {
				final Deconvolution3D d = (Deconvolution3D) conf;
				flops += 2.0 * d.getNIn() * d.getNOut() * outVoxels; // kernel = stride: one tap per output voxel
			}
		}
		return flops;
	}

	@Test
	public void forwardMatchesTheLayers() {
		final UNet3DConfig iso = UNet3DConfig.builder().depth(2).baseFilters(4).classes(3).build();
		assertEquals(countFromGraph(iso, new int[] { 8, 16, 16 }, 2), FlopCount.forward(iso, new int[] { 8, 16, 16 }, 2),
			1e-6);
		final UNet3DConfig aniso = UNet3DConfig.builder().depth(3).baseFilters(2).classes(2).inputChannels(2).pooling(
			new int[][] { { 1, 2, 2 }, { 1, 2, 2 }, { 2, 2, 2 } }).build();
		assertEquals(countFromGraph(aniso, new int[] { 4, 16, 24 }, 1), FlopCount.forward(aniso, new int[] { 4, 16, 24 },
			1), 1e-6);
	}

	@Test
	public void trainingStepIsThreeTimesForwardLessTheFirstInputGradient() {
		final UNet3DConfig c = UNet3DConfig.builder().depth(3).baseFilters(16).classes(4).build();
		final int[] p = { 64, 64, 64 };
		final double first = 2.0 * 27 * 1 * 16 * 64 * 64 * 64;
		assertEquals(3 * FlopCount.forward(c, p, 1) - first, FlopCount.trainingStep(c, p, 1), 1);
		// the 64^3, 16-filter network by hand: convolutions 27.63, up-convolutions 0.47, head 0.03 GFLOP
		assertEquals(28.135e9, FlopCount.forward(c, p, 1), 0.001e9);
	}
}
