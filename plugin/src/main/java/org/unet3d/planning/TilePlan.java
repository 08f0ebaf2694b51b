package org.unet3d.planning;

import java.util.Locale;

/**
 * How a stack is cut into tiles: tile size, overlap and halo (z, y, x, in voxels), tiles per
 * network call, blending, test-time flips, the tile origins along each axis, and the memory this
 * is expected to take. Made by {@link TilePlanner#plan}; serializable, so that a plan made once can
 * be sent to the machines that segment the blocks of a stack (inference's BlockSegmenter).
 */
public final class TilePlan implements java.io.Serializable {

	private static final long serialVersionUID = 1L;

	private final int[] tile;
	private final int[] overlap;
	private final int[] halo;
	private final int batch;
	private final Blending mode;
	private final boolean flips;
	private final TileGrid[] grids;
	private final long heapBytes;
	private final long offHeapBytes;

	TilePlan(final int[] tile, final int[] overlap, final int[] halo, final int batch, final Blending mode,
		final boolean flips, final TileGrid[] grids, final long heapBytes, final long offHeapBytes)
	{
		this.tile = tile.clone();
		this.overlap = overlap.clone();
		this.halo = halo.clone();
		this.batch = batch;
		this.mode = mode;
		this.flips = flips;
		this.grids = grids.clone();
		this.heapBytes = heapBytes;
		this.offHeapBytes = offHeapBytes;
	}

	/** Tile size z, y, x. */
	public int[] tileZYX() {
		return tile.clone();
	}

	/** Overlap of neighbouring tiles z, y, x (0 along an axis one tile covers). */
	public int[] overlapZYX() {
		return overlap.clone();
	}

	/** Voxels at each tile border that do not count (CROP blending only, else 0). */
	public int[] haloZYX() {
		return halo.clone();
	}

	/** Tiles per network call. */
	public int batch() {
		return batch;
	}

	public Blending blending() {
		return mode;
	}

	/** Whether every tile is also predicted mirrored along x, y and z (8 passes), and averaged. */
	public boolean flips() {
		return flips;
	}

	/** Number of tiles. */
	public long tiles() {
		return (long) grids[0].count() * grids[1].count() * grids[2].count();
	}

	/** Tiles along axis 0 (z), 1 (y) or 2 (x). */
	public int tiles(final int axisZYX) {
		return grids[axisZYX].count();
	}

	/** Voxels of one tile. */
	public long tileVoxels() {
		return (long) tile[0] * tile[1] * tile[2];
	}

	/** Expected Java heap use in bytes (blending slab, input cache, tile buffers). */
	public long heapBytes() {
		return heapBytes;
	}

	/** Expected native memory use of the network in bytes. */
	public long offHeapBytes() {
		return offHeapBytes;
	}

	/** Where the tiles go along axis 0 (z), 1 (y) or 2 (x). */
	public TileGrid grid(final int axisZYX) {
		return grids[axisZYX];
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT,
			"%d tiles of %d,%d,%d (z,y,x), overlap %d,%d,%d, %d per batch, %s blending%s; about %.2f GB heap and " +
				"%.2f GB native memory", tiles(), tile[0], tile[1], tile[2], overlap[0], overlap[1], overlap[2], batch, mode
					.name().toLowerCase(Locale.ROOT), flips ? ", 8 flips per tile" : "", heapBytes / 1e9, offHeapBytes / 1e9);
	}
}
