package org.unet3d.training;

import com.google.gson.annotations.SerializedName;

import java.util.Locale;

/**
 * Which convolution kernels a new network gets: in-plane kernels where slices are much thicker than
 * pixels are wide, or 3x3x3 everywhere. The names are those of the {@code kernels=} option and of
 * the model files' JSON.
 */
public enum ConvolutionKernels {

	/** 1x3x3 at levels whose sections are at least 3x thicker than pixels, 3x3x3 elsewhere (the default). */
	@SerializedName("auto")
	AUTO,
	/** 3x3x3 at every level. */
	@SerializedName("cubic")
	CUBIC;

	/** The name users type and model files store: "auto" or "cubic". */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses "auto" or "cubic" (case-insensitive; null or empty = auto). */
	public static ConvolutionKernels parse(final String text) {
		final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		if (t.isEmpty()) return AUTO;
		for (final ConvolutionKernels k : values())
			if (k.key().equals(t)) return k;
		throw new IllegalArgumentException("Kernels must be \"auto\" (1x3x3 where slices are much thicker than " +
			"pixels) or \"cubic\" (3x3x3 everywhere), got \"" + text + "\"");
	}
}
