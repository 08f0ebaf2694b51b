package org.unet3d.inference;

import java.util.Locale;

import org.unet3d.data.VoxelSize;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.training.PatchShape;

/**
 * Chooses tile size, overlap and batch for a stack, so users never need to know the tiling rules:
 * tiles as large as the memory budget allows (bigger tiles waste less work on overlaps), physically
 * near-cubic, multiples of the pooling product; a quarter-tile overlap for blending; batches that
 * fill a network call when tiles are small. User choices are checked and explained when they do not
 * fit the network.
 */
final class TilePlanner {

	/** Largest automatic tile for 16 base filters (128^3); scaled by 16 / filters. */
	static final long MAX_TILE_VOXELS = 128L * 128 * 128;
	/** Smallest automatic tile (32^3) unless the stack is smaller. */
	static final long MIN_TILE_VOXELS = 32L * 32 * 32;
	/** Voxels per network call the automatic batch aims at: small tiles are slow one by one (measured on CPU). */
	static final long BATCH_VOXELS = 2L * 64 * 64 * 64;
	/** Largest automatic batch. */
	static final int MAX_BATCH = 8;
	/** Share of the native budget the network may take, and of the heap the blending slab may take. */
	static final double OFF_HEAP_SHARE = 0.8;
	static final double HEAP_SHARE = 0.5;

	private TilePlanner() {}

	/** What the planner needs to know; null sizes and batch 0 mean automatic. */
	static final class Request {

		UNet3DConfig net;
		long[] shapeZYX;
		VoxelSize voxelSize = VoxelSize.UNCALIBRATED;
		int[] tile;
		int[] overlap;
		int batch;
		BlendWindow.Mode mode = BlendWindow.Mode.GAUSSIAN;
		boolean flips;
		MemoryBudget budget;
		/** Bytes of one input plane when the input is read from disk through a cache, else 0. */
		long cachedPlaneBytes;
	}

	static TilePlan plan(final Request r) {
		final UNet3DConfig net = r.net;
		final int[] m = net.sizeMultiple();
		final long[] shape = r.shapeZYX;
		final int classes = net.classes();
		final int channels = net.inputChannels();
		final long sliceVoxels = shape[1] * shape[2];
		if (r.tile != null) checkTile(r.tile, m);
		if (r.overlap != null) for (int a = 0; a < 3; a++)
			if (r.overlap[a] < 0) throw new IllegalArgumentException("Tile overlap must not be negative, got " + r.overlap[a]);
		final long perVoxel = net.activationBytesPerVoxel();
		// per slice of tile depth: the blending sums of all classes, and the cached input planes
		final long perZ = 4L * classes * sliceVoxels + (r.cachedPlaneBytes > 0 ? channels * r.cachedPlaneBytes : 0);
		final long heapForSlab = (long) (r.budget.heapBytes() * HEAP_SHARE);
		final int[] t;
		if (r.tile != null) t = r.tile.clone();
		else {
			final long cap = Math.max(MIN_TILE_VOXELS, MAX_TILE_VOXELS * 16 / net.baseFilters());
			final long byMemory = (long) (r.budget.offHeapBytes() * OFF_HEAP_SHARE / perVoxel);
			t = PatchShape.choose(shape, r.voxelSize, m, Math.max(MIN_TILE_VOXELS, Math.min(cap, byMemory)));
			// the slab of slices being blended is tile-deep and slice-wide: keep it in the heap budget
			final long maxZ = heapForSlab / perZ * 4 / 5; // the slab holds one tile depth, the cache a bit more
			if (t[0] > maxZ) t[0] = (int) Math.max(m[0], maxZ / m[0] * m[0]);
		}
		final int[] o = new int[3];
		final int[] halo = new int[3];
		final int[] margin = new int[3];
		final int[] rf = net.receptiveFieldRadius();
		for (int a = 0; a < 3; a++) {
			if (r.mode == BlendWindow.Mode.CROP) {
				halo[a] = roundUp(r.overlap != null ? r.overlap[a] / 2 : rf[a], m[a]);
				margin[a] = halo[a];
				final long region = TileGrid.region(shape[a], margin[a], m[a]);
				if (r.tile == null) t[a] = Math.max(t[a], 2 * halo[a] + 2 * m[a]);
				t[a] = (int) Math.min(region, t[a]);
				if (t[a] < region && t[a] - 2 * halo[a] < m[a]) throw new IllegalArgumentException(String.format(
					Locale.ROOT, "Tile %d,%d,%d is too small for a halo of %d voxels along %s: make it at least %d.", t[0],
					t[1], t[2], halo[a], "zyx".charAt(a), 2 * halo[a] + m[a]));
				o[a] = 2 * halo[a];
			}
			else if (t[a] >= shape[a]) { // one tile holds the whole axis
				if (r.tile == null) t[a] = roundUp((int) shape[a], m[a]);
			}
			else {
				// automatic: a quarter tile on the pooling grid, leaving a step of at least one grid unit
				o[a] = r.overlap != null ? r.overlap[a] : Math.min(roundUp(t[a] / 4, m[a]), t[a] - m[a]);
				if (o[a] >= t[a]) throw new IllegalArgumentException(String.format(Locale.ROOT, "Tile overlap %d is not " +
					"smaller than the tile (%d) along %s. Use an overlap of at most %d.", o[a], t[a], "zyx".charAt(a), t[a] /
						2));
				margin[a] = o[a] / 2;
				t[a] = (int) Math.min(TileGrid.region(shape[a], margin[a], m[a]), t[a]);
			}
		}
		final TileGrid[] grids = new TileGrid[3];
		for (int a = 0; a < 3; a++)
			grids[a] = TileGrid.of(shape[a], t[a], margin[a], Math.max(m[a], t[a] - o[a]), m[a]);
		final long tv = (long) t[0] * t[1] * t[2];
		final int tilesPerRow = grids[1].count() * grids[2].count();
		final int batch;
		if (r.batch > 0) batch = r.batch;
		else {
			final long byMemory = (long) (r.budget.offHeapBytes() * OFF_HEAP_SHARE / (perVoxel * tv));
			batch = (int) Math.max(1, Math.min(Math.min(MAX_BATCH, tilesPerRow), Math.min(byMemory, BATCH_VOXELS / tv)));
		}
		if (r.tile != null || r.batch > 0) checkFits(t, batch, perVoxel, m, r.budget);
		final long slab = Math.min(shape[0], t[0]) * 4L * classes * sliceVoxels + (r.cachedPlaneBytes > 0 ? channels *
			r.cachedPlaneBytes * Math.min(shape[0], t[0] + o[0]) : 0);
		final long buffers = 4L * batch * tv * (channels + 2L * classes);
		final long heap = slab + buffers;
		if (slab > r.budget.heapBytes()) throw new IllegalArgumentException(String.format(Locale.ROOT,
			"Blending tiles %d slices deep over %d x %d slices needs about %.2f GB of Java memory, but only %.2f GB are " +
				"free. Use a tile of at most %d slices (tile=z,y,x), or give Java more memory (-Xmx, or Edit > Options > " +
				"Memory & Threads in Fiji).", t[0], shape[2], shape[1], slab / 1e9, r.budget.heapBytes() / 1e9, Math.max(
					m[0], r.budget.heapBytes() / perZ * 4 / 5 / m[0] * m[0])));
		return new TilePlan(t, o, halo, batch, r.mode, r.flips, grids, heap, perVoxel * tv * batch);
	}

	/**
	 * Checks that a tile or batch the user gave fits in the native memory budget.
	 *
	 * @throws IllegalArgumentException saying how much it needs and a tile that fits with batch 1
	 */
	private static void checkFits(final int[] t, final int batch, final long perVoxel, final int[] m,
		final MemoryBudget budget)
	{
		if (perVoxel * t[0] * t[1] * t[2] * batch <= budget.offHeapBytes()) return;
		final int[] fit = t.clone();
		while (perVoxel * fit[0] * fit[1] * fit[2] > budget.offHeapBytes() * OFF_HEAP_SHARE && (fit[0] > m[0] ||
			fit[1] > m[1] || fit[2] > m[2]))
		{
			int a = 0; // halve the longest axis that can still shrink
			for (int b = 1; b < 3; b++)
				if (fit[b] > m[b] && (fit[a] <= m[a] || fit[b] > fit[a])) a = b;
			fit[a] = Math.max(m[a], fit[a] / 2 / m[a] * m[a]);
		}
		throw new IllegalArgumentException(String.format(Locale.ROOT, "Tile %d,%d,%d with batch %d needs about %.2f GB " +
			"of memory, but about %.2f GB are available. Tile %d,%d,%d with batch 1 fits (tile=%d,%d,%d batch=1); or " +
			"leave tile and batch empty to have them chosen, or give Java more memory.", t[0], t[1], t[2], batch,
			(double) perVoxel * t[0] * t[1] * t[2] * batch / 1e9, budget.offHeapBytes() / 1e9, fit[0], fit[1], fit[2],
			fit[0], fit[1], fit[2]));
	}

	/**
	 * @throws IllegalArgumentException naming the nearest tile sizes that fit
	 */
	static void checkTile(final int[] zyx, final int[] m) {
		boolean ok = true;
		for (int a = 0; a < 3; a++)
			ok &= zyx[a] >= m[a] && zyx[a] % m[a] == 0;
		if (ok) return;
		final int[] down = new int[3];
		final int[] up = new int[3];
		final StringBuilder why = new StringBuilder();
		for (int a = 0; a < 3; a++) {
			down[a] = Math.max(m[a], zyx[a] / m[a] * m[a]);
			up[a] = Math.max(m[a], (zyx[a] + m[a] - 1) / m[a] * m[a]);
			if (zyx[a] < m[a] || zyx[a] % m[a] != 0) why.append(why.length() == 0 ? "" : ", ").append("zyx".charAt(a))
				.append(" a multiple of ").append(m[a]);
		}
		final String d = down[0] + "," + down[1] + "," + down[2];
		final String u = up[0] + "," + up[1] + "," + up[2];
		throw new IllegalArgumentException("Tile size " + zyx[0] + "," + zyx[1] + "," + zyx[2] + " does not fit the " +
			"network: each size must be a multiple of the pooling product (" + why + "). Nearest valid tile sizes: " + d +
			(u.equals(d) ? "" : " or " + u) + ". Or leave the tile size empty to have it chosen.");
	}

	private static int roundUp(final int v, final int m) {
		return (v + m - 1) / m * m;
	}
}
