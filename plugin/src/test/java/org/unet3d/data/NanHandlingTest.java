package org.unet3d.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.Test;
import org.unet3d.progress.Progress;

/** nan=refuse names the first bad voxel and the option; nan=VALUE reads bad voxels as VALUE without copying. */
public class NanHandlingTest {

	private static final VoxelSize V = new VoxelSize(1, 1, 2, "micron");

	private static ArrayImg<FloatType, ?> withBadVoxels(final long... dims) {
		final ArrayImg<FloatType, ?> img = ArrayImgs.floats(dims);
		int i = 0;
		for (final FloatType t : img)
			t.set(i++ * 0.5f);
		img.randomAccess().setPositionAndGet(dims.length == 4 ? new long[] { 2, 3, 4, 1 } : new long[] { 2, 3, 4 }).set(
			Float.NaN);
		img.randomAccess().setPositionAndGet(dims.length == 4 ? new long[] { 0, 0, 5, 1 } : new long[] { 0, 0, 5 }).set(
			Float.POSITIVE_INFINITY);
		return img;
	}

	@Test
	public void refusingNamesTheFirstBadVoxelAndTheOption() {
		for (final long[] dims : new long[][] { { 6, 5, 7 }, { 6, 5, 7, 2 } }) {
			final Volume<FloatType> v = Volume.of(withBadVoxels(dims), V);
			try {
				NanHandling.parse("refuse").apply(v, "cells.zarr", new int[] { 4, 4, 4 }, Progress.NONE);
				fail();
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("Image \"cells.zarr\" has a voxel that is not a " +
					"number: NaN at x=2, y=3, z=4" + (dims.length == 4 ? ", channel 2." : ".")));
				assertTrue(e.getMessage(), e.getMessage().contains("Set nan=0 (or another number)"));
			}
		}
		final Volume<?> ints = Volume.of(ArrayImgs.unsignedBytes(4, 4, 4), V);
		assertSame(ints, NanHandling.REFUSE.apply(ints, "x", new int[] { 4, 4, 4 }, Progress.NONE));
		final Volume<?> clean = Volume.of(ArrayImgs.floats(4, 4, 4), V);
		assertSame(clean, NanHandling.REFUSE.apply(clean, "x", new int[] { 4, 4, 4 }, Progress.NONE));
	}

	@Test
	public void replacingReadsBadVoxelsAsTheValueAndLeavesTheImageAlone() {
		final ArrayImg<FloatType, ?> img = withBadVoxels(6, 5, 7);
		final Volume<?> v = NanHandling.parse(" -1.5 ").apply(Volume.of(img, V), "x", new int[] { 4, 4, 4 },
			Progress.NONE);
		assertEquals(V, v.voxelSize());
		final Cursor<FloatType> in = Views.flatIterable(img).cursor();
		final Cursor<? extends RealType<?>> out = Views.flatIterable(v.channel(0)).cursor();
		int replaced = 0;
		while (in.hasNext()) {
			final float a = in.next().get();
			final double b = out.next().getRealDouble();
			if (Float.isFinite(a)) assertEquals(a, b, 0);
			else {
				assertEquals(-1.5, b, 0);
				replaced++;
			}
		}
		assertEquals(2, replaced);
		assertTrue("the image itself is unchanged", Float.isNaN(img.randomAccess().setPositionAndGet(2, 3, 4).get()));
	}

	@Test
	public void optionValuesAreParsedAndBadOnesExplained() {
		assertTrue(NanHandling.parse("").refuses());
		assertTrue(NanHandling.parse("Refuse").refuses());
		assertEquals(0f, NanHandling.parse("0").replacement(), 0);
		assertEquals("nan=0.0", NanHandling.parse("0").toString());
		for (final String bad : new String[] { "NaN", "Infinity", "zero", "1e99" })
			try {
				NanHandling.parse(bad);
				fail(bad);
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("nan=" + bad + " is not understood: use nan=refuse"));
			}
	}
}
