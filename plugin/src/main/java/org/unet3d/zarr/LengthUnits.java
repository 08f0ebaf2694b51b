package org.unet3d.zarr;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Length units between OME-NGFF, which names them as UDUNITS-2 does ("micrometer"), and ImageJ
 * calibrations ("micron", "nm", "mm"), with their size in meters for axes given in different units.
 */
final class LengthUnits {

	private static final Map<String, String> TO_NGFF = new HashMap<>();
	private static final Map<String, String> TO_IMAGEJ = new HashMap<>();
	private static final Map<String, Double> METERS = new HashMap<>();

	static {
		ngff("angstrom", "angstrom", 1e-10, "å", "\u212b", "angstroms");
		ngff("picometer", "pm", 1e-12, "picometers");
		ngff("nanometer", "nm", 1e-9, "nanometers");
		ngff("micrometer", "micron", 1e-6, "microns", "um", "\u00b5m", "\u03bcm", "micrometers");
		ngff("millimeter", "mm", 1e-3, "millimeters");
		ngff("centimeter", "cm", 1e-2, "centimeters");
		ngff("meter", "m", 1, "meters");
		ngff("inch", "inch", 0.0254, "inches", "in");
	}

	private LengthUnits() {}

	private static void ngff(final String ngff, final String imagej, final double meters, final String... aliases) {
		TO_IMAGEJ.put(ngff, imagej);
		METERS.put(ngff, meters);
		TO_NGFF.put(ngff, ngff);
		TO_NGFF.put(imagej.toLowerCase(Locale.ROOT), ngff);
		for (final String a : aliases)
			TO_NGFF.put(a.toLowerCase(Locale.ROOT), ngff);
	}

	/** The OME-NGFF name of an ImageJ unit, null for "pixel" or none, the unit itself if unknown. */
	static String toNgff(final String imagej) {
		if (imagej == null || imagej.isEmpty() || imagej.equalsIgnoreCase("pixel") || imagej.equalsIgnoreCase(
			"pixels")) return null;
		final String u = TO_NGFF.get(imagej.toLowerCase(Locale.ROOT));
		return u != null ? u : imagej;
	}

	/** The ImageJ name of an OME-NGFF unit ("pixel" for none, the unit itself if unknown). */
	static String toImageJ(final String ngff) {
		if (ngff == null || ngff.isEmpty()) return "pixel";
		final String u = TO_IMAGEJ.get(ngff.toLowerCase(Locale.ROOT));
		return u != null ? u : ngff;
	}

	/** How many {@code to} make one {@code from} (1 if either is unknown or they are the same). */
	static double factor(final String from, final String to) {
		final Double a = from == null ? null : METERS.get(from.toLowerCase(Locale.ROOT));
		final Double b = to == null ? null : METERS.get(to.toLowerCase(Locale.ROOT));
		return a == null || b == null ? 1 : a / b;
	}
}
