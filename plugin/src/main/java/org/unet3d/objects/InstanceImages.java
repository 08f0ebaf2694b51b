package org.unet3d.objects;

import java.util.Locale;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.view.Views;

import org.unet3d.data.BlockReader;
import org.unet3d.data.VoxelSize;

/**
 * Reads label images (object ids or class ids, 8-, 16- or 32-bit) into an int array, refusing
 * what cannot be ids: fractional values, negative values, ids of 2^31 or more, and an image of
 * another size than the stack it belongs to.
 */
public final class InstanceImages {

	private InstanceImages() {}

	/**
	 * Reads an object id image of its own size.
	 *
	 * @throws IllegalArgumentException if it is not 3D or holds a value that is not an id
	 */
	public static <T extends RealType<T> & NativeType<T>> ObjectLabels readObjects(
		final RandomAccessibleInterval<T> image, final VoxelSize voxelSize)
	{
		check3D(image, "object label image");
		final StackShape shape = new StackShape(image.dimension(0), image.dimension(1), image.dimension(2), voxelSize);
		return ObjectLabels.compact(read(image, shape, "object label image"), shape);
	}

	/**
	 * Reads a label image that must have the size of {@code shape}, e.g. the instance image of a
	 * training stack.
	 *
	 * @param what how the image is called in messages, e.g. "instance image"
	 * @throws IllegalArgumentException if the size differs or a value is not an id, naming the fix
	 */
	public static <T extends RealType<T> & NativeType<T>> int[] read(final RandomAccessibleInterval<T> image,
		final StackShape shape, final String what)
	{
		check3D(image, what);
		if (image.dimension(0) != shape.width() || image.dimension(1) != shape.height() || image.dimension(
			2) != shape.depth()) throw new IllegalArgumentException("The " + what + " is " + image.dimension(0) + " x " +
				image.dimension(1) + " x " + image.dimension(2) + " voxels but the stack is " + shape.width() + " x " + shape
					.height() + " x " + shape.depth() + " (x, y, z); use the " + what + " made for this stack.");
		final BlockReader reader = BlockReader.of(image);
		final int[] ids = new int[shape.voxels()];
		final int plane = shape.plane();
		final int[] slice = new int[plane];
		final int[] size = { shape.width(), shape.height(), 1 };
		final boolean unsigned32 = image.getType() instanceof UnsignedIntType;
		final boolean integer = image.getType() instanceof IntegerType;
		for (int z = 0; z < shape.depth(); z++) {
			reader.readInt(new long[] { 0, 0, z }, size, slice);
			for (int i = 0; i < plane; i++)
				if (slice[i] < 0) refuse(image, i % shape.width(), i / shape.width(), z, unsigned32, integer, what);
			System.arraycopy(slice, 0, ids, z * plane, plane);
		}
		return ids;
	}

	private static <T extends RealType<T>> void refuse(final RandomAccessibleInterval<T> image, final int x,
		final int y, final int z, final boolean unsigned32, final boolean integer, final String what)
	{
		final RandomAccessibleInterval<T> zero = Views.zeroMin(image);
		final RandomAccess<T> ra = zero.randomAccess();
		ra.setPosition(new long[] { x, y, z });
		final double v = ra.get().getRealDouble();
		final String where = " at x=" + x + ", y=" + y + ", z=" + z;
		if (v != Math.rint(v) || Double.isInfinite(v)) throw new IllegalArgumentException("The " + what + " has the " +
			"value " + String.format(Locale.ROOT, "%s", v) + where + ", which is not a whole number; ids must be whole " +
			"numbers. Is this a probability map? Use the label image (8-, 16- or 32-bit) instead.");
		if (v >= 2147483648.0 || unsigned32) throw new IllegalArgumentException("The " + what + " has the id " +
			String.format(Locale.ROOT, "%.0f", v) + where + "; ids of 2^31 (2147483648) or more are not supported. " +
			"Number the objects consecutively from 1 (e.g. relabel them) so that the ids stay below 2^31.");
		if (v < 0) throw new IllegalArgumentException("The " + what + " has the negative value " + String.format(
			Locale.ROOT, "%.0f", v) + where + "; ids must be 0 (background) or positive. Relabel the image.");
		if (!integer) throw new IllegalArgumentException("The " + what + " has the value " + String.format(Locale.ROOT,
			"%.0f", v) + where + ", 10^9 or more, which a 32-bit float image cannot hold exactly; save the ids as a 16- " +
			"or 32-bit integer image, or number the objects consecutively from 1.");
		throw new IllegalStateException("Cannot read the value" + where + " of the " + what);
	}

	private static void check3D(final RandomAccessibleInterval<?> image, final String what) {
		if (image.numDimensions() != 3) throw new IllegalArgumentException("The " + what + " must be 3D (X, Y, Z), " +
			"got " + image.numDimensions() + "D. Remove channel or time axes.");
	}
}
