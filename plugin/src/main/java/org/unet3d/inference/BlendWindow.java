package org.unet3d.inference;

import org.unet3d.planning.Blending;

/**
 * Weights of a tile's voxels when overlapping tiles are averaged. The weight is a product of one
 * profile per axis, so the sum of the weights of all tiles at a voxel is a product of per-axis sums
 * and needs no image of its own. Profiles: a Gaussian centered on the tile (sigma = 1/8 of the tile,
 * as in nnU-Net) or a tent, so tile borders, where the network sees least context, count least and
 * no seams appear; or a box that keeps only the tile's interior (halo weights 0), for exact tiling.
 * Gaussian and tent weights never drop below 1e-3, so every voxel of a tile counts a little.
 */
public final class BlendWindow {


	/** Smallest weight of the Gaussian and tent profiles. */
	static final float FLOOR = 1e-3f;

	private final float[][] profilesZYX;
	private final float[] weights;

	private BlendWindow(final float[][] profilesZYX) {
		this.profilesZYX = profilesZYX;
		final float[] z = profilesZYX[0], y = profilesZYX[1], x = profilesZYX[2];
		weights = new float[z.length * y.length * x.length];
		int i = 0;
		for (final float wz : z)
			for (final float wy : y) {
				final float wzy = wz * wy;
				for (final float wx : x)
					weights[i++] = wzy * wx;
			}
	}

	/**
	 * @param tileZYX tile size
	 * @param haloZYX for CROP: voxels at each tile border that get weight 0
	 */
	public static BlendWindow of(final Blending mode, final int[] tileZYX, final int[] haloZYX) {
		final float[][] p = new float[3][];
		for (int a = 0; a < 3; a++)
			p[a] = profile(mode, tileZYX[a], haloZYX[a]);
		return new BlendWindow(p);
	}

	/** The weights along one axis of a tile of {@code size} voxels. */
	static float[] profile(final Blending mode, final int size, final int halo) {
		final float[] w = new float[size];
		final double c = (size - 1) / 2.0;
		for (int i = 0; i < size; i++) {
			switch (mode) {
				case GAUSSIAN: {
					final double sigma = size / 8.0;
					w[i] = (float) Math.max(FLOOR, Math.exp(-0.5 * (i - c) * (i - c) / (sigma * sigma)));
					break;
				}
				case LINEAR:
					w[i] = (float) Math.max(FLOOR, 1 - Math.abs(i - c) / (size / 2.0));
					break;
				case CROP:
					w[i] = i >= halo && i < size - halo ? 1f : 0f;
					break;
				default:
					throw new AssertionError(mode);
			}
		}
		return w;
	}

	/** Weight of tile voxel (x, y, z). */
	public float weight(final int x, final int y, final int z) {
		return weights[x + profilesZYX[2].length * (y + profilesZYX[1].length * z)];
	}

	/** The weights along axis 0 (z), 1 (y) or 2 (x). Do not modify. */
	float[] profile(final int axisZYX) {
		return profilesZYX[axisZYX];
	}

	/** All weights, X fastest. Do not modify. */
	float[] weights() {
		return weights;
	}
}
