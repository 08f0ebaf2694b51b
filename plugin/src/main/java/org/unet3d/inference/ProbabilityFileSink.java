package org.unet3d.inference;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.unet3d.data.StackWriter;
import org.unet3d.data.VoxelSize;
import org.unet3d.formats.StackLayout;
import org.unet3d.formats.VolumeFiles;

/**
 * Writes class probabilities straight into a 32-bit stack file as slices are finished (one channel
 * per class, values 0 to 1): a TIFF hyperstack or an OME-Zarr image (axes c, z, y, x), so
 * probability maps bigger than memory can be kept. The file appears only when {@link #finish()}
 * succeeds; {@link #close()} before that removes it.
 */
public final class ProbabilityFileSink implements SliceSink, Closeable {

	private final StackWriter writer;
	private long next;

	private ProbabilityFileSink(final StackWriter writer) {
		this.writer = writer;
	}

	/**
	 * Starts writing a probability stack (channels = classes): an OME-Zarr image if the file's name
	 * ends in {@code .zarr}, else a TIFF hyperstack.
	 */
	public static ProbabilityFileSink create(final File file, final long width, final long height, final long depth,
		final int classes, final VoxelSize voxelSize, final boolean overwrite) throws IOException
	{
		return new ProbabilityFileSink(VolumeFiles.create(file, StackLayout.of(width, height, depth).withChannels(
			classes).withVoxels(StackLayout.Voxels.FLOAT32).withVoxelSize(voxelSize).withDisplayRange(0, 1), overwrite));
	}

	@Override
	public void accept(final long z, final float[][] probabilities) {
		if (z != next) throw new IllegalStateException("Slice " + z + " came before slice " + next);
		try {
			for (final float[] p : probabilities)
				writer.write(p);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		next++;
	}

	/** Completes the file and makes it appear under its name. */
	public void finish() throws IOException {
		writer.finish();
	}

	@Override
	public void close() throws IOException {
		writer.close();
	}
}
