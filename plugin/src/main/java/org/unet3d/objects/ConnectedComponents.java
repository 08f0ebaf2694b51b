package org.unet3d.objects;

import java.util.concurrent.CancellationException;

import org.unet3d.progress.Progress;

/**
 * 3D connected components of a class label image in memory: touching voxels (6 or 26
 * connectivity) of the same class form one object; voxels of the background value form none.
 * Objects are numbered 1..N in x-fastest order of their first voxel (the lowest z, then y, then x),
 * the order {@link SlabComponents} gives too. One flood fill per object.
 */
public final class ConnectedComponents {

	private ConnectedComponents() {}

	/**
	 * Labels the components of each class.
	 *
	 * @param classes class id per voxel, X fastest; voxels of {@code background} belong to no object
	 * @throws CancellationException if the user canceled
	 */
	public static ObjectLabels of(final int[] classes, final int background, final StackShape shape,
		final Connectivity connectivity, final Progress progress)
	{
		shape.check(classes.length, "class label image");
		final int[] ids = new int[classes.length];
		final int count = label(classes, background, ids, shape, connectivity, progress);
		return new ObjectLabels(ids, count, shape);
	}

	/** The components of the true voxels of a mask. */
	public static ObjectLabels of(final boolean[] mask, final StackShape shape, final Connectivity connectivity,
		final Progress progress)
	{
		shape.check(mask.length, "mask");
		final int[] ids = new int[mask.length];
		for (int i = 0; i < mask.length; i++)
			ids[i] = mask[i] ? UNLABELED : 0;
		final int count = label(ids, 0, ids, UNLABELED, shape, connectivity, progress);
		return new ObjectLabels(ids, count, shape);
	}

	/** Marks voxels still to be labelled when the ids are labelled in place. */
	private static final int UNLABELED = -1;

	/** Writes component ids 1..N into {@code ids} (which must be all 0); returns N. */
	static int label(final int[] classes, final int background, final int[] ids, final StackShape shape,
		final Connectivity connectivity, final Progress progress)
	{
		return label(classes, background, ids, 0, shape, connectivity, progress);
	}

	/**
	 * Writes component ids 1..N into the voxels of {@code ids} that hold {@code unlabeled} and whose
	 * class is not {@code background}. Where {@code ids} is {@code classes} itself (in place),
	 * foreground voxels must hold {@code unlabeled} and background ones anything else.
	 */
	private static int label(final int[] classes, final int background, final int[] ids, final int unlabeled,
		final StackShape shape,
		final Connectivity connectivity, final Progress progress)
	{
		final boolean inPlace = classes == ids;
		final Neighbourhood hood = new Neighbourhood(shape, connectivity);
		final int[] nb = new int[hood.size()];
		final IntQueue queue = new IntQueue();
		final int plane = shape.plane();
		int count = 0;
		for (int i = 0; i < classes.length; i++) {
			if (i % plane == 0) {
				if (progress.isCanceled()) throw new CancellationException("Connected components canceled");
				progress.progress(i / plane, shape.depth());
			}
			if (ids[i] != unlabeled) continue;
			final int c = classes[i];
			if (!inPlace && c == background) continue;
			if (count == Integer.MAX_VALUE) throw new IllegalArgumentException("More than 2^31 - 1 objects; " +
				"they cannot be numbered in a 32-bit label image. Crop the stack.");
			final int id = ++count;
			ids[i] = id;
			queue.add(i);
			while (!queue.isEmpty()) {
				final int p = queue.remove();
				final int n = hood.around(p, nb);
				for (int k = 0; k < n; k++) {
					final int q = nb[k];
					if (ids[q] == unlabeled && (inPlace || classes[q] == c)) {
						ids[q] = id;
						queue.add(q);
					}
				}
			}
		}
		progress.progress(shape.depth(), shape.depth());
		return count;
	}
}
