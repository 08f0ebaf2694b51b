package org.unet3d.data;

import java.io.Closeable;
import java.io.IOException;

/**
 * A stack file being written one plane at a time, so that a result far bigger than memory can be
 * saved while it is computed: planes come in z order, channels fastest within a z-slice, each as
 * a primitive array of one channel of one z-slice, x fastest ({@code byte[]} for 8-bit,
 * {@code short[]} for 16-bit unsigned, {@code float[]} for 32-bit float, as the file was laid
 * out). The file appears under its name only when {@link #finish()} succeeds; {@link #close()}
 * before that removes what was written, so an error or a cancel leaves nothing half-written. Made
 * by a file format (a TIFF stack, an OME-Zarr image).
 */
public interface StackWriter extends Closeable {

	/** Appends the next plane (8-bit). */
	void write(byte[] plane) throws IOException;

	/** Appends the next plane (16-bit, unsigned). */
	void write(short[] plane) throws IOException;

	/** Appends the next plane (32-bit float). */
	void write(float[] plane) throws IOException;

	/**
	 * Completes the file and makes it appear under its name.
	 *
	 * @throws IllegalStateException if not all planes were written
	 */
	void finish() throws IOException;

	/** Abandons the file unless {@link #finish()} succeeded. */
	@Override
	void close() throws IOException;
}
