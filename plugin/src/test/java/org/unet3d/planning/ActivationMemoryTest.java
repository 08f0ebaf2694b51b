package org.unet3d.planning;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.Test;
import org.unet3d.network.InferenceNetwork;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;

/** The activation memory per voxel counts every map of the U-Net at its level's resolution. */
public class ActivationMemoryTest {

	private static final UNet3DConfig NET = UNet3DConfig.builder().depth(3).baseFilters(16).classes(2).build();

	@Test
	public void memoryPerVoxelGrowsWithTheNetwork() {
		final long f16 = ActivationMemory.bytesPerVoxel(NET);
		final long f32 = ActivationMemory.bytesPerVoxel(NET.toBuilder().baseFilters(32).build());
		final long bn = ActivationMemory.bytesPerVoxel(NET.toBuilder().batchNorm(true).build());
		assertTrue(f16 + " " + f32, f32 > 1.9 * f16 && f32 < 2.1 * f16);
		assertTrue(bn > 1.5 * f16);
		// 16 filters, 3 levels: 154 activations per voxel at full resolution (measured peak ~440 B/voxel)
		assertEquals(154, f16 / 4, 2);
	}

	@Test
	public void oneLevelCountedByHand() {
		final UNet3DConfig one = UNet3DConfig.builder().depth(1).baseFilters(4).classes(2).build();
		// input 1, encoder convolutions 4 + 4, pooled 4 / 8, bottom convolutions (8 + 8) / 8, up-convolution 4,
		// concatenation 8, decoder convolutions 4 + 4, class scores 2 and probabilities 2: 35.5 floats
		assertEquals(142, ActivationMemory.bytesPerVoxel(one));
		// pooling only in the plane keeps the bottom at a quarter of the voxels instead of an eighth
		final UNet3DConfig flat = one.toBuilder().pooling(new int[][] { { 1, 2, 2 } }).build();
		assertEquals(4 * (35.5 - 0.5 - 2 + 1 + 4), ActivationMemory.bytesPerVoxel(flat), 0);
	}

	/** The segmentation network's buffers, counted by hand and as it allocates them. */
	@Test
	public void inferenceMemoryIsWhatTheInferenceNetworkAllocates() {
		final UNet3DConfig one = UNet3DConfig.builder().depth(1).baseFilters(2).classes(3).build();
		// input 1, scores and probabilities 2 * 3, level 0: 4 maps of 2, pooled 2 / 8, bottom 2 maps of 4 / 8
		assertEquals((long) Math.ceil(4 * (1 + 6 + 8 + 0.25 + 1)), ActivationMemory.inferenceBytesPerVoxel(one));
		for (final UNet3DConfig net : new UNet3DConfig[] { NET.toBuilder().batchNorm(true).classes(3).build(), one,
			NET.toBuilder().inputChannels(2).pooling(new int[][] { { 1, 2, 2 }, { 2, 2, 2 }, { 2, 2, 2 } }).build() })
		{
			final int[] tile = { 16, 24, 32 };
			final ComputationGraph g = UNet3DBuilder.of(net).build(tile);
			try (InferenceNetwork n = InferenceNetwork.of(g, net, 2, tile)) {
				assertEquals(net.toString(), ActivationMemory.inferenceBytesPerVoxel(net) * 2 * 16 * 24 * 32, n
					.nativeBytes(), 2 * 16 * 24 * 32); // rounded up to whole bytes per voxel
			}
		}
	}
}
