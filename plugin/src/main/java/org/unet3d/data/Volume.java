package org.unet3d.data;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * A 3D image with one or more channels, as the network sees it: axes X, Y, Z, C (C is always
 * present, of size 1 for a single-channel stack) and the physical voxel size. The pixels are a
 * view: a Volume never copies the image it wraps.
 *
 * @param <T> pixel type (8-, 16- or 32-bit, signed or not)
 */
public final class Volume<T extends RealType<T> & NativeType<T>> {

	private final RandomAccessibleInterval<T> xyzc;
	private final VoxelSize voxelSize;

	private Volume(final RandomAccessibleInterval<T> xyzc, final VoxelSize voxelSize) {
		if (xyzc.min(0) != 0 || xyzc.min(1) != 0 || xyzc.min(2) != 0 || xyzc.min(3) != 0)
			throw new IllegalArgumentException("A volume must start at the origin; use Views.zeroMin");
		this.xyzc = xyzc;
		this.voxelSize = voxelSize;
	}

	/**
	 * Wraps a 3D (XYZ) or 4D (XYZC) image.
	 *
	 * @throws IllegalArgumentException if the image is not 3D or 4D, naming the fix
	 */
	public static <T extends RealType<T> & NativeType<T>> Volume<T> of(final RandomAccessibleInterval<T> image,
		final VoxelSize voxelSize)
	{
		final int n = image.numDimensions();
		if (n == 3) return new Volume<>(Views.zeroMin(Views.addDimension(image, 0, 0)), voxelSize);
		if (n == 4) return new Volume<>(Views.zeroMin(image), voxelSize);
		throw new IllegalArgumentException("Expected a 3D stack (X, Y, Z, optionally channels) but got a " + n +
			"D image. Open a z-stack, or for a 2D image add slices (Image > Stacks).");
	}

	/** The same pixels (the very same view) with another voxel size, e.g. a calibration the user corrected. */
	public Volume<T> withVoxelSize(final VoxelSize size) {
		return new Volume<>(xyzc, size);
	}

	/** The pixels, axes X, Y, Z, C. */
	public RandomAccessibleInterval<T> pixels() {
		return xyzc;
	}

	/** One channel, axes X, Y, Z (a view). */
	public RandomAccessibleInterval<T> channel(final int c) {
		return Views.hyperSlice(xyzc, 3, c);
	}

	public long width() {
		return xyzc.dimension(0);
	}

	public long height() {
		return xyzc.dimension(1);
	}

	public long depth() {
		return xyzc.dimension(2);
	}

	public int channels() {
		return (int) xyzc.dimension(3);
	}

	/** Number of voxels of one channel (may exceed 2^31). */
	public long voxelCount() {
		return width() * height() * depth();
	}

	/** Shape as {z, y, x}, the order used for patch and tile sizes. */
	public long[] shapeZYX() {
		return new long[] { depth(), height(), width() };
	}

	public VoxelSize voxelSize() {
		return voxelSize;
	}

	/** The pixel type (a fresh variable, e.g. for deciding between 8- and 16-bit handling). */
	public T type() {
		return xyzc.getType().createVariable();
	}

	@Override
	public String toString() {
		return width() + " x " + height() + " x " + depth() + (channels() > 1 ? " x " + channels() + " channels" : "") +
			" (" + type().getClass().getSimpleName() + ", voxel " + voxelSize + ")";
	}
}
