package org.unet3d.objects;

import java.util.Random;

import org.unet3d.progress.Progress;

/** Small synthetic stacks and a brute-force flood fill for the object tests. */
final class TestStacks {

	/** Progress that is canceled from the start. */
	static final Progress CANCELED = new Progress() {

		@Override
		public void status(final String message) {}

		@Override
		public void progress(final long done, final long total) {}

		@Override
		public boolean isCanceled() {
			return true;
		}
	};

	private TestStacks() {}

	/** Random class ids 0..classes-1, in blobs: each voxel copies a neighbour with probability {@code smooth}. */
	static int[] randomClasses(final StackShape s, final int classes, final double smooth, final Random random) {
		final int[] v = new int[s.voxels()];
		for (int i = 0; i < v.length; i++) {
			final int x = i % s.width();
			if (x > 0 && random.nextDouble() < smooth) v[i] = v[i - 1];
			else if (i >= s.plane() && random.nextDouble() < smooth) v[i] = v[i - s.plane()];
			else v[i] = random.nextInt(classes);
		}
		return v;
	}

	/** True where the offset (dx, dy, dz) joins neighbours under the connectivity. */
	static boolean touches(final int dx, final int dy, final int dz, final Connectivity c) {
		final int n = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
		return n > 0 && Math.max(Math.abs(dx), Math.max(Math.abs(dy), Math.abs(dz))) <= 1 && (c ==
			Connectivity.TWENTY_SIX || n == 1);
	}

	/**
	 * Connected components by repeated relaxation (no queue, no union-find): each voxel takes the
	 * smallest raster index among its same-class neighbours until nothing changes; then the groups
	 * are numbered by first voxel.
	 */
	static int[] bruteComponents(final int[] classes, final int background, final StackShape s,
		final Connectivity c)
	{
		final int n = classes.length;
		final int[] root = new int[n];
		for (int i = 0; i < n; i++)
			root[i] = i;
		boolean changed = true;
		while (changed) {
			changed = false;
			for (int i = 0; i < n; i++) {
				if (classes[i] == background) continue;
				final int x = i % s.width();
				final int y = i / s.width() % s.height();
				final int z = i / s.plane();
				for (int dz = -1; dz <= 1; dz++)
					for (int dy = -1; dy <= 1; dy++)
						for (int dx = -1; dx <= 1; dx++) {
							if (!touches(dx, dy, dz, c)) continue;
							final int nx = x + dx;
							final int ny = y + dy;
							final int nz = z + dz;
							if (nx < 0 || ny < 0 || nz < 0 || nx >= s.width() || ny >= s.height() || nz >= s.depth()) continue;
							final int j = s.index(nx, ny, nz);
							if (classes[j] == classes[i] && root[j] < root[i]) {
								root[i] = root[j];
								changed = true;
							}
						}
			}
		}
		final int[] number = new int[n];
		final int[] ids = new int[n];
		int next = 0;
		for (int i = 0; i < n; i++) {
			if (classes[i] == background) continue;
			if (root[i] == i) number[i] = ++next;
			ids[i] = number[root[i]];
		}
		return ids;
	}
}
