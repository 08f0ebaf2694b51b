package org.unet3d.planning;

/**
 * What a user chose about tiling a stack for segmentation; whatever is left out is chosen by the
 * {@link TilePlanner} from the network, the stack and the free memory. Immutable; made with
 * {@link #builder()}. Sizes are z, y, x in voxels.
 */
public final class TilingOptions {

	private final int[] tile;
	private final int[] overlap;
	private final int batch;
	private final Blending blending;
	private final boolean flips;

	private TilingOptions(final Builder b) {
		this.tile = b.tile;
		this.overlap = b.overlap;
		this.batch = b.batch;
		this.blending = b.blending;
		this.flips = b.flips;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Tile size z, y, x, or null for automatic. */
	public int[] tileZYX() {
		return tile == null ? null : tile.clone();
	}

	/** Overlap of neighbouring tiles z, y, x, or null for automatic. */
	public int[] overlapZYX() {
		return overlap == null ? null : overlap.clone();
	}

	/** Tiles per network call, or 0 for automatic. */
	public int batch() {
		return batch;
	}

	public Blending blending() {
		return blending;
	}

	/** Whether every tile is also predicted mirrored along x, y and z (8 passes), and averaged. */
	public boolean flips() {
		return flips;
	}

	/** Builds {@link TilingOptions}; every setting starts automatic. */
	public static final class Builder {

		private int[] tile;
		private int[] overlap;
		private int batch;
		private Blending blending = Blending.GAUSSIAN;
		private boolean flips;

		private Builder() {}

		/** Tile size z, y, x (multiples of the pooling product); null = automatic. */
		public Builder tile(final int[] zyx) {
			this.tile = zyx == null ? null : zyx.clone();
			return this;
		}

		/**
		 * Overlap between neighbouring tiles, z, y, x, in voxels; null = a quarter tile (GAUSSIAN,
		 * LINEAR) or twice the receptive-field radius (CROP).
		 */
		public Builder overlap(final int[] zyx) {
			this.overlap = zyx == null ? null : zyx.clone();
			return this;
		}

		/** Tiles per network call; 0 = automatic (more for small tiles, within the memory budget). */
		public Builder batch(final int n) {
			if (n < 0) throw new IllegalArgumentException("Batch must be >= 1 (or 0 for automatic), got " + n);
			this.batch = n;
			return this;
		}

		/** How overlapping tiles are combined; null = Gaussian. */
		public Builder blending(final Blending b) {
			this.blending = b == null ? Blending.GAUSSIAN : b;
			return this;
		}

		/**
		 * Test-time augmentation: predict every tile also mirrored along x, y, z and their combinations
		 * (8 passes) and average the probabilities. 8 times slower; smoother, often slightly better.
		 */
		public Builder flips(final boolean on) {
			this.flips = on;
			return this;
		}

		public TilingOptions build() {
			return new TilingOptions(this);
		}
	}
}
