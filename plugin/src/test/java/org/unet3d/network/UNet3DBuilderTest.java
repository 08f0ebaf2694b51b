package org.unet3d.network;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.unet3d.data.VoxelSize;
import org.unet3d.planning.NetworkPlanner;

/** The network has the U-Net's shape, also with anisotropic pooling, and its configuration round-trips. */
public class UNet3DBuilderTest {

	@Test
	public void anisotropicShapesPerLevel() {
		final UNet3DConfig c = UNet3DConfig.builder().depth(3).baseFilters(2).classes(3).pooling(new int[][] { { 1, 2,
			2 }, { 1, 2, 2 }, { 2, 2, 2 } }).build();
		assertArrayEquals(new int[] { 2, 8, 8 }, c.sizeMultiple());
		final ComputationGraph g = UNet3DBuilder.of(c).build(new int[] { 8, 32, 48 });
		final Map<String, INDArray> a = g.feedForward(Nd4j.rand(DataType.FLOAT, 1, 1, 8, 32, 48), false);
		assertArrayEquals(new long[] { 1, 2, 8, 32, 48 }, a.get("enc0_b").shape());
		assertArrayEquals(new long[] { 1, 4, 8, 16, 24 }, a.get("enc1_b").shape());
		assertArrayEquals(new long[] { 1, 8, 8, 8, 12 }, a.get("enc2_b").shape());
		assertArrayEquals(new long[] { 1, 16, 4, 4, 6 }, a.get("bottom_b").shape());
		assertArrayEquals(new long[] { 1, 16, 8, 8, 12 }, a.get("concat2").shape());
		assertArrayEquals(new long[] { 1, 3, 8, 32, 48 }, a.get(UNet3DBuilder.OUTPUT).shape());
		final INDArray p = a.get(UNet3DBuilder.OUTPUT).sum(1);
		assertEquals("softmax sums to 1", 1.0, p.minNumber().doubleValue(), 1e-5);
		assertEquals(1.0, p.maxNumber().doubleValue(), 1e-5);
	}

	@Test
	public void parameterCountMatchesTheArchitecture() {
		final int f = 4, k = 3;
		final ComputationGraph g = UNet3DBuilder.of(UNet3DConfig.builder().depth(2).baseFilters(f).classes(k).build())
			.build(new int[] { 8, 8, 8 });
		long expected = 0;
		final int[] ch = { f, 2 * f, 4 * f };
		int in = 1;
		for (int l = 0; l < 2; l++) { // encoder: two 3x3x3 convolutions
			expected += 27L * in * ch[l] + ch[l] + 27L * ch[l] * ch[l] + ch[l];
			in = ch[l];
		}
		expected += 27L * ch[1] * ch[2] + ch[2] + 27L * ch[2] * ch[2] + ch[2]; // bottom
		for (int l = 1; l >= 0; l--) { // up-convolution 2x2x2, then two convolutions on the concatenation
			expected += 8L * ch[l + 1] * ch[l] + ch[l];
			expected += 27L * 2 * ch[l] * ch[l] + ch[l] + 27L * ch[l] * ch[l] + ch[l];
		}
		expected += (long) ch[0] * k + k; // 1x1x1 head
		assertEquals(expected, g.numParams());
	}

	@Test
	public void sizeErrorsNameTheFix() {
		final UNet3DConfig c = UNet3DConfig.builder().depth(3).build();
		try {
			c.checkSize(new int[] { 30, 64, 64 }, "Patch size");
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("multiple of 8") && e.getMessage().contains("Use 24 or 32"));
		}
	}

	@Test
	public void configurationsRoundTripAsJson() {
		final UNet3DConfig c = UNet3DConfig.builder().depth(2).baseFilters(4).classes(5).inputChannels(2).batchNorm(true)
			.dropout(0.2).pooling(new int[][] { { 1, 2, 2 }, { 2, 2, 2 } }).build();
		assertEquals(c, UNet3DConfig.fromJson(c.toJson()));
		final ComputationGraphConfiguration conf = UNet3DBuilder.of(c).configuration(new int[] { 8, 16, 16 });
		final ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
		assertEquals(conf, back);
		assertTrue(((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("up0")).getLayerConf()
			.getLayer() instanceof UpConv3D);
		assertTrue(((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("enc0_a_bn")).getLayerConf()
			.getLayer() instanceof BatchNorm3D);
		// only the first convolution, whose input is the network input, skips its input gradient
		for (final String v : back.getVertices().keySet()) {
			final org.deeplearning4j.nn.conf.graph.GraphVertex gv = back.getVertices().get(v);
			if (gv instanceof org.deeplearning4j.nn.conf.graph.LayerVertex && ((org.deeplearning4j.nn.conf.graph.LayerVertex) gv)
				.getLayerConf().getLayer() instanceof Conv3D) assertEquals(v, !v.equals("enc0_a"),
					((Conv3D) ((org.deeplearning4j.nn.conf.graph.LayerVertex) gv).getLayerConf().getLayer())
						.isInputGradient());
		}
	}

	@Test
	public void receptiveFieldGrowsWithDepth() {
		final int[] r2 = UNet3DConfig.builder().depth(2).build().receptiveFieldRadius();
		final int[] r3 = UNet3DConfig.builder().depth(3).build().receptiveFieldRadius();
		assertTrue(r3[0] > r2[0]);
		final int[] aniso = UNet3DConfig.builder().depth(3).pooling(new int[][] { { 1, 2, 2 }, { 1, 2, 2 }, { 1, 2,
			2 } }).build().receptiveFieldRadius();
		assertTrue("z sees less far without z pooling", aniso[0] < aniso[1]);
	}

	@Test
	public void inPlaneKernelsBuildRoundTripAndShrinkTheReach() {
		final VoxelSize em = new VoxelSize(4, 4, 50, "nm");
		final UNet3DConfig flat = UNet3DConfig.builder().depth(3).baseFilters(2).classes(2).pooling(NetworkPlanner
			.poolingFor(em, 3)).kernels(NetworkPlanner.kernelsFor(em, 3)).build();
		final UNet3DConfig cubic = flat.toBuilder().kernels(null).build();
		assertEquals(flat, UNet3DConfig.fromJson(flat.toJson()));
		assertTrue(!flat.equals(cubic));
		assertTrue(flat.toString(), flat.toString().contains("kernels 1x3x3 1x3x3 1x3x3 3x3x3"));
		final ComputationGraph g = UNet3DBuilder.of(flat).build(new int[] { 4, 16, 16 });
		for (final String name : new String[] { "enc0_a", "enc2_b", "dec1_a", "dec0_b" })
			assertArrayEquals(name, new int[] { 1, 3, 3 }, ((Conv3D) g.getLayer(name).conf().getLayer()).getKernelSize());
		assertArrayEquals(new int[] { 3, 3, 3 }, ((Conv3D) g.getLayer("bottom_a").conf().getLayer()).getKernelSize());
		// only the bottom block's two convolutions look across slices: 1 slice each way
		assertEquals(2, flat.receptiveFieldRadius()[0]);
		assertEquals(cubic.receptiveFieldRadius()[1], flat.receptiveFieldRadius()[1]);
		assertTrue(cubic.receptiveFieldRadius()[0] > 2);
		// in-plane kernels have a third of the weights
		final long flatParams = g.numParams();
		final long cubicParams = UNet3DBuilder.of(cubic).build(new int[] { 4, 16, 16 }).numParams();
		assertTrue(flatParams + " vs " + cubicParams, flatParams < cubicParams);
		final INDArray out = g.outputSingle(Nd4j.rand(DataType.FLOAT, 1, 1, 4, 16, 16));
		assertArrayEquals(new long[] { 1, 2, 4, 16, 16 }, out.shape());
	}

	@Test
	public void kernelSizesOtherThanOneOrThreeAreRefused() {
		try {
			UNet3DConfig.builder().depth(1).kernels(new int[][] { { 5, 3, 3 }, { 3, 3, 3 } }).build();
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("1 or 3"));
		}
		try {
			UNet3DConfig.builder().depth(2).kernels(new int[][] { { 1, 3, 3 }, { 3, 3, 3 } }).build();
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("per level and the bottom"));
		}
	}
}
