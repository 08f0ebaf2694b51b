package org.unet3d.io;

import ij.ImagePlus;
import ij.VirtualStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import net.imglib2.blocks.PrimitiveBlocks;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;

/**
 * An ImageJ virtual stack over a {@link Volume} that is read lazily (e.g. an OME-Zarr image read
 * chunk by chunk), so such a volume can be shown in ImageJ and Fiji and given to the commands like
 * any open image without being loaded: each plane is read when ImageJ asks for it. Planes are in
 * ImageJ's order, channel fastest, then z. 8- and 16-bit volumes give 8- and 16-bit planes; float
 * and 32-bit integer ones give 32-bit float planes (exact for integers up to 2^24). Read-only: an
 * edited plane is not written back. {@link ImagePlusBridge#wrap} gives back the volume itself, so
 * the commands read it directly rather than plane by plane.
 */
public final class VolumeStack extends VirtualStack {

	private final Volume<?> volume;
	private final int bitDepth;
	private final int channels;
	private final int slices;
	private final PrimitiveBlocks<?> blocks;

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private VolumeStack(final Volume<?> volume) {
		super((int) volume.width(), (int) volume.height());
		this.volume = volume;
		final Object type = volume.type();
		if (type instanceof UnsignedByteType) bitDepth = 8;
		else if (type instanceof UnsignedShortType) bitDepth = 16;
		else if (type instanceof FloatType || type instanceof UnsignedIntType) bitDepth = 32;
		else throw new IllegalArgumentException("ImageJ cannot show " + type.getClass().getSimpleName() + " voxels; " +
			"convert the image to 8-bit, 16-bit or 32-bit float.");
		channels = volume.channels();
		slices = (int) volume.depth();
		blocks = PrimitiveBlocks.of((net.imglib2.RandomAccessible) volume.pixels(), PrimitiveBlocks.OnFallback.ACCEPT)
			.threadSafe();
	}

	/**
	 * A virtual image over a volume: a stack, or a hyperstack with channels, calibrated with the
	 * volume's voxel size.
	 *
	 * @throws IllegalArgumentException if the volume is too large for ImageJ (planes over 2^31 pixels,
	 *           over 2^31 planes) or has voxels ImageJ cannot show
	 */
	public static ImagePlus image(final String title, final Volume<?> volume) {
		if (volume.width() * volume.height() > Integer.MAX_VALUE || volume.depth() * volume.channels() >
			Integer.MAX_VALUE) throw new IllegalArgumentException("\"" + title + "\" is too large for an ImageJ stack " +
				"(" + volume + "): planes must have fewer than 2^31 pixels and the stack fewer than 2^31 planes.");
		final VolumeStack stack = new VolumeStack(volume);
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(stack.channels, stack.slices, 1);
		if (stack.channels > 1) imp.setOpenAsHyperStack(true);
		final VoxelSize vs = volume.voxelSize();
		if (!vs.equals(VoxelSize.UNCALIBRATED)) {
			final Calibration c = imp.getCalibration();
			c.pixelWidth = vs.x();
			c.pixelHeight = vs.y();
			c.pixelDepth = vs.z();
			c.setUnit(vs.unit());
		}
		return imp;
	}

	/** The volume this stack shows. */
	public Volume<?> volume() {
		return volume;
	}

	@Override
	public ImageProcessor getProcessor(final int n) {
		checkPlane(n);
		final int w = getWidth(), h = getHeight();
		final long[] min = { 0, 0, (n - 1) / channels, (n - 1) % channels };
		final int[] size = { w, h, 1, 1 };
		switch (bitDepth) {
			case 8: {
				final byte[] p = new byte[w * h];
				blocks.copy(min, p, size);
				return new ByteProcessor(w, h, p);
			}
			case 16: {
				final short[] p = new short[w * h];
				blocks.copy(min, p, size);
				return new ShortProcessor(w, h, p, null);
			}
			default: {
				final float[] p = new float[w * h];
				if (volume.type() instanceof UnsignedIntType) {
					final int[] ints = new int[w * h];
					blocks.copy(min, ints, size);
					for (int i = 0; i < p.length; i++)
						p[i] = ints[i] & 0xffffffffL;
				}
				else blocks.copy(min, p, size);
				return new FloatProcessor(w, h, p);
			}
		}
	}

	@Override
	public Object getPixels(final int n) {
		return getProcessor(n).getPixels();
	}

	/** Edits are not written back to the volume. */
	@Override
	public void setPixels(final Object pixels, final int n) {
		checkPlane(n);
	}

	@Override
	public int getSize() {
		return channels * slices;
	}

	@Override
	public int size() {
		return getSize();
	}

	@Override
	public int getBitDepth() {
		return bitDepth;
	}

	@Override
	public String getSliceLabel(final int n) {
		return null;
	}

	@Override
	public void addSlice(final String name) {
		throw new UnsupportedOperationException("A stack over a volume file has a fixed size");
	}

	@Override
	public void deleteSlice(final int n) {
		throw new UnsupportedOperationException("A stack over a volume file has a fixed size");
	}

	private void checkPlane(final int n) {
		if (n < 1 || n > getSize()) throw new IllegalArgumentException("Plane " + n + " out of range 1-" + getSize());
	}
}
