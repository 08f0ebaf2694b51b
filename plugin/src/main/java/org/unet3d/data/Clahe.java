package org.unet3d.data;

import com.google.gson.Gson;

import java.util.Locale;

/**
 * Contrast-limited adaptive histogram equalization (CLAHE) of a normalized stack: each block of
 * about {@code blockXY} pixels (and {@code blockZ} slices in 3D mode) gets its own equalizing
 * intensity mapping, with histogram bins clipped at {@code maxSlope} times the mean bin height
 * (the excess spread over all bins) so noise is not amplified; the mappings of neighbouring blocks
 * are interpolated (bilinearly per slice, or trilinearly in 3D), so there are no block edges.
 * Works on intensities normalized to 0..1 (values outside are clamped) and returns values in
 * 0..1. Slice-wise mode equalizes each z-slice on its own; 3D mode uses 3D blocks. Immutable; the
 * setting is stored in the model so that segmentation applies exactly the same mapping.
 */
public final class Clahe {

	/** How CLAHE is applied. */
	public enum Mode {
		/** No CLAHE. */
		OFF,
		/** Each z-slice on its own, with 2D blocks. */
		SLICES,
		/** 3D blocks over the whole stack. */
		VOLUME
	}

	/** Number of histogram bins over 0..1. */
	public static final int BINS = 256;

	/** No contrast enhancement. */
	public static final Clahe OFF = new Clahe(Mode.OFF, 64, 0, 3);

	private final Mode mode;
	private final int blockXY;
	private final int blockZ;
	private final double maxSlope;

	/**
	 * @param blockXY block size in pixels along x and y
	 * @param blockZ block size in slices along z (3D mode), 0 = from the voxel size when training starts
	 * @param maxSlope clip limit: bins are capped at this many times the mean bin height (>= 1; 1 = no change)
	 */
	public Clahe(final Mode mode, final int blockXY, final int blockZ, final double maxSlope) {
		if (mode == null) throw new IllegalArgumentException("CLAHE mode missing");
		if (blockXY < 8) throw new IllegalArgumentException("CLAHE block size must be at least 8 pixels, got " + blockXY);
		if (blockZ < 0) throw new IllegalArgumentException("CLAHE block depth must be >= 0 (0 = automatic), got " +
			blockZ);
		if (!(maxSlope >= 1 && maxSlope <= 100)) throw new IllegalArgumentException("CLAHE maximum slope must be in " +
			"1..100, got " + maxSlope + " (3 is typical)");
		this.mode = mode;
		this.blockXY = blockXY;
		this.blockZ = blockZ;
		this.maxSlope = maxSlope;
	}

	/** Slice-wise CLAHE with a block size and maximum slope (e.g. 64 pixels, 3). */
	public static Clahe slices(final int blockXY, final double maxSlope) {
		return new Clahe(Mode.SLICES, blockXY, 0, maxSlope);
	}

	/** 3D CLAHE; the block depth in slices follows from the voxel size unless given. */
	public static Clahe volume(final int blockXY, final int blockZ, final double maxSlope) {
		return new Clahe(Mode.VOLUME, blockXY, blockZ, maxSlope);
	}

	/**
	 * By name, as users type it: "none"/"off", "slices" (2D, slice by slice) or "3d"/"volume".
	 *
	 * @param blockXY block size in pixels
	 * @param maxSlope clip limit (e.g. 3)
	 */
	public static Clahe parse(final String mode, final int blockXY, final double maxSlope) {
		final String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
		switch (m) {
			case "":
			case "none":
			case "off":
				return OFF;
			case "slices":
			case "2d":
				return slices(blockXY, maxSlope);
			case "3d":
			case "volume":
				return volume(blockXY, 0, maxSlope);
			default:
				throw new IllegalArgumentException("Unknown CLAHE mode \"" + mode + "\". Use none, slices (each z-slice " +
					"on its own) or 3d.");
		}
	}

	public Mode mode() {
		return mode;
	}

	public boolean isOff() {
		return mode == Mode.OFF;
	}

	public int blockXY() {
		return blockXY;
	}

	/** Block depth in slices (3D mode); 0 until {@link #forVoxelSize} fixed it. */
	public int blockZ() {
		return blockZ;
	}

	public double maxSlope() {
		return maxSlope;
	}

	/** This setting with the block depth fixed: physically about as deep as the block is wide. */
	public Clahe forVoxelSize(final VoxelSize voxelSize) {
		if (mode != Mode.VOLUME || blockZ > 0) return this;
		return new Clahe(mode, blockXY, (int) Math.max(1, Math.round(blockXY / voxelSize.anisotropy())), maxSlope);
	}

	/**
	 * Equalizes one channel in place.
	 *
	 * @param slices the stack as z-slices of {@code width * height} normalized values, X fastest
	 */
	public void apply(final float[][] slices, final int width, final int height) {
		switch (mode) {
			case OFF:
				return;
			case SLICES:
				for (int z = 0; z < slices.length; z++)
					equalize(slices, z, z + 1, width, height, 1);
				return;
			case VOLUME:
				final int bz = blockZ > 0 ? blockZ : blockXY;
				equalize(slices, 0, slices.length, width, height, (int) Math.max(1, Math.round(slices.length / (double) bz)));
				return;
			default:
				throw new IllegalStateException(mode.name());
		}
	}

	private void equalize(final float[][] s, final int z0, final int z1, final int w, final int h, final int tilesZ) {
		final Axis ax = new Axis(w, Math.max(1, (int) Math.round(w / (double) blockXY)));
		final Axis ay = new Axis(h, Math.max(1, (int) Math.round(h / (double) blockXY)));
		final Axis az = new Axis(z1 - z0, Math.min(tilesZ, z1 - z0));
		final int tiles = ax.tiles * ay.tiles * az.tiles;
		final double[][] maps = new double[tiles][BINS + 1];
		for (int z = z0; z < z1; z++) {
			final float[] slice = s[z];
			final int tz = az.tileOf[z - z0];
			for (int y = 0; y < h; y++) {
				final int row = (tz * ay.tiles + ay.tileOf[y]) * ax.tiles;
				for (int x = 0; x < w; x++)
					maps[row + ax.tileOf[x]][bin(slice[y * w + x]) + 1]++;
			}
		}
		for (final double[] m : maps)
			toMapping(m);
		final double[] bz = new double[2];
		final double[] by = new double[2];
		final double[] bx = new double[2];
		for (int z = z0; z < z1; z++) {
			final float[] slice = s[z];
			final int zi = z - z0;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					final int i = y * w + x;
					final float v = Math.max(0f, Math.min(1f, slice[i]));
					final double pos = v * BINS;
					final int b = Math.min(BINS - 1, (int) pos);
					final double frac = pos - b;
					double out = 0;
					bz[0] = 1 - az.weight[zi];
					bz[1] = az.weight[zi];
					by[0] = 1 - ay.weight[y];
					by[1] = ay.weight[y];
					bx[0] = 1 - ax.weight[x];
					bx[1] = ax.weight[x];
					for (int cz = 0; cz < 2; cz++) {
						if (bz[cz] == 0) continue;
						final int tz = cz == 0 ? az.low[zi] : az.high[zi];
						for (int cy = 0; cy < 2; cy++) {
							if (by[cy] == 0) continue;
							final int ty = cy == 0 ? ay.low[y] : ay.high[y];
							for (int cx = 0; cx < 2; cx++) {
								if (bx[cx] == 0) continue;
								final int tx = cx == 0 ? ax.low[x] : ax.high[x];
								final double[] m = maps[(tz * ay.tiles + ty) * ax.tiles + tx];
								out += bz[cz] * by[cy] * bx[cx] * (m[b] + frac * (m[b + 1] - m[b]));
							}
						}
					}
					slice[i] = (float) out;
				}
		}
	}

	private static int bin(final float v) {
		return v >= 1 ? BINS - 1 : v <= 0 ? 0 : Math.min(BINS - 1, (int) (v * BINS));
	}

	/** Histogram in m[1..BINS] to a clipped cumulative mapping m[0..BINS] from 0 to 1. */
	private void toMapping(final double[] m) {
		double total = 0;
		for (int b = 1; b <= BINS; b++)
			total += m[b];
		if (total == 0) {
			for (int b = 0; b <= BINS; b++)
				m[b] = b / (double) BINS;
			return;
		}
		final double clip = Math.max(1, maxSlope * total / BINS);
		// clip, then spread the excess evenly; repeat a few times as spreading can push bins over the limit
		for (int iter = 0; iter < 8; iter++) {
			double excess = 0;
			for (int b = 1; b <= BINS; b++)
				if (m[b] > clip) {
					excess += m[b] - clip;
					m[b] = clip;
				}
			if (excess <= 1e-9 * total) break;
			final double add = excess / BINS;
			for (int b = 1; b <= BINS; b++)
				m[b] += add;
		}
		m[0] = 0;
		double cum = 0;
		for (int b = 1; b <= BINS; b++) {
			cum += m[b];
			m[b] = cum;
		}
		for (int b = 0; b <= BINS; b++)
			m[b] /= cum;
	}

	/** Tiles along one axis: each coordinate's tile, and its two nearest tile centers with weights. */
	private static final class Axis {

		final int tiles;
		final int[] tileOf;
		final int[] low;
		final int[] high;
		final double[] weight;

		Axis(final int size, final int tiles) {
			this.tiles = tiles;
			tileOf = new int[size];
			low = new int[size];
			high = new int[size];
			weight = new double[size];
			final double[] center = new double[tiles];
			for (int t = 0; t < tiles; t++) {
				final int a = (int) ((long) t * size / tiles);
				final int b = (int) ((long) (t + 1) * size / tiles);
				center[t] = (a + b - 1) / 2.0;
				for (int i = a; i < b; i++)
					tileOf[i] = t;
			}
			for (int i = 0; i < size; i++) {
				if (i <= center[0]) {
					low[i] = high[i] = 0;
				}
				else if (i >= center[tiles - 1]) {
					low[i] = high[i] = tiles - 1;
				}
				else {
					int t = tileOf[i];
					if (center[t] > i) t--;
					low[i] = t;
					high[i] = t + 1;
					weight[i] = (i - center[t]) / (center[t + 1] - center[t]);
				}
			}
		}
	}

	public String toJson() {
		return GSON.toJson(this);
	}

	public static Clahe fromJson(final String json) {
		final Clahe c = GSON.fromJson(json, Clahe.class);
		return new Clahe(c.mode, c.blockXY, c.blockZ, c.maxSlope); // validates
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof Clahe)) return false;
		final Clahe c = (Clahe) o;
		return mode == c.mode && (mode == Mode.OFF || blockXY == c.blockXY && blockZ == c.blockZ &&
			maxSlope == c.maxSlope);
	}

	@Override
	public int hashCode() {
		return mode == Mode.OFF ? 0 : toJson().hashCode();
	}

	@Override
	public String toString() {
		switch (mode) {
			case OFF:
				return "no CLAHE";
			case SLICES:
				return String.format(Locale.ROOT, "CLAHE per slice (blocks of %d pixels, maximum slope %s)", blockXY,
					maxSlope);
			default:
				return String.format(Locale.ROOT, "3D CLAHE (blocks of %d pixels x %s slices, maximum slope %s)", blockXY,
					blockZ > 0 ? String.valueOf(blockZ) : "auto", maxSlope);
		}
	}

	private static final Gson GSON = new Gson();
}
