package org.unet3d.objects;

/**
 * Which voxels touch: those sharing a face (6 neighbours in 3D) or also those sharing an edge or a
 * corner (26 neighbours). Objects joined through an edge or corner only are one object with 26
 * and two with 6.
 */
public enum Connectivity {

	/** Faces only: x, y or z differ by one. */
	SIX,
	/** Faces, edges and corners: every voxel of the 3 x 3 x 3 cube around. */
	TWENTY_SIX;

	/** The neighbour offsets {dx, dy, dz}, the ones before the voxel in x-fastest order first. */
	int[][] offsets() {
		final java.util.List<int[]> before = new java.util.ArrayList<>();
		for (int dz = -1; dz <= 1; dz++)
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					final int n = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
					if (n == 0 || this == SIX && n > 1) continue;
					if (dz < 0 || dz == 0 && (dy < 0 || dy == 0 && dx < 0)) before.add(new int[] { dx, dy, dz });
				}
		final int[][] all = new int[before.size() * 2][];
		for (int i = 0; i < before.size(); i++) {
			final int[] b = before.get(i);
			all[i] = b;
			all[all.length - 1 - i] = new int[] { -b[0], -b[1], -b[2] };
		}
		return all;
	}
}
