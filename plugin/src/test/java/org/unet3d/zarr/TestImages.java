package org.unet3d.zarr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/** Random images of every Zarr voxel type, and exact comparison of images, for the zarr tests. */
final class TestImages {

	private TestImages() {}

	/** An image of random voxels over the whole range of the type (floats: normal, times 1000). */
	@SuppressWarnings("unchecked")
	static <T extends RealType<T> & NativeType<T>> ArrayImg<T, ?> random(final DataType type, final long[] dims,
		final long seed)
	{
		final ArrayImg<T, ?> img;
		switch (type) {
			case UINT8:
				img = (ArrayImg<T, ?>) (Object) ArrayImgs.unsignedBytes(dims);
				break;
			case UINT16:
				img = (ArrayImg<T, ?>) (Object) ArrayImgs.unsignedShorts(dims);
				break;
			case UINT32:
				img = (ArrayImg<T, ?>) (Object) ArrayImgs.unsignedInts(dims);
				break;
			default:
				img = (ArrayImg<T, ?>) (Object) ArrayImgs.floats(dims);
		}
		final Random r = new Random(seed);
		for (final T t : img) {
			switch (type) {
				case UINT8:
					t.setReal(r.nextInt(256));
					break;
				case UINT16:
					t.setReal(r.nextInt(65536));
					break;
				case UINT32:
					t.setReal(r.nextInt() & 0xffffffffL);
					break;
				default:
					t.setReal((float) (r.nextGaussian() * 1000));
			}
		}
		return img;
	}

	/** Asserts that two images have the same size and the same voxels (NaN equals NaN). */
	static void assertSameVoxels(final RandomAccessibleInterval<?> expected, final RandomAccessibleInterval<?> actual) {
		assertEquals(expected.numDimensions(), actual.numDimensions());
		for (int d = 0; d < expected.numDimensions(); d++)
			assertEquals("size of axis " + d, expected.dimension(d), actual.dimension(d));
		final Cursor<?> e = Views.flatIterable(expected).localizingCursor();
		final Cursor<?> a = Views.flatIterable(actual).cursor();
		while (e.hasNext()) {
			final double x = ((RealType<?>) e.next()).getRealDouble();
			final double y = ((RealType<?>) a.next()).getRealDouble();
			if (!(x == y || Double.isNaN(x) && Double.isNaN(y))) {
				assertTrue("voxel " + java.util.Arrays.toString(e.positionAsLongArray()) + ": expected " + x + ", got " + y,
					false);
			}
		}
	}
}
