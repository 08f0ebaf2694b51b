package org.unet3d.data;

/**
 * Mirroring at the border voxels (as ImgLib2's extendMirrorSingle does): position -1 reads voxel 1,
 * position {@code size} reads voxel {@code size - 2}, and so on, periodically. Used wherever a patch
 * reaches beyond a stack or an augmentation beyond a patch.
 */
final class Mirror {

	private Mirror() {}

	/** The voxel read at integer position {@code p} of an axis of {@code size} voxels. */
	static long index(final long p, final long size) {
		if (size == 1) return 0;
		final long period = 2 * (size - 1);
		final long m = Math.floorMod(p, period);
		return m >= size ? period - m : m;
	}

	/** The same for a continuous position: reflected into [0, size - 1]. */
	static double position(final double t, final int size) {
		if (size == 1) return 0;
		final double period = 2.0 * (size - 1);
		double m = t % period;
		if (m < 0) m += period;
		return m > size - 1 ? period - m : m;
	}
}
