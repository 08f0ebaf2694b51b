package org.unet3d.planning;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.unet3d.data.VoxelSize;
import org.unet3d.network.InferenceNetwork;
import org.unet3d.network.UNet3DConfig;

/**
 * Chooses tile size, overlap and batch for a stack, so users never need to know the tiling rules:
 * tiles as large as the memory budget allows (bigger tiles waste less work on overlaps), physically
 * near-cubic, multiples of the pooling product; a quarter-tile overlap for blending; batches that
 * fill a network call when tiles are small. User choices are checked and explained when they do not
 * fit the network.
 */
public final class TilePlanner {

	/** Largest automatic tile for 16 base filters (192^3); scaled by 16 / filters. Memory usually decides first. */
	static final long MAX_TILE_VOXELS = 192L * 192 * 192;
	/**
	 * The fixed cost of a tile in voxels of work: a network call on a tile of v voxels takes about as
	 * long as v + this many voxels would (measured: 0.34 us per voxel plus 75 ms per call on 2 cores).
	 */
	static final long TILE_COST_VOXELS = 220_000;
	/** Smallest automatic tile (32^3) unless the stack is smaller. */
	static final long MIN_TILE_VOXELS = 32L * 32 * 32;
	/** Voxels per network call the automatic batch aims at: small tiles are slow one by one (measured on CPU). */
	static final long BATCH_VOXELS = 2L * 64 * 64 * 64;
	/** Largest automatic batch. */
	static final int MAX_BATCH = 8;
	/** Share of the native budget the network may take, and of the heap the blending slab may take. */
	static final double OFF_HEAP_SHARE = 0.8;
	static final double HEAP_SHARE = 0.5;
	/** Share of the heap the tile buffers may take (beside the slab). */
	static final double BUFFER_SHARE = 0.3;

	private TilePlanner() {}

	/**
	 * Plans the tiling of a stack.
	 *
	 * @param shape stack size z, y, x
	 * @param cachedPlaneBytes bytes of one input plane when the input is read from disk through a
	 *          cache (kept in the heap for a row of tiles), else 0
	 * @param options the user's choices; what they leave automatic is chosen here
	 * @throws IllegalArgumentException if a size the user chose does not fit the network or the
	 *           memory, naming sizes that do
	 */
	public static TilePlan plan(final UNet3DConfig net, final long[] shape, final VoxelSize voxelSize,
		final long cachedPlaneBytes, final TilingOptions options, final MemoryBudget budget)
	{
		final int[] m = net.sizeMultiple();
		final int[] userTile = options.tileZYX();
		final int[] userOverlap = options.overlapZYX();
		final Blending mode = options.blending();
		final int classes = net.classes();
		final int channels = net.inputChannels();
		final long sliceVoxels = shape[1] * shape[2];
		if (userTile != null) checkTile(userTile, m);
		if (userOverlap != null) for (int a = 0; a < 3; a++)
			if (userOverlap[a] < 0) throw new IllegalArgumentException("Tile overlap must not be negative, got " +
				userOverlap[a]);
		final long perVoxel = InferenceNetwork.runsHere() ? ActivationMemory.inferenceBytesPerVoxel(net) : ActivationMemory
			.bytesPerVoxel(net);
		// per slice of tile depth: the blending sums of all classes, and the cached input planes
		final long perZ = 4L * classes * sliceVoxels + (cachedPlaneBytes > 0 ? channels * cachedPlaneBytes : 0);
		final long heapForSlab = (long) (budget.heapBytes() * HEAP_SHARE);
		final long maxZ = heapForSlab / perZ * 4 / 5; // the slab holds one tile depth, the cache a bit more
		final Layout layout;
		if (userTile != null) layout = layout(userTile.clone(), false, userOverlap, mode, shape, m, net);
		else {
			final long cap = Math.max(MIN_TILE_VOXELS, MAX_TILE_VOXELS * 16 / net.baseFilters());
			final long byMemory = (long) (budget.offHeapBytes() * OFF_HEAP_SHARE / perVoxel);
			// the tile's input and probability buffers in the heap, beside the slab
			final long byHeap = (long) (budget.heapBytes() * BUFFER_SHARE / bufferBytesPerVoxel(channels, classes));
			layout = leastWork(shape, voxelSize, m, Math.max(MIN_TILE_VOXELS, Math.min(Math.min(cap, byMemory), byHeap)),
				maxZ, userOverlap, mode, net);
		}
		final int[] t = layout.tile, o = layout.overlap, halo = layout.halo;
		final TileGrid[] grids = layout.grids;
		final long tv = (long) t[0] * t[1] * t[2];
		final int tilesPerRow = grids[1].count() * grids[2].count();
		final int batch;
		if (options.batch() > 0) batch = options.batch();
		else {
			final long byMemory = (long) (budget.offHeapBytes() * OFF_HEAP_SHARE / (perVoxel * tv));
			batch = (int) Math.max(1, Math.min(Math.min(MAX_BATCH, tilesPerRow), Math.min(byMemory, BATCH_VOXELS / tv)));
		}
		if (userTile != null || options.batch() > 0) checkFits(t, batch, perVoxel, m, budget);
		final long slab = Math.min(shape[0], t[0]) * 4L * classes * sliceVoxels + (cachedPlaneBytes > 0 ? channels *
			cachedPlaneBytes * Math.min(shape[0], t[0] + o[0]) : 0);
		final long buffers = batch * tv * bufferBytesPerVoxel(channels, classes);
		final long heap = slab + buffers;
		if (slab > budget.heapBytes()) throw new IllegalArgumentException(String.format(Locale.ROOT,
			"Blending tiles %d slices deep over %d x %d slices needs about %.2f GB of Java memory, but only %.2f GB are " +
				"free. Use a tile of at most %d slices (tile=z,y,x), or give Java more memory (-Xmx, or Edit > Options > " +
				"Memory & Threads in Fiji).", t[0], shape[2], shape[1], slab / 1e9, budget.heapBytes() / 1e9, Math.max(
					m[0], budget.heapBytes() / perZ * 4 / 5 / m[0] * m[0])));
		return new TilePlan(t, o, halo, batch, mode, options.flips(), grids, heap, perVoxel * tv * batch);
	}

	/**
	 * Heap bytes per tile voxel of the tile buffers: the pipeline's three batches of input and two of
	 * probabilities, and one more of probabilities for test-time flips.
	 */
	static long bufferBytesPerVoxel(final int channels, final int classes) {
		return 4L * (3L * channels + 3L * classes);
	}

	/**
	 * The automatic tile: of the near-cubic tiles from the smallest to {@code maxVoxels}, the one whose
	 * grid over the stack costs the least work, counted as voxels computed plus a fixed cost per tile
	 * (a network call's overhead, {@link #TILE_COST_VOXELS}): bigger tiles waste less on overlaps,
	 * but a tile a little too big for the stack can need a whole extra row of tiles.
	 */
	private static Layout leastWork(final long[] shape, final VoxelSize voxelSize, final int[] m,
		final long maxVoxels, final long maxZ, final int[] userOverlap, final Blending mode, final UNet3DConfig net)
	{
		Layout best = null;
		IllegalArgumentException failure = null;
		double bestCost = Double.MAX_VALUE;
		final Set<String> seen = new HashSet<>();
		for (double v = MIN_TILE_VOXELS; v < maxVoxels * 1.04; v *= 1.08) {
			final int[] t = PatchShape.choose(shape, voxelSize, m, (long) Math.min(v, maxVoxels));
			if (t[0] > maxZ) t[0] = (int) Math.max(m[0], maxZ / m[0] * m[0]);
			if (!seen.add(Arrays.toString(t))) continue;
			final Layout l;
			try {
				l = layout(t, true, userOverlap, mode, shape, m, net);
			}
			catch (final IllegalArgumentException e) { // e.g. the user's overlap does not fit this tile
				if (best == null) failure = e;
				continue;
			}
			final double cost = l.tiles() * ((double) l.tile[0] * l.tile[1] * l.tile[2] + TILE_COST_VOXELS);
			if (cost < bestCost * 0.999) {
				best = l;
				bestCost = cost;
			}
		}
		if (best == null) throw failure;
		return best;
	}

	/** Tile, overlap, halo and grids of one tiling. */
	private static final class Layout {

		final int[] tile, overlap, halo;
		final TileGrid[] grids;

		Layout(final int[] tile, final int[] overlap, final int[] halo, final TileGrid[] grids) {
			this.tile = tile;
			this.overlap = overlap;
			this.halo = halo;
			this.grids = grids;
		}

		long tiles() {
			return (long) grids[0].count() * grids[1].count() * grids[2].count();
		}
	}

	/**
	 * The overlaps (automatic: a quarter tile on the pooling grid, enough for Gaussian blending,
	 * measured) and the grids of tiles of size {@code t}, adjusted to the stack (a tile never
	 * larger than the stack plus margins needs).
	 */
	private static Layout layout(final int[] t, final boolean automatic, final int[] userOverlap,
		final Blending mode, final long[] shape, final int[] m, final UNet3DConfig net)
	{
		final int[] o = new int[3];
		final int[] halo = new int[3];
		final int[] margin = new int[3];
		final int[] rf = net.receptiveFieldRadius();
		for (int a = 0; a < 3; a++) {
			if (mode == Blending.CROP) {
				halo[a] = roundUp(userOverlap != null ? userOverlap[a] / 2 : rf[a], m[a]);
				margin[a] = halo[a];
				final long region = TileGrid.region(shape[a], margin[a], m[a]);
				if (automatic) t[a] = Math.max(t[a], 2 * halo[a] + 2 * m[a]);
				t[a] = (int) Math.min(region, t[a]);
				if (t[a] < region && t[a] - 2 * halo[a] < m[a]) throw new IllegalArgumentException(String.format(
					Locale.ROOT, "Tile %d,%d,%d is too small for a halo of %d voxels along %s: make it at least %d.", t[0],
					t[1], t[2], halo[a], "zyx".charAt(a), 2 * halo[a] + m[a]));
				o[a] = 2 * halo[a];
			}
			else if (t[a] >= shape[a]) { // one tile holds the whole axis
				if (automatic) t[a] = roundUp((int) shape[a], m[a]);
			}
			else {
				o[a] = userOverlap != null ? userOverlap[a] : Math.min(roundUp(t[a] / 4, m[a]), t[a] - m[a]);
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
		return new Layout(t, o, halo, grids);
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
