package org.unet3d.commands;

import java.util.Locale;

import org.unet3d.data.ZyxSize;
import org.unet3d.inference.TiledPredictor;
import org.unet3d.model.SegmentationModel;
import org.unet3d.planning.Blending;

/** Turns the tiling fields shared by the segmentation commands into a {@link TiledPredictor}. */
final class SegmentationSettings {

	private SegmentationSettings() {}

	/**
	 * @param tile "z,y,x", one number, or empty for automatic
	 * @param overlap likewise
	 * @param batch tiles per network call, 0 = automatic
	 * @param blending "gaussian", "linear" or "crop"
	 */
	static TiledPredictor predictor(final SegmentationModel model, final String tile, final String overlap,
		final int batch, final String blending, final boolean flips)
	{
		return TiledPredictor.of(model).tile(ZyxSize.arrayOrAuto(tile, "Tile size")).overlap(ZyxSize.arrayOrAuto(
			overlap, "Tile overlap")).batch(batch).blending(blending(blending)).flips(flips).build();
	}

	static Blending blending(final String name) {
		if (name == null || name.trim().isEmpty()) return Blending.GAUSSIAN;
		try {
			return Blending.valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("Blending \"" + name + "\" is not known: use gaussian (smooth, the " +
				"default), linear, or crop (exact: tiled equals untiled, slower).");
		}
	}

	/** A title or file name without its extension. */
	static String baseName(final String title) {
		final int dot = title.lastIndexOf('.');
		return dot > 0 ? title.substring(0, dot) : title;
	}
}
