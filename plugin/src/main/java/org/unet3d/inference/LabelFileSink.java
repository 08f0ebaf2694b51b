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
 * Writes labels straight into a stack file as slices are finished (8-bit up to 256 classes, else
 * 16-bit): a TIFF stack (with the label color table), or an OME-Zarr image written a layer of
 * chunks at a time (see {@link VolumeFiles#create}), so a label image bigger than memory can be
 * made. The file appears only when {@link #finish()} succeeds; {@link #close()} before that
 * removes it.
 */
public final class LabelFileSink implements SliceSink, Closeable {

	private final StackWriter writer;
	private final byte[] bytes;
	private final short[] shorts;
	private long next;

	private LabelFileSink(final StackWriter writer, final int sliceLen, final boolean eightBit) {
		this.writer = writer;
		bytes = eightBit ? new byte[sliceLen] : null;
		shorts = eightBit ? null : new short[sliceLen];
	}

	/**
	 * Starts writing a label stack: an OME-Zarr image if the file's name ends in {@code .zarr}, else
	 * a TIFF.
	 *
	 * @param voxelSize calibration of the file (the input's)
	 * @param overwrite replace an existing file once the new one is complete
	 */
	public static LabelFileSink create(final File file, final long width, final long height, final long depth,
		final int classes, final VoxelSize voxelSize, final boolean overwrite) throws IOException
	{
		final boolean eightBit = classes <= 256;
		final StackLayout layout = StackLayout.of(width, height, depth).withVoxels(eightBit ? StackLayout.Voxels.UINT8
			: StackLayout.Voxels.UINT16).withVoxelSize(voxelSize).asLabels();
		return new LabelFileSink(VolumeFiles.create(file, layout, overwrite), (int) (width * height), eightBit);
	}

	@Override
	public void accept(final long z, final float[][] probabilities) {
		if (z != next) throw new IllegalStateException("Slice " + z + " came before slice " + next);
		try {
			if (bytes != null) {
				LabelMaker.toBytes(probabilities, bytes);
				writer.write(bytes);
			}
			else {
				LabelMaker.toShorts(probabilities, shorts);
				writer.write(shorts);
			}
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
