package org.unet3d.io;

import java.awt.image.IndexColorModel;

/**
 * A glasbey-style lookup table for label images: class 0 black, then colors that are easy to tell
 * apart (the first ones fixed, the rest spread around the hue circle by the golden angle).
 */
public final class LabelLut {

	private static final int[] FIRST = { 0x000000, 0xff0000, 0x00ff00, 0x0000ff, 0xffff00, 0xff00ff, 0x00ffff,
		0xff8000, 0x8000ff, 0x0080ff, 0x80ff00, 0xff0080, 0x00ff80, 0x800000, 0x008000, 0x000080 };

	private LabelLut() {}

	/** The 8-bit color model (256 entries). */
	public static IndexColorModel colorModel() {
		final byte[] r = new byte[256];
		final byte[] g = new byte[256];
		final byte[] b = new byte[256];
		for (int i = 0; i < 256; i++) {
			final int rgb = rgb(i);
			r[i] = (byte) (rgb >> 16);
			g[i] = (byte) (rgb >> 8);
			b[i] = (byte) rgb;
		}
		return new IndexColorModel(8, 256, r, g, b);
	}

	/** The color of a label as 0xRRGGBB. */
	public static int rgb(final int label) {
		if (label < FIRST.length) return FIRST[label];
		final float hue = (float) ((label * 0.618033988749895) % 1.0);
		final float sat = 0.55f + 0.45f * ((label * 7) % 3) / 2f;
		final float bri = 0.65f + 0.35f * ((label * 5) % 2);
		return java.awt.Color.HSBtoRGB(hue, sat, bri) & 0xffffff;
	}
}
