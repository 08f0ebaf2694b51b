package org.unet3d.data;

import java.util.Random;

/**
 * Random geometric augmentation of a training patch: flips along x, y and z and 90-degree
 * rotations in the x-y plane (only when the patch is square in x-y, so anisotropic z is never
 * mixed with x or y). Image channels and labels get the same transform, labels by nearest
 * neighbour (exact index remapping), so they always stay aligned.
 */
public final class Augmenter {

	private final boolean enabled;
	private int[] map = new int[0];
	private float[] tmpF = new float[0];
	private int[] tmpI = new int[0];

	public Augmenter(final boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Transforms one patch in place.
	 *
	 * @param sizeXYZ patch size
	 * @param image channels of the patch, channel c at {@code image[offset + c * n ...]}, n = voxels
	 * @param labels class ids of the patch (n values)
	 */
	public void apply(final int[] sizeXYZ, final float[] image, final int offset, final int channels,
		final int[] labels, final Random random)
	{
		if (!enabled) return;
		final boolean fx = random.nextBoolean();
		final boolean fy = random.nextBoolean();
		final boolean fz = random.nextBoolean();
		final int rot = sizeXYZ[0] == sizeXYZ[1] ? random.nextInt(4) : 0;
		if (!fx && !fy && !fz && rot == 0) return;
		final int sx = sizeXYZ[0];
		final int sy = sizeXYZ[1];
		final int sz = sizeXYZ[2];
		final int n = sx * sy * sz;
		buildMap(sx, sy, sz, fx, fy, fz, rot);
		if (tmpF.length < n) tmpF = new float[n];
		if (tmpI.length < n) tmpI = new int[n];
		for (int c = 0; c < channels; c++) {
			final int off = offset + c * n;
			for (int i = 0; i < n; i++)
				tmpF[i] = image[off + map[i]];
			System.arraycopy(tmpF, 0, image, off, n);
		}
		for (int i = 0; i < n; i++)
			tmpI[i] = labels[map[i]];
		System.arraycopy(tmpI, 0, labels, 0, n);
	}

	/** map[out] = in: output voxel (x, y, z) takes the input voxel found by undoing flips and rotation. */
	private void buildMap(final int sx, final int sy, final int sz, final boolean fx, final boolean fy,
		final boolean fz, final int rot)
	{
		final int n = sx * sy * sz;
		if (map.length < n) map = new int[n];
		int i = 0;
		for (int z = 0; z < sz; z++)
			for (int y = 0; y < sy; y++)
				for (int x = 0; x < sx; x++) {
					int xi = fx ? sx - 1 - x : x;
					int yi = fy ? sy - 1 - y : y;
					final int zi = fz ? sz - 1 - z : z;
					for (int r = 0; r < rot; r++) { // rotate by 90 degrees (square in x-y)
						final int t = xi;
						xi = yi;
						yi = sx - 1 - t;
					}
					map[i++] = xi + sx * (yi + sy * zi);
				}
	}
}
