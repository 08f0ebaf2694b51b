package org.unet3d.inference;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.unet3d.data.VoxelSize;
import org.unet3d.io.LabelLut;
import org.unet3d.io.TiffStackWriter;

/**
 * Writes labels straight into a TIFF stack on disk as slices are finished (8-bit with the label
 * color table up to 256 classes, else 16-bit), so a label image bigger than memory can be made. The
 * file appears only when {@link #finish()} succeeds; {@link #close()} before that removes it.
 */
public final class LabelFileSink implements SliceSink, Closeable {

	private final TiffStackWriter writer;
	private final byte[] bytes;
	private final short[] shorts;
	private long next;

	private LabelFileSink(final TiffStackWriter writer, final int sliceLen, final boolean eightBit) {
		this.writer = writer;
		bytes = eightBit ? new byte[sliceLen] : null;
		shorts = eightBit ? null : new short[sliceLen];
	}

	/**
	 * Starts writing a label stack.
	 *
	 * @param voxelSize calibration of the file (the input's)
	 * @param overwrite replace an existing file once the new one is complete
	 */
	public static LabelFileSink create(final File file, final long width, final long height, final long depth,
		final int classes, final VoxelSize voxelSize, final boolean overwrite) throws IOException
	{
		final boolean eightBit = classes <= 256;
		final TiffStackWriter.Layout layout = TiffStackWriter.layout((int) width, (int) height, (int) depth).voxelSize(
			voxelSize).displayRange(0, 255);
		if (eightBit) layout.lut(LabelLut.colorModel());
		else layout.type(TiffStackWriter.PixelType.UINT16);
		return new LabelFileSink(layout.open(file, overwrite), (int) (width * height), eightBit);
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
