package org.unet3d.planning;

import org.unet3d.data.VoxelSize;

/**
 * Chooses the parts of a network's shape that depend on the data, as nnU-Net's experiment planner
 * does: pooling factors and convolution kernels per level for the voxel size, so that a network
 * for anisotropic stacks (thick slices) pools and convolves in the plane until its voxels are about
 * cubic. Sizes and factors are in z, y, x order.
 */
public final class NetworkPlanner {

	/** Anisotropy (slice thickness over pixel width, or its inverse) from which a level convolves in the plane only. */
	public static final double FLAT_KERNEL_ANISOTROPY = 3;

	private NetworkPlanner() {}

	/**
	 * Pooling factors that keep voxels near isotropic: levels pool only in x and y (1,2,2) while a
	 * slice is still at least twice as thick as a pixel is wide, then in all three axes.
	 */
	public static int[][] poolingFor(final VoxelSize voxelSize, final int depth) {
		double anisotropy = voxelSize.anisotropy();
		final int[][] p = new int[depth][];
		for (int l = 0; l < depth; l++) {
			if (anisotropy >= 2) {
				p[l] = new int[] { 1, 2, 2 };
				anisotropy /= 2;
			}
			else if (anisotropy <= 0.5) {
				p[l] = new int[] { 2, 1, 1 };
				anisotropy *= 2;
			}
			else p[l] = new int[] { 2, 2, 2 };
		}
		return p;
	}

	/**
	 * Convolution kernels for the voxel size, levels 0 to {@code depth} (the bottom last): 3x3x3
	 * except at levels whose voxels (after the pooling of {@link #poolingFor}) are still at least
	 * {@value #FLAT_KERNEL_ANISOTROPY} times thicker than wide, which convolve in the plane only
	 * (1x3x3), as nnU-Net does for anisotropic data: neighbouring sections of serial-section EM
	 * are far apart, and in-plane kernels cost a third. Voxels that are thinner than wide get 3x1x1.
	 */
	public static int[][] kernelsFor(final VoxelSize voxelSize, final int depth) {
		final int[][] pool = poolingFor(voxelSize, depth);
		double anisotropy = voxelSize.anisotropy();
		final int[][] k = new int[depth + 1][];
		for (int l = 0; l <= depth; l++) {
			if (anisotropy >= FLAT_KERNEL_ANISOTROPY) k[l] = new int[] { 1, 3, 3 };
			else if (anisotropy <= 1 / FLAT_KERNEL_ANISOTROPY) k[l] = new int[] { 3, 1, 1 };
			else k[l] = new int[] { 3, 3, 3 };
			if (l < depth) anisotropy = anisotropy * pool[l][0] / pool[l][1];
		}
		return k;
	}
}
