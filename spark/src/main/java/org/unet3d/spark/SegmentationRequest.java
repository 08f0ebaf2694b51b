package org.unet3d.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.unet3d.data.ZyxSize;
import org.unet3d.inference.TiledPredictor;
import org.unet3d.planning.Blending;
import org.unet3d.zarr.Compressor;
import org.unet3d.data.NanHandling;

/**
 * What a distributed segmentation is asked to do, as given on the command line
 * ({@code image=in.zarr model=m.zip output=labels.zarr ...}): input and model, outputs, the tiling
 * (the same options and defaults as the single-machine {@code segment}), the output chunks and
 * blocks, and whether to resume. Checked when parsed; immutable and serializable.
 */
public final class SegmentationRequest implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Output chunk size z, y, x unless given. */
	static final int[] DEFAULT_CHUNK = { 64, 64, 64 };
	/** Block size z, y, x in voxels unless given (rounded up to whole chunks); see docs/spark.md. */
	static final int[] DEFAULT_BLOCK = { 256, 256, 256 };

	/** Options and what they mean, for the usage text and for rejecting unknown keys. */
	static final Map<String, String> OPTIONS = new LinkedHashMap<>();

	static {
		OPTIONS.put("image", "the OME-Zarr image (or Zarr array) to segment, on a file system every executor reads");
		OPTIONS.put("model", "the model file (.zip); read by the driver and sent to the executors");
		OPTIONS.put("output", "the OME-Zarr labels to write (8-bit, or 16-bit above 256 classes)");
		OPTIONS.put("probabilities", "optional: also write the class probabilities (32-bit, axes c,z,y,x)");
		OPTIONS.put("level", "resolution level of the image (0 = full, the default)");
		OPTIONS.put("tile", "tile size z,y,x (default: chosen from the model and the executors' memory)");
		OPTIONS.put("overlap", "tile overlap z,y,x (default: a quarter tile)");
		OPTIONS.put("batch", "tiles per network call (0 = automatic)");
		OPTIONS.put("blending", "gaussian (default), linear or crop");
		OPTIONS.put("flips", "test-time flips, 8x slower (default false)");
		OPTIONS.put("normalization", "stack (percentiles of this image, the default) or training (the model's range)");
		OPTIONS.put("chunk", "output chunk size z,y,x (default 64,64,64)");
		OPTIONS.put("block", "block size z,y,x in voxels, rounded up to whole chunks (default 256,256,256)");
		OPTIONS.put("compressor", "output chunks: zlib (default), gzip, zstd or none");
		OPTIONS.put("nan", "NaN or infinite voxels of float images: refuse (default) or a number to read them as");
		OPTIONS.put("resume", "true: keep the blocks a previous run finished, segment only the missing ones");
		OPTIONS.put("overwrite", "true: replace existing outputs");
		OPTIONS.put("master", "Spark master, e.g. local[2] or spark://host:7077 (default: spark-submit's, else local[*])");
	}

	final String image;
	final int level;
	final String model;
	final String output;
	final String probabilities;
	final int[] tile;
	final int[] overlap;
	final int batch;
	final Blending blending;
	final boolean flips;
	final TiledPredictor.Normalization normalization;
	final int[] chunkZYX;
	final int[] blockZYX;
	final String compressor;
	final String nan;
	final boolean resume;
	final boolean overwrite;
	final String master;

	private SegmentationRequest(final Map<String, String> o) {
		image = required(o, "image");
		model = required(o, "model");
		output = required(o, "output");
		probabilities = blankToNull(o.get("probabilities"));
		level = integer(o, "level", 0, 0);
		tile = zyx(o.get("tile"), "tile");
		overlap = zyx(o.get("overlap"), "overlap");
		batch = integer(o, "batch", 0, 0);
		blending = blending(o.get("blending"));
		flips = bool(o, "flips");
		normalization = normalization(o.get("normalization"));
		final int[] c = zyx(o.get("chunk"), "chunk");
		chunkZYX = c != null ? c : DEFAULT_CHUNK.clone();
		final int[] b = zyx(o.get("block"), "block");
		blockZYX = b != null ? b : DEFAULT_BLOCK.clone();
		for (int a = 0; a < 3; a++)
			if (chunkZYX[a] < 1 || blockZYX[a] < 1) throw new IllegalArgumentException("chunk and block sizes must be " +
				"positive, got chunk=" + join(chunkZYX) + " block=" + join(blockZYX));
		compressor = o.getOrDefault("compressor", "zlib");
		Compressor.parse(compressor); // checked here, used by the driver
		nan = o.getOrDefault("nan", "refuse");
		NanHandling.parse(nan);
		resume = bool(o, "resume");
		overwrite = bool(o, "overwrite");
		if (resume && overwrite) throw new IllegalArgumentException("resume=true keeps what a previous run wrote and " +
			"overwrite=true deletes it: give one of them.");
		master = blankToNull(o.get("master"));
		if (probabilities != null && probabilities.equals(output)) throw new IllegalArgumentException("output and " +
			"probabilities must be different folders");
	}

	/**
	 * Parses {@code key=value} options; keys starting with {@code spark.} are Spark settings and are
	 * left to the caller.
	 *
	 * @throws IllegalArgumentException naming an unknown or missing option, or a bad value
	 */
	static SegmentationRequest parse(final Map<String, String> options) {
		for (final String k : options.keySet())
			if (!OPTIONS.containsKey(k) && !k.startsWith("spark.")) throw new IllegalArgumentException("Unknown option \"" +
				k + "\". Options: " + String.join(", ", OPTIONS.keySet()) + ", and Spark settings (spark.*=...).");
		return new SegmentationRequest(options);
	}

	/** Chunk size x, y, z. */
	int[] chunkXYZ() {
		return new int[] { chunkZYX[2], chunkZYX[1], chunkZYX[0] };
	}

	/** Chunks per block along x, y, z: the block size rounded up to whole chunks. */
	int[] blockChunksXYZ() {
		final int[] n = new int[3];
		for (int a = 0; a < 3; a++)
			n[2 - a] = (blockZYX[a] + chunkZYX[a] - 1) / chunkZYX[a];
		return n;
	}

	private static String required(final Map<String, String> o, final String key) {
		final String v = blankToNull(o.get(key));
		if (v == null) throw new IllegalArgumentException("Missing " + key + "=<" + OPTIONS.get(key) + ">");
		return v;
	}

	private static String blankToNull(final String s) {
		return s == null || s.trim().isEmpty() ? null : s.trim();
	}

	private static int integer(final Map<String, String> o, final String key, final int dflt, final int min) {
		final String v = blankToNull(o.get(key));
		if (v == null) return dflt;
		try {
			final int i = Integer.parseInt(v);
			if (i >= min) return i;
		}
		catch (final NumberFormatException e) {
			// the message below says what is expected
		}
		throw new IllegalArgumentException(key + "=" + v + " is not understood: give a whole number of at least " + min +
			".");
	}

	private static boolean bool(final Map<String, String> o, final String key) {
		final String v = blankToNull(o.get(key));
		if (v == null || v.equalsIgnoreCase("false")) return false;
		if (v.equalsIgnoreCase("true")) return true;
		throw new IllegalArgumentException(key + "=" + v + " is not understood: use true or false.");
	}

	/** "z,y,x", one number for all axes, or empty (automatic: null). */
	static int[] zyx(final String text, final String key) {
		return ZyxSize.arrayOrAuto(text, key + "=");
	}

	private static Blending blending(final String text) {
		final String t = blankToNull(text);
		if (t == null) return Blending.GAUSSIAN;
		try {
			return Blending.valueOf(t.toUpperCase(Locale.ROOT));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("blending=" + t + " is not known: use gaussian (the default), linear or " +
				"crop.");
		}
	}

	private static TiledPredictor.Normalization normalization(final String text) {
		final String t = blankToNull(text);
		if (t == null || t.equalsIgnoreCase("stack")) return TiledPredictor.Normalization.PER_STACK;
		if (t.equalsIgnoreCase("training")) return TiledPredictor.Normalization.TRAINING;
		throw new IllegalArgumentException("normalization=" + t + " is not known: use stack (percentiles of this " +
			"image, the default) or training (the intensity range stored in the model).");
	}

	private static String join(final int[] a) {
		return a[0] + "," + a[1] + "," + a[2];
	}

	@Override
	public String toString() {
		return "segment " + image + " with " + model + " into " + output + (probabilities != null ? " and " +
			probabilities : "") + ", blocks " + join(blockZYX) + ", chunks " + join(chunkZYX) + (tile != null ? ", tile " +
				join(tile) : "") + (overlap != null ? ", overlap " + join(overlap) : "") + ", " + blending.name().toLowerCase(
					Locale.ROOT) + (flips ? ", flips" : "") + (resume ? ", resume" : "");
	}
}
