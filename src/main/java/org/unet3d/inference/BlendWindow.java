package org.unet3d.inference;

/**
 * Weights of a tile's voxels when overlapping tiles are averaged: a separable Gaussian centered on
 * the tile (sigma = 1/8 of the tile along each axis, as in nnU-Net), so tile borders, where the
 * network sees least context, count least and no seams appear; or a box that keeps only the tile's
 * interior (halo weights 0), for exact tiling. Weights never reach 0 inside the kept region.
 */
public final class BlendWindow {

	/** How tile predictions are combined. */
	public enum Mode {
		/** Gaussian weights: smooth, seamless; the default. */
		GAUSSIAN,
		/** Only the interior beyond the halo counts, all with weight 1: tiled equals untiled. */
		CROP
	}

	private final float[] weights;
	private final int[] sizeXYZ;

	private BlendWindow(final float[] weights, final int[] sizeXYZ) {
		this.weights = weights;
		this.sizeXYZ = sizeXYZ;
	}

	/**
	 * @param tileZYX tile size
	 * @param haloZYX for CROP: voxels at each tile border that get weight 0
	 */
	public static BlendWindow of(final Mode mode, final int[] tileZYX, final int[] haloZYX) {
		final int[] s = { tileZYX[2], tileZYX[1], tileZYX[0] };
		final int[] halo = { haloZYX[2], haloZYX[1], haloZYX[0] };
		final float[][] axis = new float[3][];
		for (int a = 0; a < 3; a++) {
			axis[a] = new float[s[a]];
			if (mode == Mode.GAUSSIAN) {
				final double sigma = s[a] / 8.0;
				final double c = (s[a] - 1) / 2.0;
				for (int i = 0; i < s[a]; i++)
					axis[a][i] = (float) Math.max(1e-3, Math.exp(-0.5 * (i - c) * (i - c) / (sigma * sigma)));
			}
			else {
				for (int i = 0; i < s[a]; i++)
					axis[a][i] = i >= halo[a] && i < s[a] - halo[a] ? 1f : 0f;
			}
		}
		final float[] w = new float[s[0] * s[1] * s[2]];
		int i = 0;
		for (int z = 0; z < s[2]; z++)
			for (int y = 0; y < s[1]; y++) {
				final float wzy = axis[2][z] * axis[1][y];
				for (int x = 0; x < s[0]; x++)
					w[i++] = wzy * axis[0][x];
			}
		return new BlendWindow(w, s);
	}

	/** Weight of tile voxel (x, y, z). */
	public float weight(final int x, final int y, final int z) {
		return weights[x + sizeXYZ[0] * (y + sizeXYZ[1] * z)];
	}

	/** All weights, X fastest. Do not modify. */
	float[] weights() {
		return weights;
	}
}
