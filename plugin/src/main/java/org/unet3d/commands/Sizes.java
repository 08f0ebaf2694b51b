package org.unet3d.commands;

/** Parses the size fields of dialogs and macros: "16,128,128" (z,y,x), "64" (all axes) or "" (automatic). */
final class Sizes {

	private Sizes() {}

	/** @return z, y, x, or null for empty / "auto" */
	static int[] parseZYX(final String text, final String what) {
		if (text == null || text.trim().isEmpty() || text.trim().equalsIgnoreCase("auto")) return null;
		final String[] parts = text.trim().split("[,x\\s]+");
		try {
			if (parts.length == 1) {
				final int v = Integer.parseInt(parts[0]);
				return new int[] { v, v, v };
			}
			if (parts.length == 3) return new int[] { Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer
				.parseInt(parts[2]) };
		}
		catch (final NumberFormatException e) {
			// fall through to the message below
		}
		throw new IllegalArgumentException(what + " \"" + text + "\" is not understood: give z,y,x (e.g. 16,128,128), " +
			"one number for all axes, or leave it empty for automatic.");
	}
}
