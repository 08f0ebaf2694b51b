package org.unet3d.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;

/** {@link SegmentationModel#probabilities} is the network's own output: softmax over classes. */
public class SegmentationModelTest {

	@Test
	public void probabilitiesAreTheNetworksSoftmaxOutput() {
		for (final int classes : new int[] { 2, 5 }) {
			final UNet3DConfig c = UNet3DConfig.builder().depth(2).baseFilters(4).classes(classes).batchNorm(classes == 5)
				.pooling(new int[][] { { 1, 2, 2 }, { 2, 2, 2 } }).build();
			final ComputationGraph g = UNet3DBuilder.of(c).seed(5).build(new int[] { 4, 8, 8 });
			// larger weights in the head spread the logits, so that the softmax is far from uniform
			g.getLayer("head").getParam("W").muli(20);
			final INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 4, 16, 8).subi(0.5).muli(4);
			final INDArray expected = g.outputSingle(false, x);
			final INDArray actual = SegmentationModel.probabilities(g, x);
			assertArrayEquals(expected.shape(), actual.shape());
			final double diff = expected.sub(actual).amaxNumber().doubleValue();
			assertTrue(classes + " classes: max difference " + diff, diff < 1e-6);
			assertTrue("not a trivial softmax", expected.amaxNumber().doubleValue() > 0.99);
			assertTrue("sums to one", actual.sum(1).sub(1).amaxNumber().doubleValue() < 1e-5);
		}
	}

	@Test
	public void softmaxIsStableForLargeLogits() {
		final INDArray a = Nd4j.createFromArray(new float[] { 1000f, 0f, -1000f, 1000f }).reshape(1, 2, 1, 1, 2);
		SegmentationModel.softmaxOverClasses(a);
		assertArrayEquals(new float[] { 1f, 0f, 0f, 1f }, a.data().asFloat(), 1e-6f);
	}
}
