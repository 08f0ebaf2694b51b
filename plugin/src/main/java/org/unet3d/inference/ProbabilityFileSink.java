package org.unet3d.inference;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.unet3d.data.VoxelSize;
import org.unet3d.io.TiffStackWriter;

/**
 * Writes class probabilities straight into a 32-bit TIFF hyperstack on disk as slices are finished
 * (one channel per class, values 0 to 1), so probability maps bigger than memory can be kept. The
 * file appears only when {@link #finish()} succeeds; {@link #close()} before that removes it.
 */
public final class ProbabilityFileSink implements SliceSink, Closeable {

	private final TiffStackWriter writer;
	private long next;

	private ProbabilityFileSink(final TiffStackWriter writer) {
		this.writer = writer;
	}

	/** Starts writing a probability hyperstack (channels = classes). */
	public static ProbabilityFileSink create(final File file, final long width, final long height, final long depth,
		final int classes, final VoxelSize voxelSize, final boolean overwrite) throws IOException
	{
		return new ProbabilityFileSink(TiffStackWriter.layout((int) width, (int) height, (int) depth).channels(classes)
			.type(TiffStackWriter.PixelType.FLOAT32).voxelSize(voxelSize).displayRange(0, 1).open(file, overwrite));
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
