package org.unet3d.data;

import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.unet3d.progress.Progress;

/**
 * What to do with voxels that are not finite numbers (NaN, +Inf, -Inf) in a float image: refuse
 * the image before any work, naming the first such voxel (the default), or read every such voxel as
 * a chosen number instead. The option is written {@code nan=refuse} or {@code nan=0} (any finite
 * number). Replacing is lazy: a converting view, nothing is copied or written back. Immutable.
 */
public final class NanHandling {

	/** The option's name on command lines and in macros. */
	public static final String OPTION = "nan";

	/** Refuse images with non-finite voxels (the default). */
	public static final NanHandling REFUSE = new NanHandling(Float.NaN);

	private final float replacement;

	private NanHandling(final float replacement) {
		this.replacement = replacement;
	}

	/** Read every non-finite voxel as {@code value}. */
	public static NanHandling replaceWith(final float value) {
		if (!Float.isFinite(value)) throw new IllegalArgumentException(OPTION + "= must be a finite number or " +
			"\"refuse\", got " + value);
		return new NanHandling(value);
	}

	/**
	 * Parses the option's value: "refuse" (or empty) or a finite number.
	 *
	 * @throws IllegalArgumentException naming the accepted values
	 */
	public static NanHandling parse(final String text) {
		final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		if (t.isEmpty() || t.equals("refuse")) return REFUSE;
		try {
			final float v = Float.parseFloat(t);
			if (Float.isFinite(v)) return replaceWith(v);
		}
		catch (final NumberFormatException e) {
			// the message below says what is accepted
		}
		throw new IllegalArgumentException(OPTION + "=" + text + " is not understood: use " + OPTION + "=refuse to " +
			"refuse images with NaN or infinite voxels, or a number such as " + OPTION + "=0 to read them as that number.");
	}

	/** True if non-finite voxels are refused. */
	public boolean refuses() {
		return Float.isNaN(replacement);
	}

	/** The number read instead of a non-finite voxel (NaN when they are refused). */
	public float replacement() {
		return replacement;
	}

	/**
	 * Applies the option to a volume: integer volumes come back as they are; float volumes are
	 * checked (refuse) or wrapped in a replacing view (32-bit float).
	 *
	 * @param name the image's name for the message (e.g. its file)
	 * @param blockXYZ how much to read at once while checking (see {@link NonFiniteVoxels#first})
	 * @throws IllegalArgumentException if the volume has a non-finite voxel and they are refused: names
	 *           the first one and this option
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public Volume<?> apply(final Volume<?> volume, final String name, final int[] blockXYZ, final Progress progress) {
		final Object type = volume.type();
		if (!(type instanceof FloatType) && !(type instanceof net.imglib2.type.numeric.real.DoubleType)) return volume;
		if (refuses()) {
			final NonFiniteVoxels.Found f = NonFiniteVoxels.first(volume, blockXYZ, progress);
			if (f != null) throw new IllegalArgumentException("Image \"" + name + "\" has a voxel that is not a number: " +
				f.describe(volume.channels() > 1) + ". 3D U-Net cannot compute with it (one such voxel spoils every " +
				"tile around it). Set " + OPTION + "=0 (or another number) to read such voxels as that number, or " +
				"fix the image. In OME-Zarr, NaN is often the fill value of chunks that were never written.");
			return volume;
		}
		final float value = replacement;
		final RandomAccessibleInterval<FloatType> replaced = Converters.convert((RandomAccessibleInterval<RealType>) volume
			.pixels(), (in, out) -> {
				final double v = in.getRealDouble();
				out.set(Double.isFinite(v) ? (float) v : value);
			}, new FloatType());
		return Volume.of(replaced, volume.voxelSize());
	}

	@Override
	public String toString() {
		return OPTION + "=" + (refuses() ? "refuse" : Float.toString(replacement));
	}
}
