package org.unet3d.data;

import static org.junit.Assert.assertEquals;

import java.util.Random;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import org.junit.Test;

/** Boxes inside and outside the image, of whole images and of crops, equal ImgLib2's mirror extension. */
public class BlockReaderTest {

	private static ArrayImg<UnsignedShortType, ShortArray> image(final long... dims) {
		final ArrayImg<UnsignedShortType, ShortArray> img = ArrayImgs.unsignedShorts(dims);
		int i = 0;
		for (final UnsignedShortType t : img)
			t.set(i++ * 7 % 60000);
		return img;
	}

	private static void check(final RandomAccessibleInterval<UnsignedShortType> view, final long seed) {
		final BlockReader r = BlockReader.of(view);
		final RandomAccessibleInterval<UnsignedShortType> zero = Views.zeroMin(view);
		final RandomAccess<UnsignedShortType> ra = Views.extendMirrorSingle(zero).randomAccess();
		final Random rnd = new Random(seed);
		for (int trial = 0; trial < 30; trial++) {
			final int[] size = { 1 + rnd.nextInt(12), 1 + rnd.nextInt(12), 1 + rnd.nextInt(9) };
			final long[] min = new long[3];
			for (int d = 0; d < 3; d++)
				min[d] = rnd.nextInt((int) zero.dimension(d) + 2 * size[d]) - size[d] - 3;
			final float[] f = new float[size[0] * size[1] * size[2] + 5];
			final int[] in = new int[size[0] * size[1] * size[2]];
			r.readFloat(min, size, f, 5);
			r.readInt(min, size, in);
			int i = 0;
			for (int z = 0; z < size[2]; z++)
				for (int y = 0; y < size[1]; y++)
					for (int x = 0; x < size[0]; x++, i++) {
						final int expected = ra.setPositionAndGet(min[0] + x, min[1] + y, min[2] + z).get();
						assertEquals(expected, f[5 + i], 0f);
						assertEquals(expected, in[i]);
					}
		}
	}

	@Test
	public void wholeImage() {
		check(image(10, 8, 6), 1);
	}

	@Test
	public void cropOfALargerImageMirrorsAtTheCrop() {
		check(Views.interval(image(20, 15, 12), new long[] { 3, 2, 4 }, new long[] { 14, 9, 8 }), 2);
	}

	@Test
	public void singleSliceAndSingleRow() {
		check(image(9, 1, 1), 3);
		check(Views.interval(image(9, 6, 5), new long[] { 0, 0, 2 }, new long[] { 8, 5, 2 }), 4);
	}
}
