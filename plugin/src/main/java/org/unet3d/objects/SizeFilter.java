package org.unet3d.objects;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;

import org.unet3d.progress.Progress;

/**
 * Deals with objects smaller than a minimum size: {@link #remove} deletes them (nuclei, specks);
 * {@link #merge} joins each into the neighbour with which it shares the most voxel faces (pieces
 * of cells cut off by a gap in the predicted membrane, tiny cells between big ones), deleting only
 * small objects that touch no other object. Both number the objects 1..N again, in their old order.
 */
public final class SizeFilter {

	private SizeFilter() {}

	/** Deletes the objects of fewer than {@code minVoxels} voxels. */
	public static ObjectLabels remove(final ObjectLabels objects, final long minVoxels) {
		final long[] sizes = objects.sizes();
		final int[] ids = objects.ids().clone();
		for (int i = 0; i < ids.length; i++)
			if (ids[i] != 0 && sizes[ids[i]] < minVoxels) ids[i] = 0;
		return ObjectLabels.compact(ids, objects.shape());
	}

	/**
	 * Merges every object of fewer than {@code minVoxels} voxels into the neighbour with which it
	 * shares the most faces, smallest first; an object grown by merging that is still too small is
	 * merged again. Ties go to the larger neighbour, then the lower id. The merged object keeps the
	 * place of the neighbour in the numbering. Small objects without a neighbour are deleted.
	 *
	 * @throws CancellationException if the user canceled
	 */
	public static ObjectLabels merge(final ObjectLabels objects, final long minVoxels, final Progress progress) {
		final int n = objects.count();
		final long[] sizes = objects.sizes();
		boolean anySmall = false;
		for (int id = 1; id <= n; id++)
			anySmall |= sizes[id] < minVoxels;
		if (!anySmall) return objects;
		final Map<Integer, Map<Integer, Long>> touching = contacts(objects, sizes, minVoxels, progress);
		final IntUnionFind sets = new IntUnionFind();
		sets.grow(n);
		final int[] into = new int[n + 1];
		for (int id = 1; id <= n; id++)
			into[id] = id;
		final PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
			: Long.compare(a[1], b[1]));
		for (int id = 1; id <= n; id++)
			if (sizes[id] < minVoxels) queue.add(new long[] { sizes[id], id });
		final boolean[] gone = new boolean[n + 1];
		while (!queue.isEmpty()) {
			final long[] top = queue.poll();
			final int f = (int) top[1];
			if (gone[f] || sizes[f] != top[0]) continue;
			final Map<Integer, Long> around = touching.get(f);
			if (around == null || around.isEmpty()) continue;
			int best = 0;
			long bestFaces = -1;
			for (final Map.Entry<Integer, Long> e : around.entrySet()) {
				final int g = e.getKey();
				final long faces = e.getValue();
				if (faces > bestFaces || faces == bestFaces && (sizes[g] > sizes[best] || sizes[g] == sizes[best] &&
					g < best))
				{
					best = g;
					bestFaces = faces;
				}
			}
			final int g = best;
			gone[f] = true;
			into[f] = g;
			sizes[g] += sizes[f];
			final Map<Integer, Long> mine = touching.computeIfAbsent(g, k -> new HashMap<>());
			mine.remove(f);
			for (final Map.Entry<Integer, Long> e : around.entrySet()) {
				final int h = e.getKey();
				if (h == g) continue;
				mine.merge(h, e.getValue(), Long::sum);
				final Map<Integer, Long> theirs = touching.get(h);
				theirs.remove(f);
				theirs.merge(g, e.getValue(), Long::sum);
			}
			touching.remove(f);
			if (sizes[g] < minVoxels) queue.add(new long[] { sizes[g], g });
		}
		final int[] target = new int[n + 1];
		for (int id = 1; id <= n; id++) {
			int t = id;
			while (into[t] != t)
				t = into[t];
			target[id] = sizes[t] < minVoxels ? 0 : t;
		}
		final int[] ids = objects.ids().clone();
		for (int i = 0; i < ids.length; i++)
			ids[i] = target[ids[i]];
		return ObjectLabels.compact(ids, objects.shape());
	}

	/**
	 * The shared faces of every pair of touching objects of which at least one is small, as a map
	 * in both directions: id -> (neighbour id -> faces).
	 */
	private static Map<Integer, Map<Integer, Long>> contacts(final ObjectLabels objects, final long[] sizes,
		final long minVoxels, final Progress progress)
	{
		final StackShape s = objects.shape();
		final int[] ids = objects.ids();
		final int sx = s.width();
		final int plane = s.plane();
		final ContactCounts counts = new ContactCounts();
		for (int z = 0, i = 0; z < s.depth(); z++) {
			if (progress.isCanceled()) throw new CancellationException("Merging small objects canceled");
			progress.progress(z, s.depth());
			for (int y = 0; y < s.height(); y++)
				for (int x = 0; x < sx; x++, i++) {
					final int a = ids[i];
					if (a == 0) continue;
					final boolean small = sizes[a] < minVoxels;
					if (x + 1 < sx) face(counts, a, ids[i + 1], small, sizes, minVoxels);
					if (y + 1 < s.height()) face(counts, a, ids[i + sx], small, sizes, minVoxels);
					if (z + 1 < s.depth()) face(counts, a, ids[i + plane], small, sizes, minVoxels);
				}
		}
		progress.progress(s.depth(), s.depth());
		final Map<Integer, Map<Integer, Long>> touching = new HashMap<>();
		counts.forEach((a, b, faces) -> {
			touching.computeIfAbsent(a, k -> new HashMap<>()).put(b, faces);
			touching.computeIfAbsent(b, k -> new HashMap<>()).put(a, faces);
		});
		return touching;
	}

	private static void face(final ContactCounts counts, final int a, final int b, final boolean aSmall,
		final long[] sizes, final long minVoxels)
	{
		if (b != 0 && b != a && (aSmall || sizes[b] < minVoxels)) counts.add(a, b);
	}
}
