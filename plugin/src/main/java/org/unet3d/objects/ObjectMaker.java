package org.unet3d.objects;

import java.util.concurrent.CancellationException;

import org.unet3d.progress.Progress;

/**
 * Turns class probabilities into objects, one id per nucleus or cell, in one of three modes:
 * <ul>
 * <li><b>nuclei</b>: foreground mask (1 - P(background) at least the threshold); seeds at the h-maxima
 * of its distance transform (optionally kept apart by a minimum distance), or, with a boundary
 * class, the interiors (mask and boundary probability below the seed threshold); a seeded watershed
 * inside the mask on the negated distance (or on the boundary probability for interior seeds);
 * <li><b>cells</b>: seeds from the interiors (boundary probability below the seed threshold) or the
 * distance maxima of the interiors; a seeded watershed on the boundary probability, inside the
 * foreground if there is a background class, else everywhere, so cells fill their membranes;
 * <li><b>components</b>: the 3D connected components of the most probable class, each class other
 * than background and boundary on its own.
 * </ul>
 * In the watershed modes, parts of the mask that no seed reaches become objects of their own. Last,
 * objects below the minimum volume are removed or merged into a neighbour (see {@link SizeFilter}).
 * Memory: 4 bytes per voxel per class for the probabilities, plus up to about 30 for the work.
 */
public final class ObjectMaker {

	private ObjectMaker() {}

	/**
	 * Makes the objects.
	 *
	 * @throws IllegalArgumentException if the mode needs a class role the probabilities lack
	 *           (background for nuclei, boundary for cells and for interior seeds), naming the fix
	 * @throws CancellationException if the user canceled
	 */
	public static ObjectLabels make(final ClassProbabilities p, final ObjectOptions o, final Progress progress) {
		switch (o.mode()) {
			case NUCLEI:
				return nuclei(p, o, progress);
			case CELLS:
				return cells(p, o, progress);
			case COMPONENTS:
				return components(p, o, progress);
			default:
				throw new IllegalStateException(o.mode().name());
		}
	}

	private static ObjectLabels nuclei(final ClassProbabilities p, final ObjectOptions o, final Progress progress) {
		if (p.backgroundClass() == ClassProbabilities.NONE) throw new IllegalArgumentException("Nuclei are found in " +
			"the foreground, but no class is marked as background among the " + p.classes() + " classes. Say which " +
			"class is background, or use objects=cells for a boundary-only model.");
		final StackShape shape = p.shape();
		final boolean[] mask = foreground(p, o.threshold());
		final ObjectLabels grown;
		if (o.seeds() == SeedSource.INTERIORS) {
			final float[] boundary = boundary(p, "Interior seeds for nuclei");
			progress.status("Finding nucleus interiors...");
			final ObjectLabels seeds = ConnectedComponents.of(below(boundary, o.seedThreshold(), mask), shape, o
				.connectivity(), progress);
			progress.status("Growing " + seeds.count() + " nuclei...");
			grown = flood(boundary, seeds, mask, o, progress);
		}
		else {
			progress.status("Distance transform...");
			final float[] distance = DistanceTransform.distances(mask, shape, progress);
			final ObjectLabels seeds = distanceSeeds(distance, mask, shape, o, progress);
			for (int i = 0; i < distance.length; i++)
				distance[i] = -distance[i];
			progress.status("Growing " + seeds.count() + " nuclei...");
			grown = flood(distance, seeds, mask, o, progress);
		}
		return sizeFilter(withUnreached(grown, mask, o, progress), o, progress);
	}

	private static ObjectLabels cells(final ClassProbabilities p, final ObjectOptions o, final Progress progress) {
		final float[] boundary = boundary(p, "Cells");
		final StackShape shape = p.shape();
		final boolean[] mask = p.backgroundClass() == ClassProbabilities.NONE ? null : foreground(p, o.threshold());
		final boolean[] interior = below(boundary, o.seedThreshold(), mask);
		final ObjectLabels seeds;
		if (o.seeds() == SeedSource.INTERIORS) {
			progress.status("Finding cell interiors...");
			seeds = ConnectedComponents.of(interior, shape, o.connectivity(), progress);
		}
		else {
			progress.status("Distance transform of the cell interiors...");
			final float[] distance = DistanceTransform.distances(interior, shape, progress);
			seeds = distanceSeeds(distance, interior, shape, o, progress);
		}
		progress.status("Growing " + seeds.count() + " cells...");
		final ObjectLabels grown = flood(boundary, seeds, mask, o, progress);
		return sizeFilter(withUnreached(grown, mask, o, progress), o, progress);
	}

	private static ObjectLabels components(final ClassProbabilities p, final ObjectOptions o,
		final Progress progress)
	{
		final int[] classes = p.mostProbable();
		for (int i = 0; i < classes.length; i++)
			if (classes[i] == p.backgroundClass() || classes[i] == p.boundaryClass()) classes[i] = -1;
		progress.status("Connected components...");
		final ObjectLabels parts = ConnectedComponents.of(classes, -1, p.shape(), o.connectivity(), progress);
		return sizeFilter(parts, o, progress);
	}

	private static float[] boundary(final ClassProbabilities p, final String what) {
		if (p.boundaryClass() == ClassProbabilities.NONE) throw new IllegalArgumentException(what + " need a " +
			"boundary class (membranes, or the rim between touching nuclei), but none of the " + p.classes() +
			" classes is marked as boundary. Say which class is boundary, or for nuclei use distance-maximum seeds.");
		return p.probability(p.boundaryClass());
	}

	private static ObjectLabels distanceSeeds(final float[] distance, final boolean[] mask, final StackShape shape,
		final ObjectOptions o, final Progress progress)
	{
		double h = o.maximaHeight();
		if (Double.isNaN(h)) h = ObjectOptions.DEFAULT_MAXIMA_HEIGHT_IN_VOXELS * Math.min(shape.voxelSize().x(), Math
			.min(shape.voxelSize().y(), shape.voxelSize().z()));
		progress.status("Finding seeds (h-maxima)...");
		// a part of the mask without background around it has infinite distances: make it one plateau above all
		float top = 0;
		for (final float d : distance)
			if (d != Float.POSITIVE_INFINITY && d > top) top = d;
		for (int i = 0; i < distance.length; i++)
			if (distance[i] == Float.POSITIVE_INFINITY) distance[i] = top + 1;
		final ObjectLabels seeds = ObjectSeeds.hMaxima(distance, mask, h, shape, o.connectivity(), progress);
		return ObjectSeeds.spaced(seeds, distance, o.minSeedDistance());
	}

	/** The seeded watershed, growing the seed ids in place (they are not needed after). */
	private static ObjectLabels flood(final float[] landscape, final ObjectLabels seeds, final boolean[] mask,
		final ObjectOptions o, final Progress progress)
	{
		return ObjectLabels.compact(SeededWatershed.floodInPlace(landscape, seeds.ids(), seeds.shape(), mask, o
			.connectivity(), progress), seeds.shape());
	}

	/** Adds the components of mask voxels that the watershed did not reach as objects of their own. */
	private static ObjectLabels withUnreached(final ObjectLabels grown, final boolean[] mask, final ObjectOptions o,
		final Progress progress)
	{
		final int[] ids = grown.ids();
		final boolean[] left = new boolean[ids.length];
		boolean any = false;
		for (int i = 0; i < ids.length; i++)
			if (ids[i] == 0 && (mask == null || mask[i])) {
				left[i] = true;
				any = true;
			}
		if (!any) return grown;
		final ObjectLabels extra = ConnectedComponents.of(left, grown.shape(), o.connectivity(), progress);
		final int[] e = extra.ids();
		for (int i = 0; i < ids.length; i++)
			if (e[i] != 0) ids[i] = grown.count() + e[i];
		return new ObjectLabels(ids, grown.count() + extra.count(), grown.shape());
	}

	private static ObjectLabels sizeFilter(final ObjectLabels objects, final ObjectOptions o,
		final Progress progress)
	{
		if (o.minVolume() == 0) return objects;
		final long minVoxels = (long) Math.ceil(o.minVolume() / objects.shape().voxelVolume() - 1e-9);
		progress.status((o.smallObjects() == SmallObjects.MERGE ? "Merging" : "Removing") + " objects below " +
			minVoxels + " voxels...");
		return o.smallObjects() == SmallObjects.MERGE ? SizeFilter.merge(objects, minVoxels, progress) : SizeFilter
			.remove(objects, minVoxels);
	}

	/** Where 1 - P(background) is at least t. */
	private static boolean[] foreground(final ClassProbabilities p, final double t) {
		final float[] bg = p.probability(p.backgroundClass());
		final boolean[] mask = new boolean[bg.length];
		for (int i = 0; i < bg.length; i++)
			mask[i] = 1 - bg[i] >= t;
		return mask;
	}

	/** Voxels (inside the mask, if any) whose value is below t. */
	private static boolean[] below(final float[] values, final double t, final boolean[] mask) {
		final boolean[] b = new boolean[values.length];
		for (int i = 0; i < values.length; i++)
			b[i] = values[i] < t && (mask == null || mask[i]);
		return b;
	}
}
