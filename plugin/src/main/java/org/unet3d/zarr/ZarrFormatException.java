package org.unet3d.zarr;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A Zarr file that cannot be read: a layout, codec or type we do not support, or a damaged
 * description or chunk. The message names the file, what was found in it and how to fix it.
 */
public final class ZarrFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	/** Python (zarr 2) that rewrites an OME-Zarr image (a group) in a layout we read. */
	static final String PYTHON_COPY_IMAGE = "zarr.copy_all(zarr.open(\"in.zarr\", mode=\"r\"), " +
		"zarr.open_group(\"out.zarr\", mode=\"w\"), compressor=numcodecs.Zlib(), order=\"C\", filters=None)";

	/** Python (zarr 2) that rewrites a single array {@code a} in a layout we read. */
	static final String PYTHON_COPY_ARRAY = "zarr.array(a[...], store=\"out.zarr\", chunks=a.chunks, " +
		"compressor=numcodecs.Zlib())";

	/** What to do with a Zarr store in a layout or codec we do not read. */
	static final String HOW_TO_CONVERT = "Rewrite it as Zarr v2 in C order with compressor zlib, gzip, zstd or " +
		"none, e.g. in Python with zarr 2, for an OME-Zarr image: " + PYTHON_COPY_IMAGE + "; for a single array a: " +
		PYTHON_COPY_ARRAY + "; or convert the original TIFF again";

	ZarrFormatException(final String message) {
		super(message);
	}

	ZarrFormatException(final String message, final Throwable cause) {
		super(message, cause);
	}

	/** A feature of a readable file that we do not support: says what it is and how to convert. */
	static ZarrFormatException unsupported(final Path file, final String found) {
		return new ZarrFormatException(file + " uses " + found + ", which this plugin does not read. " + HOW_TO_CONVERT +
			".");
	}

	/** A description ({@code .zarray}, {@code .zattrs}) that is not what Zarr v2 writes. */
	static ZarrFormatException damaged(final Path file, final String problem) {
		return new ZarrFormatException(file + " is damaged or not a Zarr v2 description: " + problem +
			". Restore it from the tool that wrote the image, or write the image again.");
	}
}
