package org.unet3d.objects;

import java.util.concurrent.CancellationException;

import org.unet3d.progress.Progress;

/**
 * Morphological reconstruction by dilation: the marker is dilated again and again, never above the
 * image, until nothing changes; every voxel ends at the highest level at which a path of voxels
 * at least that high in the image joins it to a marker voxel of that level. With the image minus h
 * as marker this removes every maximum lower than h (the h-maxima transform, see
 * {@link ObjectSeeds#hMaxima}).
 * <p>
 * The hybrid algorithm of L. Vincent ("Morphological grayscale reconstruction in image analysis",
 * IEEE Trans. Image Processing 2, 1993): one raster scan forward, one backward, then a first-in
 * first-out propagation from the voxels that can still rise. Exact for float values; no value is
 * computed, each result is a marker or an image value.
 */
public final class Reconstruction {

	private Reconstruction() {}

	/**
	 * Reconstructs {@code marker} under {@code image}, in place, inside {@code domain}.
	 *
	 * @param marker the starting values, lowered to the image where above it; changed in place
	 * @param domain the voxels taking part (null for all); voxels outside neither change nor pass values on
	 * @return {@code marker}
	 * @throws CancellationException if the user canceled
	 */
	public static float[] byDilation(final float[] marker, final float[] image, final boolean[] domain,
		final StackShape shape, final Connectivity connectivity, final Progress progress)
	{
		shape.check(marker.length, "marker");
		shape.check(image.length, "image");
		if (domain != null) shape.check(domain.length, "mask");
		final Neighbourhood hood = new Neighbourhood(shape, connectivity);
		final int half = hood.half();
		final int all = hood.size();
		final int[] nb = new int[all];
		final int sx = shape.width();
		final int sy = shape.height();
		final int sz = shape.depth();
		final long total = 3L * sz;
		for (int i = 0; i < marker.length; i++)
			if (marker[i] > image[i]) marker[i] = image[i];
		for (int z = 0, i = 0; z < sz; z++) {
			step(progress, z, total);
			for (int y = 0; y < sy; y++)
				for (int x = 0; x < sx; x++, i++) {
					if (domain != null && !domain[i]) continue;
					float m = marker[i];
					final int n = hood.around(i, x, y, z, 0, half, nb);
					for (int k = 0; k < n; k++) {
						final int q = nb[k];
						if ((domain == null || domain[q]) && marker[q] > m) m = marker[q];
					}
					marker[i] = Math.min(m, image[i]);
				}
		}
		final IntQueue fifo = new IntQueue();
		for (int z = sz - 1, i = marker.length - 1; z >= 0; z--) {
			step(progress, 2L * sz - 1 - z, total);
			for (int y = sy - 1; y >= 0; y--)
				for (int x = sx - 1; x >= 0; x--, i--) {
					if (domain != null && !domain[i]) continue;
					float m = marker[i];
					final int n = hood.around(i, x, y, z, half, all, nb);
					for (int k = 0; k < n; k++) {
						final int q = nb[k];
						if ((domain == null || domain[q]) && marker[q] > m) m = marker[q];
					}
					m = Math.min(m, image[i]);
					marker[i] = m;
					for (int k = 0; k < n; k++) {
						final int q = nb[k];
						if ((domain == null || domain[q]) && marker[q] < m && marker[q] < image[q]) {
							fifo.add(i);
							break;
						}
					}
				}
		}
		long popped = 0;
		while (!fifo.isEmpty()) {
			if ((++popped & 0xfffff) == 0) step(progress, 2L * sz, total);
			final int p = fifo.remove();
			final float m = marker[p];
			final int n = hood.around(p, nb);
			for (int k = 0; k < n; k++) {
				final int q = nb[k];
				if ((domain == null || domain[q]) && marker[q] < m && image[q] != marker[q]) {
					marker[q] = Math.min(m, image[q]);
					fifo.add(q);
				}
			}
		}
		progress.progress(total, total);
		return marker;
	}

	private static void step(final Progress progress, final long done, final long total) {
		if (progress.isCanceled()) throw new CancellationException("Reconstruction canceled");
		progress.progress(done, total);
	}
}
