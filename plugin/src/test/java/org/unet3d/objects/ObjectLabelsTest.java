package org.unet3d.objects;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import net.imglib2.Cursor;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.junit.Test;

/** Numbering without gaps and the 16- or 32-bit label image. */
public class ObjectLabelsTest {

	@Test
	public void compactKeepsTheOrderAndCloseGaps() {
		final StackShape s = new StackShape(6, 1, 1, null);
		final ObjectLabels o = ObjectLabels.compact(new int[] { 9, 0, 4, 4, 17, 9 }, s);
		assertArrayEquals(new int[] { 2, 0, 1, 1, 3, 2 }, o.ids());
		assertEquals(3, o.count());
		assertArrayEquals(new long[] { 1, 2, 2, 1 }, o.sizes());
		ObjectMakerTest.expect(() -> ObjectLabels.compact(new int[] { 1, -2, 0, 0, 0, 0 }, s), "negative");
	}

	@Test
	public void compactHandlesIdsFarBeyondTheVoxelCount() {
		final StackShape s = new StackShape(6, 1, 1, null);
		final ObjectLabels o = ObjectLabels.compact(new int[] { Integer.MAX_VALUE, 0, 5, Integer.MAX_VALUE, 1000000000,
			5 }, s);
		assertArrayEquals(new int[] { 3, 0, 1, 3, 2, 1 }, o.ids());
		assertEquals(3, o.count());
	}

	@Test
	public void sixteenBitUpTo65535ObjectsElse32() {
		final int n = 65536;
		final int[] ids = new int[n];
		for (int i = 0; i < n; i++)
			ids[i] = i; // ids 0..65535: 65535 objects
		final StackShape s = new StackShape(256, 128, 2, null);
		final ObjectLabels small = ObjectLabels.compact(ids.clone(), s);
		assertEquals(16, small.bitDepth());
		final PlanarImg<?, ?> img16 = small.toImg();
		assertTrue(img16.firstElement() instanceof UnsignedShortType);
		assertSameIds(small.ids(), img16);
		final int[] more = ids.clone();
		more[0] = 65536; // now 65536 objects
		final ObjectLabels big = ObjectLabels.compact(more, s);
		assertEquals(32, big.bitDepth());
		final PlanarImg<?, ?> img32 = big.toImg();
		assertTrue(img32.firstElement() instanceof IntType);
		assertSameIds(big.ids(), img32);
		assertEquals(new long[] { 256, 128, 2 }.length, img32.numDimensions());
	}

	@SuppressWarnings("unchecked")
	private static void assertSameIds(final int[] ids, final PlanarImg<?, ?> img) {
		final Cursor<? extends IntegerType<?>> c = ((PlanarImg<? extends IntegerType<?>, ?>) img).localizingCursor();
		final long[] pos = new long[3];
		while (c.hasNext()) {
			c.fwd();
			c.localize(pos);
			assertEquals(ids[(int) (pos[0] + 256 * (pos[1] + 128 * pos[2]))], c.get().getInteger());
		}
	}
}
