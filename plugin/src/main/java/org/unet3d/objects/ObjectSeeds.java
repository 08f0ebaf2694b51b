package org.unet3d.objects;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.unet3d.data.VoxelSize;
import org.unet3d.progress.Progress;

/**
 * Where objects start growing from: the maxima of an image (e.g. the distance transform of a
 * nucleus mask), each a seed with its own id. Two ways to keep shallow or crowded maxima from
 * splitting one nucleus in two: {@link #hMaxima} keeps only maxima that rise more than h above the
 * saddle to any higher maximum; {@link #spaced} keeps, from the highest down, only maxima at least
 * a given physical distance from every seed kept before.
 */
public final class ObjectSeeds {

	private ObjectSeeds() {}

	/**
	 * The h-maxima of {@code values} inside {@code domain}: the regional maxima of the
	 * reconstruction by dilation of {@code values - h} under {@code values}. A maximum survives if
	 * every path from it to a higher value descends by more than h (its dynamic exceeds h); the
	 * seed is the part of it within h of its top, so a maximum surviving with several tops gives one
	 * seed. With h = 0 these are the plain regional maxima.
	 *
	 * @param h in the image's units (for a distance transform, calibrated units such as micron)
	 */
	public static ObjectLabels hMaxima(final float[] values, final boolean[] domain, final double h,
		final StackShape shape, final Connectivity connectivity, final Progress progress)
	{
		if (!(h >= 0) || Double.isInfinite(h)) throw new IllegalArgumentException("The h of the h-maxima must be 0 " +
			"or positive, got " + h + ".");
		if (h == 0) return RegionalMaxima.of(values, domain, shape, connectivity, progress);
		final float[] marker = new float[values.length];
		for (int i = 0; i < values.length; i++)
			marker[i] = (float) (values[i] - h);
		Reconstruction.byDilation(marker, values, domain, shape, connectivity, progress);
		return RegionalMaxima.of(marker, domain, shape, connectivity, progress);
	}

	/**
	 * Keeps the seeds that are at least {@code minDistance} (calibrated units) from every seed of
	 * higher value kept before: seeds are visited from the highest peak value down (ties: lower id
	 * first), and a seed's position is its highest voxel (the first in x-fastest order among equals).
	 * Dropped seeds become background, so the watershed floods them from a kept neighbour.
	 *
	 * @return the kept seeds, numbered 1..N in their old order
	 */
	public static ObjectLabels spaced(final ObjectLabels seeds, final float[] values, final double minDistance) {
		final StackShape shape = seeds.shape();
		shape.check(values.length, "image");
		if (!(minDistance >= 0) || Double.isInfinite(minDistance)) throw new IllegalArgumentException(
			"The minimum seed distance must be 0 or positive, got " + minDistance + ".");
		final int n = seeds.count();
		if (minDistance == 0 || n < 2) return seeds;
		final int[] ids = seeds.ids();
		final int[] peak = new int[n + 1];
		java.util.Arrays.fill(peak, -1);
		for (int i = 0; i < ids.length; i++) {
			final int s = ids[i];
			if (s != 0 && (peak[s] < 0 || values[i] > values[peak[s]])) peak[s] = i;
		}
		final Integer[] order = new Integer[n];
		for (int s = 1; s <= n; s++)
			order[s - 1] = s;
		java.util.Arrays.sort(order, (a, b) -> {
			final int c = Float.compare(values[peak[b]], values[peak[a]]);
			return c != 0 ? c : Integer.compare(a, b);
		});
		final VoxelSize vs = shape.voxelSize();
		final double[] cell = { minDistance / vs.x(), minDistance / vs.y(), minDistance / vs.z() }; // in voxels
		final Map<Long, List<double[]>> grid = new HashMap<>();
		final boolean[] keep = new boolean[n + 1];
		final double d2 = minDistance * minDistance;
		for (final int s : order) {
			final int i = peak[s];
			final int z = i / shape.plane();
			final int y = i % shape.plane() / shape.width();
			final int x = i % shape.width();
			final double[] p = { x * vs.x(), y * vs.y(), z * vs.z() };
			final long cx = (long) Math.floor(x / cell[0]);
			final long cy = (long) Math.floor(y / cell[1]);
			final long cz = (long) Math.floor(z / cell[2]);
			boolean near = false;
			for (long a = cz - 1; a <= cz + 1 && !near; a++)
				for (long b = cy - 1; b <= cy + 1 && !near; b++)
					for (long c = cx - 1; c <= cx + 1 && !near; c++) {
						final List<double[]> there = grid.get(key(c, b, a));
						if (there == null) continue;
						for (final double[] o : there) {
							final double dx = o[0] - p[0];
							final double dy = o[1] - p[1];
							final double dz = o[2] - p[2];
							if (dx * dx + dy * dy + dz * dz < d2) {
								near = true;
								break;
							}
						}
					}
			if (near) continue;
			keep[s] = true;
			grid.computeIfAbsent(key(cx, cy, cz), k -> new ArrayList<>()).add(p);
		}
		final int[] kept = new int[ids.length];
		for (int i = 0; i < ids.length; i++)
			kept[i] = keep[ids[i]] ? ids[i] : 0;
		return ObjectLabels.compact(kept, shape);
	}

	private static long key(final long cx, final long cy, final long cz) {
		return (cz * 0x1F1F1F1FL + cy) * 0x9E3779B9L + cx;
	}
}
