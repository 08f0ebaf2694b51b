package org.unet3d.objects;

import java.util.concurrent.CancellationException;

import org.unet3d.progress.Progress;

/**
 * Grows seeds over a landscape until they meet, like water rising from each seed: the seeded
 * watershed by priority flood (F. Meyer, "Un algorithme optimal de ligne de partage des eaux",
 * 1991, as in scikit-image). For nuclei the landscape is the negated distance transform, so nuclei
 * meet at their narrowest neck; for cells it is the boundary probability, so cells meet on the
 * membrane and fill it.
 * <p>
 * Seed voxels enter a queue ordered by level, their landscape value (lowest first, ties first in,
 * first out, see {@link VoxelQueue}). The voxel taken from the queue gives its id to each neighbour
 * inside the mask that has none yet, and those neighbours join the queue at their landscape value,
 * or at the water level reached so far if that is higher (a dip inside a basin fills from the basin).
 * The result is fully determined by the inputs: seeds enter in x-fastest order. Every voxel
 * reached gets exactly one id, and from a seed with the lowest possible pass (the highest value
 * along the way); voxels of the mask that no seed can reach (a part of the mask without seed) stay
 * 0. Memory: the ids (4 bytes per voxel) and the queue (8 bytes per voxel waiting).
 */
public final class SeededWatershed {

	private SeededWatershed() {}

	/**
	 * Floods from the seeds.
	 *
	 * @param landscape one value per voxel; NaN counts as +infinity
	 * @param seeds seed ids (0 = no seed); seed voxels outside the mask are dropped
	 * @param mask where objects may grow (null for everywhere)
	 * @return object ids 1..N in the order of the seed ids (no gaps: seed ids without a voxel in the
	 *         mask are left out)
	 * @throws CancellationException if the user canceled
	 */
	public static ObjectLabels flood(final float[] landscape, final ObjectLabels seeds, final boolean[] mask,
		final Connectivity connectivity, final Progress progress)
	{
		final StackShape shape = seeds.shape();
		return ObjectLabels.compact(floodInPlace(landscape, seeds.ids().clone(), shape, mask, connectivity, progress),
			shape);
	}

	/** {@link #flood}, growing the seed ids in place; returns {@code ids}, not compacted. */
	static int[] floodInPlace(final float[] landscape, final int[] ids, final StackShape shape, final boolean[] mask,
		final Connectivity connectivity, final Progress progress)
	{
		shape.check(landscape.length, "landscape");
		shape.check(ids.length, "seed image");
		if (mask != null) shape.check(mask.length, "mask");
		final VoxelQueue queue = new VoxelQueue();
		// voxels outside the mask are marked in the ids themselves, so the flood reads one array, not two
		final int outside = -1;
		for (int i = 0; i < ids.length; i++) {
			if (mask != null && !mask[i]) ids[i] = outside;
			else if (ids[i] != 0) queue.add(i, landscape[i]);
		}
		final Neighbourhood hood = new Neighbourhood(shape, connectivity);
		final int[] nb = new int[hood.size()];
		final long total = ids.length;
		long done = 0;
		while (!queue.isEmpty()) {
			if ((++done & 0xfffff) == 0) {
				if (progress.isCanceled()) throw new CancellationException("Watershed canceled");
				progress.progress(done, total);
			}
			final int p = queue.remove();
			final int id = ids[p];
			final int n = hood.around(p, nb);
			for (int k = 0; k < n; k++) {
				final int q = nb[k];
				if (ids[q] == 0) {
					ids[q] = id;
					queue.add(q, landscape[q]);
				}
			}
		}
		if (mask != null) for (int i = 0; i < ids.length; i++)
			if (ids[i] == outside) ids[i] = 0;
		progress.progress(total, total);
		return ids;
	}
}
