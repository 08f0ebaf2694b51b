package org.unet3d.planning;

import org.unet3d.network.UNet3DConfig;

/**
 * What a network's activations take in native memory, per voxel of a tile or patch: the basis of
 * every tile, patch and batch size chosen to fit ({@link TilePlanner}, {@link TrainingMemory}).
 */
public final class ActivationMemory {

	private ActivationMemory() {}

	/**
	 * Native memory a network needs per voxel of a tile or patch in one forward pass: every
	 * activation of the U-Net (input, two convolutions per level and the bottom, pooled maps,
	 * up-convolutions, concatenations, class scores and probabilities; batch normalization and ReLU
	 * as extra maps), 4 bytes each, scaled by each level's resolution. Measured peaks of
	 * ND4J/oneDNN are 0.6 - 0.8 times this (DL4J frees maps it no longer needs), so it is a safe
	 * bound.
	 */
	public static long bytesPerVoxel(final UNet3DConfig net) {
		final int perConv = net.batchNorm() ? 3 : 1;
		double floats = net.inputChannels() + 2.0 * net.classes();
		double scale = 1;
		for (int l = 0; l < net.depth(); l++) {
			final int f = net.filters(l);
			final int[] p = net.pooling(l);
			final double next = scale / (p[0] * p[1] * p[2]);
			floats += scale * (2 * perConv * f) // encoder convolutions
				+ next * f // pooled map
				+ scale * (f + 2 * f + 2 * perConv * f); // up-convolution, concatenation, decoder convolutions
			scale = next;
		}
		floats += scale * 2 * perConv * net.filters(net.depth());
		return (long) Math.ceil(4 * floats);
	}

	/**
	 * Native memory per tile voxel of the segmentation network ({@link org.unet3d.network.InferenceNetwork}),
	 * which allocates its buffers once and reuses them: the input, per level a convolution output,
	 * the kept encoder output, the concatenation and the pooled map, the bottom's two maps, class
	 * scores and probabilities, 4 bytes each, scaled by each level's resolution.
	 */
	public static long inferenceBytesPerVoxel(final UNet3DConfig net) {
		double floats = net.inputChannels() + 2.0 * net.classes();
		double scale = 1;
		for (int l = 0; l < net.depth(); l++) {
			final int[] p = net.pooling(l);
			final double next = scale / (p[0] * p[1] * p[2]);
			floats += scale * 4 * net.filters(l) + next * net.filters(l);
			scale = next;
		}
		floats += scale * 2 * net.filters(net.depth());
		return (long) Math.ceil(4 * floats);
	}
}
