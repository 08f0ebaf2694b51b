package org.unet3d.objects;

import java.util.concurrent.CancellationException;

import org.unet3d.progress.Progress;

/**
 * The regional maxima of an image: connected plateaus of equal value (of at least one voxel) with
 * no neighbour of a higher value. Each maximum gets its own id, in x-fastest order of its first
 * voxel. One pass; each plateau is flooded once.
 */
public final class RegionalMaxima {

	private RegionalMaxima() {}

	/**
	 * Labels the regional maxima of {@code values} inside {@code domain} (null for all voxels);
	 * voxels outside the domain are neither maxima nor neighbours.
	 *
	 * @throws IllegalArgumentException if a value is NaN
	 * @throws CancellationException if the user canceled
	 */
	public static ObjectLabels of(final float[] values, final boolean[] domain, final StackShape shape,
		final Connectivity connectivity, final Progress progress)
	{
		shape.check(values.length, "image");
		if (domain != null) shape.check(domain.length, "mask");
		final Neighbourhood hood = new Neighbourhood(shape, connectivity);
		final int[] nb = new int[hood.size()];
		final int[] ids = new int[values.length];
		final int visited = -1;
		final IntQueue plateau = new IntQueue();
		final int plane = shape.plane();
		int count = 0;
		for (int i = 0; i < values.length; i++) {
			if (i % plane == 0) {
				if (progress.isCanceled()) throw new CancellationException("Finding maxima canceled");
				progress.progress(i / plane, shape.depth());
			}
			if (ids[i] != 0 || domain != null && !domain[i]) continue;
			final float v = values[i];
			if (v != v) throw new IllegalArgumentException("The image has a NaN (not a number) value at voxel " + i +
				"; replace NaN values before looking for maxima.");
			boolean isMaximum = true;
			plateau.clear();
			plateau.add(i);
			ids[i] = visited;
			for (int head = 0; head < plateau.size(); head++) {
				final int p = plateau.get(head);
				final int n = hood.around(p, nb);
				for (int k = 0; k < n; k++) {
					final int q = nb[k];
					if (domain != null && !domain[q]) continue;
					final float w = values[q];
					if (w > v) isMaximum = false;
					else if (w == v && ids[q] == 0) {
						ids[q] = visited;
						plateau.add(q);
					}
				}
			}
			if (isMaximum) {
				count++;
				for (int head = 0; head < plateau.size(); head++)
					ids[plateau.get(head)] = count;
			}
		}
		for (int i = 0; i < ids.length; i++)
			if (ids[i] == visited) ids[i] = 0;
		progress.progress(shape.depth(), shape.depth());
		return new ObjectLabels(ids, count, shape);
	}
}
