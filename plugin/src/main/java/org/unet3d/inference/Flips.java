package org.unet3d.inference;

/**
 * Mirrors tiles along x, y and z for test-time augmentation. Tiles are flat arrays of blocks (one
 * per sample and channel) of {@code z * y * x} voxels, X fastest. Flip {@code f} mirrors x if bit 0
 * is set, y if bit 1, z if bit 2; every flip is its own inverse.
 */
final class Flips {

	private Flips() {}

	/**
	 * Writes (or, if {@code add}, adds) the flipped blocks of {@code src} into {@code dst}.
	 *
	 * @param blocks number of blocks to flip
	 * @param tileZYX block size
	 * @param flip which axes to mirror (bit 0 x, bit 1 y, bit 2 z)
	 */
	static void flip(final float[] src, final float[] dst, final int blocks, final int[] tileZYX, final int flip,
		final boolean add)
	{
		final int tz = tileZYX[0], ty = tileZYX[1], tx = tileZYX[2];
		final boolean fx = (flip & 1) != 0, fy = (flip & 2) != 0, fz = (flip & 4) != 0;
		final int tv = tz * ty * tx;
		for (int b = 0; b < blocks; b++) {
			final int base = b * tv;
			for (int z = 0; z < tz; z++) {
				final int zz = fz ? tz - 1 - z : z;
				for (int y = 0; y < ty; y++) {
					final int yy = fy ? ty - 1 - y : y;
					final int s = base + (z * ty + y) * tx;
					final int t = base + (zz * ty + yy) * tx;
					if (add) {
						if (fx) for (int x = 0; x < tx; x++)
							dst[t + tx - 1 - x] += src[s + x];
						else for (int x = 0; x < tx; x++)
							dst[t + x] += src[s + x];
					}
					else if (fx) for (int x = 0; x < tx; x++)
						dst[t + tx - 1 - x] = src[s + x];
					else System.arraycopy(src, s, dst, t, tx);
				}
			}
		}
	}
}
