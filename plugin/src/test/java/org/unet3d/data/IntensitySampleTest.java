package org.unet3d.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;

import org.junit.Test;

/**
 * The percentiles merged from the parts of a stack, in any order, equal those computed on the whole
 * stack: exactly for 8- and 16-bit (histograms), and for float too (the parts' shares of the same
 * fixed sample), below and above the sample size.
 */
public class IntensitySampleTest {

	/** Boxes of about {@code part} voxels per axis covering a stack, in a shuffled order. */
	private static List<Interval> parts(final long[] dims, final int[] part, final long seed) {
		final List<Interval> boxes = new ArrayList<>();
		for (long z = 0; z < dims[2]; z += part[2])
			for (long y = 0; y < dims[1]; y += part[1])
				for (long x = 0; x < dims[0]; x += part[0])
					boxes.add(new FinalInterval(new long[] { x, y, z }, new long[] { Math.min(dims[0], x + part[0]) - 1, Math
						.min(dims[1], y + part[1]) - 1, Math.min(dims[2], z + part[2]) - 1 }));
		Collections.shuffle(boxes, new Random(seed));
		return boxes;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void assertMergedEqualsWhole(final Volume<?> v, final int[] part, final boolean exact) {
		final PercentileNormalization n = new PercentileNormalization(1, 99.8);
		final NormalizationStats whole = n.compute((Volume) v);
		IntensitySample merged = null;
		for (final Interval box : parts(new long[] { v.width(), v.height(), v.depth() }, part, 7)) {
			final IntensitySample s = IntensitySample.of(v, box);
			merged = merged == null ? s : merged.merge(s);
		}
		assertEquals(v.voxelCount(), merged.voxels());
		assertEquals(exact, merged.exact());
		final NormalizationStats fromParts = n.compute(merged);
		assertEquals(v + ": " + whole + " vs " + fromParts, whole, fromParts);
		assertTrue("not a constant: " + whole, whole.high(0) > whole.low(0) + 1);
	}

	private static <T extends RealType<T>> void fill(final Iterable<T> img, final long seed, final double scale) {
		final Random r = new Random(seed);
		for (final T t : img)
			t.setReal(Math.min(t.getMaxValue(), Math.abs(r.nextGaussian() * scale + scale)));
	}

	@Test
	public void eightBit() {
		final net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.integer.UnsignedByteType, ?> img = ArrayImgs
			.unsignedBytes(23, 17, 11);
		fill(img, 1, 60);
		assertMergedEqualsWhole(Volume.of(img, VoxelSize.UNCALIBRATED), new int[] { 5, 6, 4 }, true);
	}

	@Test
	public void sixteenBitTwoChannels() {
		final net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.integer.UnsignedShortType, ?> img = ArrayImgs
			.unsignedShorts(19, 13, 9, 2);
		fill(img, 2, 9000);
		final Volume<?> v = Volume.of(img, VoxelSize.UNCALIBRATED);
		assertMergedEqualsWhole(v, new int[] { 7, 5, 4 }, true);
		final NormalizationStats s = new PercentileNormalization(1, 99.8).compute(IntensitySample.of(v,
			new FinalInterval(new long[] { 19, 13, 9 })));
		assertEquals(2, s.channels());
	}

	@Test
	public void floatBelowTheSampleSizeUsesEveryVoxel() {
		final net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.real.FloatType, ?> img = ArrayImgs.floats(31, 22,
			13);
		fill(img, 3, 0.5);
		assertMergedEqualsWhole(Volume.of(img, VoxelSize.UNCALIBRATED), new int[] { 8, 8, 8 }, false);
	}

	@Test
	public void floatAboveTheSampleSizeMergesTheSameSample() {
		// 4.1 million voxels, more than the sample of 4 million: each part keeps its share of the sample
		final net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.real.FloatType, ?> img = ArrayImgs.floats(181,
			160, 142);
		assertTrue(181L * 160 * 142 > PercentileNormalization.FLOAT_SAMPLE);
		fill(img, 4, 100);
		assertMergedEqualsWhole(Volume.of(img, VoxelSize.UNCALIBRATED), new int[] { 100, 90, 80 }, false);
	}

	@Test
	public void samplesOfDifferentStacksDoNotMerge() {
		final IntensitySample bytes = IntensitySample.of(Volume.of(ArrayImgs.unsignedBytes(4, 4, 4),
			VoxelSize.UNCALIBRATED), new FinalInterval(4, 4, 4));
		final IntensitySample floats = IntensitySample.of(Volume.of(ArrayImgs.floats(4, 4, 4), VoxelSize.UNCALIBRATED),
			new FinalInterval(4, 4, 4));
		assertFalse(floats.exact());
		try {
			bytes.merge(floats);
			fail("a histogram and a float sample");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("different stacks"));
		}
	}
}
