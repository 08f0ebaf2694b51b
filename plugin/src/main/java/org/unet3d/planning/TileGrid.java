package org.unet3d.planning;

import java.util.Arrays;

/**
 * Where tiles go along one axis: tile origins that cover the stack plus a mirrored margin on both
 * sides, spread evenly, every origin on the network's pooling grid (a multiple of the pooling
 * product from a common anchor), so that a voxel sees the same pooling windows in every tile
 * and tiled prediction equals prediction on the whole stack.
 */
public final class TileGrid implements java.io.Serializable {

	private static final long serialVersionUID = 1L;

	private final long[] origins;
	private final int tile;

	private TileGrid(final long[] origins, final int tile) {
		this.origins = origins;
		this.tile = tile;
	}

	/**
	 * @param size stack size along the axis
	 * @param tile tile size (a multiple of {@code multiple})
	 * @param margin context to add beyond both stack borders (rounded up to a multiple)
	 * @param maxStep largest distance between two origins (at most the tile size)
	 * @param multiple pooling product along the axis
	 */
	public static TileGrid of(final long size, final int tile, final int margin, final int maxStep,
		final int multiple)
	{
		if (tile % multiple != 0) throw new IllegalArgumentException("Tile " + tile + " is not a multiple of " +
			multiple);
		final long m = roundUp(margin, multiple);
		final long start = -m;
		final long region = roundUp(size + 2 * m, multiple);
		if (region <= tile) // one tile, the stack about centered in it, origin on the grid
			return new TileGrid(new long[] { -((tile - size) / 2 / multiple) * multiple }, tile);
		final long span = region - tile; // distance between first and last origin, a multiple of `multiple`
		final int step = Math.max(multiple, Math.min(tile, maxStep) / multiple * multiple);
		final int n = (int) ((span + step - 1) / step) + 1;
		final long[] o = new long[n];
		for (int i = 0; i < n; i++) {
			final double exact = n == 1 ? 0 : (double) span * i / (n - 1);
			o[i] = start + Math.round(exact / multiple) * multiple;
		}
		return new TileGrid(o, tile);
	}

	/** Size of the stack plus margins, rounded up to the pooling grid: a tile this big covers all. */
	public static long region(final long size, final int margin, final int multiple) {
		return roundUp(size + 2 * roundUp(margin, multiple), multiple);
	}

	private static long roundUp(final long v, final long m) {
		return (v + m - 1) / m * m;
	}

	public int tile() {
		return tile;
	}

	public int count() {
		return origins.length;
	}

	public long origin(final int i) {
		return origins[i];
	}

	@Override
	public String toString() {
		return "tile " + tile + " at " + Arrays.toString(origins);
	}
}
