package org.unet3d.objects;

/**
 * The neighbours of a voxel in a flat array (see {@link StackShape}), for one connectivity,
 * clipped at the stack border. Offsets {@code [0, half())} come before the voxel in x-fastest order,
 * {@code [half(), size())} after it. Immutable; callers pass their own output arrays.
 */
final class Neighbourhood {

	private final int sx;
	private final int sy;
	private final int sz;
	private final int plane;
	private final int[] dx;
	private final int[] dy;
	private final int[] dz;
	private final int[] delta;

	Neighbourhood(final StackShape shape, final Connectivity connectivity) {
		sx = shape.width();
		sy = shape.height();
		sz = shape.depth();
		plane = sx * sy;
		final int[][] o = connectivity.offsets();
		dx = new int[o.length];
		dy = new int[o.length];
		dz = new int[o.length];
		delta = new int[o.length];
		for (int k = 0; k < o.length; k++) {
			dx[k] = o[k][0];
			dy[k] = o[k][1];
			dz[k] = o[k][2];
			delta[k] = dx[k] + sx * dy[k] + plane * dz[k];
		}
	}

	/** Number of offsets (6 or 26). */
	int size() {
		return delta.length;
	}

	/** Offsets {@code [0, half())} lie before the voxel in x-fastest order. */
	int half() {
		return delta.length / 2;
	}

	/** All neighbours of voxel {@code i} inside the stack into {@code out}; returns how many. */
	int around(final int i, final int[] out) {
		final int z = i / plane;
		final int r = i - z * plane;
		final int y = r / sx;
		return around(i, r - y * sx, y, z, 0, delta.length, out);
	}

	/**
	 * The neighbours of voxel {@code i} at (x, y, z) for offsets {@code [from, to)} inside the stack
	 * into {@code out}; returns how many.
	 */
	int around(final int i, final int x, final int y, final int z, final int from, final int to, final int[] out) {
		int n = 0;
		if (x > 0 && y > 0 && z > 0 && x < sx - 1 && y < sy - 1 && z < sz - 1) {
			for (int k = from; k < to; k++)
				out[n++] = i + delta[k];
			return n;
		}
		for (int k = from; k < to; k++) {
			final int nx = x + dx[k];
			final int ny = y + dy[k];
			final int nz = z + dz[k];
			if (nx >= 0 && ny >= 0 && nz >= 0 && nx < sx && ny < sy && nz < sz) out[n++] = i + delta[k];
		}
		return n;
	}
}
