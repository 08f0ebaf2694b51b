package org.unet3d.planning;

import org.unet3d.data.VoxelSize;

/**
 * Chooses a training patch shape when the user gives none: a physically near-cubic box (thin in z
 * for anisotropic stacks) of about a target number of voxels, no larger than the stack, and a
 * multiple of the network's pooling product along every axis.
 */
public final class PatchShape {

	private PatchShape() {}

	/**
	 * @param stackZYX stack shape (z, y, x)
	 * @param multipleZYX what each size must be a multiple of
	 * @param targetVoxels about how many voxels the patch should hold
	 * @return patch size (z, y, x)
	 */
	public static int[] choose(final long[] stackZYX, final VoxelSize voxelSize, final int[] multipleZYX,
		final long targetVoxels)
	{
		final double[] spacing = { voxelSize.z(), voxelSize.y(), voxelSize.x() };
		// edge length in voxels of a physical cube: n_a proportional to 1 / spacing_a
		double prod = 1;
		for (final double s : spacing)
			prod *= 1 / s;
		final double scale = Math.cbrt(targetVoxels / prod);
		final int[] patch = new int[3];
		final double[] want = new double[3];
		for (int a = 0; a < 3; a++)
			want[a] = scale / spacing[a];
		// axes capped by the stack hand their share to the others
		for (int iter = 0; iter < 3; iter++) {
			double free = 1;
			double capped = 1;
			int nFree = 0;
			for (int a = 0; a < 3; a++) {
				if (want[a] >= stackZYX[a]) {
					want[a] = stackZYX[a];
					capped *= want[a];
				}
				else {
					free *= want[a];
					nFree++;
				}
			}
			if (nFree == 0 || nFree == 3) break;
			final double grow = Math.pow(targetVoxels / (capped * free), 1.0 / nFree);
			for (int a = 0; a < 3; a++)
				if (want[a] < stackZYX[a]) want[a] *= grow;
		}
		for (int a = 0; a < 3; a++) {
			final int m = multipleZYX[a];
			final long maxFit = Math.max(m, (stackZYX[a] + m - 1) / m * m);
			long p = Math.round(want[a] / m) * m;
			p = Math.max(m, Math.min(p, maxFit));
			patch[a] = (int) p;
		}
		return patch;
	}
}
