package org.unet3d.benchmark;

import org.unet3d.network.UNet3DConfig;

/**
 * Floating point operations of the U-Net, counted analytically (a multiply-add is 2 FLOPs) over
 * the layers that do arithmetic per weight: the 3x3x3 convolutions ({@code 2 * 27 * in * out} per
 * output voxel), the up-convolutions ({@code 2 * in * out} per output voxel, kernel = stride) and
 * the 1x1x1 head ({@code 2 * filters * classes} per voxel). Pooling, ReLU, concatenation, softmax,
 * loss and the optimizer are elementwise and left out (together below 1 % here). A training step
 * counts each layer three times (forward, gradient of the input, gradient of the weights), except
 * the input gradient of the first convolution, which no one needs.
 */
public final class FlopCount {

	private FlopCount() {}

	/** FLOPs of one forward pass of a batch of {@code batch} patches of size {@code zyx}. */
	public static double forward(final UNet3DConfig c, final int[] zyx, final int batch) {
		return forwardAndFirst(c, zyx, batch)[0];
	}

	/** FLOPs of one training step (forward and backward). */
	public static double trainingStep(final UNet3DConfig c, final int[] zyx, final int batch) {
		final double[] f = forwardAndFirst(c, zyx, batch);
		return 3 * f[0] - f[1];
	}

	/** {forward FLOPs, FLOPs of the first convolution}. */
	private static double[] forwardAndFirst(final UNet3DConfig c, final int[] zyx, final int batch) {
		final double[] voxels = new double[c.depth() + 1];
		final long[] s = { zyx[0], zyx[1], zyx[2] };
		for (int l = 0; l <= c.depth(); l++) {
			voxels[l] = (double) batch * s[0] * s[1] * s[2];
			if (l < c.depth()) for (int a = 0; a < 3; a++)
				s[a] /= c.pooling(l)[a];
		}
		final double first = conv(voxels[0], c.inputChannels(), c.filters(0));
		double total = 0;
		int in = c.inputChannels();
		for (int l = 0; l <= c.depth(); l++) { // encoder and bottom: two convolutions per level
			total += conv(voxels[l], in, c.filters(l)) + conv(voxels[l], c.filters(l), c.filters(l));
			in = c.filters(l);
		}
		for (int l = c.depth() - 1; l >= 0; l--) { // decoder: up-convolution, two convolutions on the concatenation
			total += 2.0 * voxels[l] * c.filters(l + 1) * c.filters(l);
			total += conv(voxels[l], 2 * c.filters(l), c.filters(l)) + conv(voxels[l], c.filters(l), c.filters(l));
		}
		total += 2.0 * voxels[0] * c.filters(0) * c.classes();
		return new double[] { total, first };
	}

	private static double conv(final double voxels, final int in, final int out) {
		return 2.0 * 27 * in * out * voxels;
	}
}
