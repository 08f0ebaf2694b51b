package org.unet3d.data;

import java.util.Locale;

/**
 * A size in voxels along z, y and x (a patch, a tile, an overlap), and the one parser of sizes as
 * users type them in dialogs, macros, on the command line and in the developers' tools:
 * {@code "16,128,128"} (z,y,x; commas, spaces or {@code x} between the numbers) or one number for
 * all three axes. Written back as {@code z,y,x}. Stack sizes in ImageJ's order (width x height x
 * depth, {@code "1024x1024x256"}) are read by {@link #parseWidthHeightDepth}.
 */
public final class ZyxSize {

	private final int z;
	private final int y;
	private final int x;

	private ZyxSize(final int z, final int y, final int x) {
		if (z < 0 || y < 0 || x < 0) throw new IllegalArgumentException("Sizes are voxel counts, 0 or more; got " + z +
			"," + y + "," + x + " (z,y,x).");
		this.z = z;
		this.y = y;
		this.x = x;
	}

	public static ZyxSize of(final int z, final int y, final int x) {
		return new ZyxSize(z, y, x);
	}

	/** From an array z, y, x. */
	public static ZyxSize of(final int[] zyx) {
		if (zyx == null || zyx.length != 3) throw new IllegalArgumentException("A size needs three numbers z,y,x.");
		return new ZyxSize(zyx[0], zyx[1], zyx[2]);
	}

	/** The same size along all three axes. */
	public static ZyxSize cube(final int n) {
		return new ZyxSize(n, n, n);
	}

	/**
	 * Parses {@code "z,y,x"} (e.g. 16,128,128) or one number for all axes.
	 *
	 * @param what the field, named in the message, e.g. "Patch size"
	 * @throws IllegalArgumentException naming the field, the text and the forms understood
	 */
	public static ZyxSize parse(final String text, final String what) {
		return parse(text, what, false);
	}

	/**
	 * As {@link #parse}, but empty text (or {@code auto}) means "choose automatically".
	 *
	 * @return the size, or null for automatic
	 */
	public static ZyxSize parseOrAuto(final String text, final String what) {
		if (text == null || text.trim().isEmpty() || text.trim().equalsIgnoreCase("auto")) return null;
		return parse(text, what, true);
	}

	/** {@link #parseOrAuto} as the array z, y, x that the builders of the core take (null = automatic). */
	public static int[] arrayOrAuto(final String text, final String what) {
		final ZyxSize size = parseOrAuto(text, what);
		return size == null ? null : size.toArray();
	}

	private static ZyxSize parse(final String text, final String what, final boolean autoAllowed) {
		final String t = text == null ? "" : text.trim();
		final String[] parts = t.split("[,xX\\s]+");
		try {
			if (parts.length == 1 && !t.isEmpty()) return cube(Integer.parseInt(parts[0]));
			if (parts.length == 3) return of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(
				parts[2]));
		}
		catch (final IllegalArgumentException e) { // NumberFormatException or a negative size
			// explained below
		}
		throw new IllegalArgumentException(what + " \"" + t + "\" is not understood: give z,y,x (e.g. 16,128,128)" +
			(autoAllowed ? ", one number for all axes, or leave it empty for automatic." : " or one number for all axes."));
	}

	/**
	 * Parses a stack size as ImageJ shows it, width x height x depth ({@code "1024x1024x256"}: x, y,
	 * z), each at least 1.
	 */
	public static ZyxSize parseWidthHeightDepth(final String text, final String what) {
		final String t = text == null ? "" : text.trim();
		final String[] p = t.toLowerCase(Locale.ROOT).split("x", -1);
		try {
			if (p.length == 3) {
				final ZyxSize s = of(Integer.parseInt(p[2].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[0]
					.trim()));
				if (s.z >= 1 && s.y >= 1 && s.x >= 1) return s;
			}
		}
		catch (final IllegalArgumentException e) { // NumberFormatException or a negative size
			// explained below
		}
		throw new IllegalArgumentException(what + " \"" + t + "\" is not understood: give width x height x depth, " +
			"each at least 1, e.g. 1024x1024x256.");
	}

	public int z() {
		return z;
	}

	public int y() {
		return y;
	}

	public int x() {
		return x;
	}

	/** z, y, x. */
	public int[] toArray() {
		return new int[] { z, y, x };
	}

	/** x, y, z, as ImgLib2 orders the dimensions of a stack. */
	public long[] toXyz() {
		return new long[] { x, y, z };
	}

	/** {@code z,y,x}, as {@link #parse} reads it. */
	@Override
	public String toString() {
		return z + "," + y + "," + x;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof ZyxSize && ((ZyxSize) o).z == z && ((ZyxSize) o).y == y && ((ZyxSize) o).x == x;
	}

	@Override
	public int hashCode() {
		return (z * 31 + y) * 31 + x;
	}
}
