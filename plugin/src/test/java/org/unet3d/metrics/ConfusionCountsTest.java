package org.unet3d.metrics;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.Test;

/** Counting from label images: exact counts, ignore label, K inference, error messages, speed. */
public class ConfusionCountsTest {

	/** Truth box [0, 6)^3 and predicted box [2, 8)^3 of class 1 in a 10^3 background. */
	static ConfusionCounts twoBoxes() {
		final Img<UnsignedByteType> truth = ArrayImgs.unsignedBytes(10, 10, 10);
		final Img<UnsignedByteType> pred = ArrayImgs.unsignedBytes(10, 10, 10);
		TestLabels.fillBox(truth, new long[] { 0, 0, 0 }, new long[] { 6, 6, 6 }, 1);
		TestLabels.fillBox(pred, new long[] { 2, 2, 2 }, new long[] { 8, 8, 8 }, 1);
		return ConfusionCounts.count(truth, pred, 2);
	}

	@Test
	public void perfectPredictionIsDiagonal() {
		final Img<UnsignedByteType> truth = ArrayImgs.unsignedBytes(7, 5, 3);
		final Random r = new Random(1);
		for (final UnsignedByteType t : truth)
			t.set(r.nextInt(3));
		final ConfusionCounts c = ConfusionCounts.count(truth, truth, 3);
		assertEquals(105, c.total());
		for (int t = 0; t < 3; t++)
			for (int p = 0; p < 3; p++)
				if (t != p) assertEquals(0, c.counts(t, p));
		assertEquals(105, c.tp(0) + c.tp(1) + c.tp(2));
		assertEquals(0, c.fp(1));
		assertEquals(0, c.fn(2));
	}

	@Test
	public void twoOverlappingBoxes() {
		final ConfusionCounts c = twoBoxes();
		// intersection [2, 6)^3 = 64 voxels, each box 216
		assertEquals(64, c.tp(1));
		assertEquals(152, c.fp(1));
		assertEquals(152, c.fn(1));
		assertEquals(1000 - 216 - 216 + 64, c.tn(1));
		assertEquals(632, c.tp(0));
		assertEquals(216, c.truthVoxels(1));
		assertEquals(216, c.predictedVoxels(1));
		assertEquals(1000, c.total());
		assertArrayEquals(new long[][] { { 632, 152 }, { 152, 64 } }, c.matrix());
	}

	@Test
	public void ignoredTruthIsSkippedWhateverThePrediction() {
		// truth: 0 1 255 255 1 0 ; prediction at ignored voxels is 200, not a class id, and not looked at
		final Img<UnsignedByteType> truth = TestLabels.bytes(6, 1, 1, 0, 1, 255, 255, 1, 0);
		final Img<UnsignedByteType> pred = TestLabels.bytes(6, 1, 1, 0, 1, 200, 1, 0, 0);
		final ConfusionCounts c = ConfusionCounts.count(truth, pred, 2, 255);
		assertEquals(4, c.total());
		assertEquals(2, c.ignored());
		assertArrayEquals(new long[][] { { 2, 0 }, { 1, 1 } }, c.matrix());
		final ConfusionCounts inferred = ConfusionCounts.countInferringClasses(truth, pred, 255);
		assertEquals(2, inferred.numClasses());
		assertEquals(c, inferred);
	}

	@Test
	public void infersClassesFromBothImages() {
		final Img<UnsignedByteType> truth = TestLabels.bytes(4, 1, 1, 0, 1, 2, 2);
		final Img<UnsignedByteType> pred = TestLabels.bytes(4, 1, 1, 0, 1, 4, 2);
		final ConfusionCounts c = ConfusionCounts.countInferringClasses(truth, pred);
		assertEquals(5, c.numClasses());
		assertEquals(1, c.counts(2, 4));
		assertEquals(1, c.counts(2, 2));
	}

	@Test
	public void inferenceGrowsAcrossBlocks() {
		// labels get larger in later z; blocks of 12 voxels = one slice each
		final Img<UnsignedByteType> truth = ArrayImgs.unsignedBytes(4, 3, 5);
		final Img<UnsignedByteType> pred = ArrayImgs.unsignedBytes(4, 3, 5);
		for (int z = 0; z < 5; z++) {
			TestLabels.fillBox(truth, new long[] { 0, 0, z }, new long[] { 4, 3, z + 1 }, z);
			TestLabels.fillBox(pred, new long[] { 0, 0, z }, new long[] { 2, 3, z + 1 }, 4 - z);
		}
		final ConfusionCounts blocks = ConfusionCounts.count(truth, pred, 0, false, 0, 12);
		final ConfusionCounts whole = ConfusionCounts.countInferringClasses(truth, pred);
		assertEquals(5, blocks.numClasses());
		assertEquals(whole, blocks);
		assertArrayEquals(naive(truth, pred, 5, false, 0), blocks.matrix());
	}

	@Test
	public void randomVolumesAgreeWithNaiveLoop() {
		final Random r = new Random(42);
		final long[] dims = { 67, 45, 13 };
		final Img<UnsignedByteType> truth = ArrayImgs.unsignedBytes(dims);
		final Img<UnsignedShortType> pred = PlanarImgs.unsignedShorts(dims);
		for (final UnsignedByteType t : truth)
			t.set(r.nextInt(10) == 0 ? 255 : r.nextInt(5));
		for (final UnsignedShortType p : pred)
			p.set(r.nextInt(5));
		final long[][] expected = naive(truth, pred, 5, true, 255);
		for (final int block : new int[] { LabelImages.BLOCK_VOXELS, 1000, 50, 7 }) {
			final ConfusionCounts c = ConfusionCounts.count(truth, pred, 5, true, 255, block);
			assertArrayEquals("block " + block, expected, c.matrix());
			assertEquals(ConfusionCounts.count(truth, pred, 0, true, 255, block), c);
		}
		long ignored = 0;
		for (final UnsignedByteType t : truth)
			if (t.get() == 255) ignored++;
		assertEquals(ignored, ConfusionCounts.count(truth, pred, 5, 255).ignored());
		// views that do not start at the origin are read at their own minimum
		final RandomAccessibleInterval<UnsignedByteType> shifted = Views.translate(truth, 100, -3, 7);
		final RandomAccessibleInterval<UnsignedShortType> cropped = Views.interval(Views.translate(pred, 5, 5, 5),
			new long[] { 5, 5, 5 }, new long[] { 71, 49, 17 });
		assertArrayEquals(expected, ConfusionCounts.count(shifted, cropped, 5, true, 255, 50).matrix());
	}

	@Test
	public void addMergesStacks() {
		final ConfusionCounts a = ConfusionCounts.of(new long[][] { { 1, 2 }, { 3, 4 } });
		final ConfusionCounts b = ConfusionCounts.of(new long[][] { { 10, 0, 1 }, { 0, 10, 0 }, { 2, 0, 10 } });
		final ConfusionCounts sum = a.add(b);
		assertArrayEquals(new long[][] { { 11, 2, 1 }, { 3, 14, 0 }, { 2, 0, 10 } }, sum.matrix());
		assertEquals(sum, b.add(a));
		assertEquals(10, a.total());
		assertEquals(a, ConfusionCounts.empty(2).add(a));

		final Img<UnsignedByteType> t1 = TestLabels.bytes(3, 1, 1, 0, 1, 255);
		final Img<UnsignedByteType> p1 = TestLabels.bytes(3, 1, 1, 1, 1, 0);
		final Img<UnsignedByteType> t2 = TestLabels.bytes(3, 1, 1, 1, 1, 0);
		final Img<UnsignedByteType> p2 = TestLabels.bytes(3, 1, 1, 0, 1, 0);
		final Img<UnsignedByteType> t12 = TestLabels.bytes(3, 1, 2, 0, 1, 255, 1, 1, 0);
		final Img<UnsignedByteType> p12 = TestLabels.bytes(3, 1, 2, 1, 1, 0, 0, 1, 0);
		assertEquals(ConfusionCounts.count(t12, p12, 2, 255), ConfusionCounts.count(t1, p1, 2, 255).add(ConfusionCounts
			.count(t2, p2, 2, 255)));
	}

	@Test
	public void countsPerClassFromMatrix() {
		final ConfusionCounts c = ConfusionCounts.of(new long[][] { { 50, 10, 0 }, { 5, 30, 5 }, { 0, 0, 0 } });
		assertEquals(100, c.total());
		assertEquals(30, c.tp(1));
		assertEquals(10, c.fp(1));
		assertEquals(10, c.fn(1));
		assertEquals(50, c.tn(1));
		assertEquals(0, c.tp(2));
		assertEquals(5, c.fp(2));
		assertEquals(0, c.fn(2));
		assertEquals(95, c.tn(2));
		assertEquals(60, c.truthVoxels(0));
		assertEquals(55, c.predictedVoxels(0));
	}

	@Test
	public void differentShapesNameBoth() {
		final Img<UnsignedByteType> truth = ArrayImgs.unsignedBytes(10, 10, 10);
		final Img<UnsignedByteType> pred = ArrayImgs.unsignedBytes(10, 10, 9);
		final String m = message(() -> ConfusionCounts.count(truth, pred, 2));
		assertTrue(m, m.contains("ground truth is 10 x 10 x 10 voxels"));
		assertTrue(m, m.contains("prediction is 10 x 10 x 9"));
		assertTrue(m, m.contains("must be the same size"));
		final String flat = message(() -> ConfusionCounts.count(ArrayImgs.unsignedBytes(4, 4), ArrayImgs.unsignedBytes(4,
			4), 2));
		assertTrue(flat, flat.contains("ground truth is a 2D image") && flat.contains("3D label images"));
	}

	@Test
	public void predictedValueOfKOrMoreNamesImageValueVoxelAndK() {
		final Img<UnsignedByteType> truth = TestLabels.bytes(3, 2, 1, 0, 1, 2, 0, 1, 2);
		final Img<UnsignedByteType> pred = TestLabels.bytes(3, 2, 1, 0, 1, 2, 0, 3, 2);
		final String m = message(() -> ConfusionCounts.count(truth, pred, 3));
		assertEquals("The prediction has the value 3 at x=1, y=1, z=0, which is not a class id: class ids are 0 to 2 " +
			"(K = 3 classes). Give the right number of classes, or check that the prediction uses the " +
			"ground truth's class ids.", m);
	}

	@Test
	public void truthValueOfKOrMoreSuggestsIgnoreLabel() {
		final Img<UnsignedByteType> truth = TestLabels.bytes(2, 1, 2, 0, 1, 1, 255);
		final Img<UnsignedByteType> pred = TestLabels.bytes(2, 1, 2, 0, 1, 1, 1);
		final String m = message(() -> ConfusionCounts.count(truth, pred, 2));
		assertTrue(m, m.startsWith("The ground truth has the value 255 at x=1, y=0, z=1, which is not a class id"));
		assertTrue(m, m.contains("K = 2 classes"));
		assertTrue(m, m.contains("if 255 marks unlabeled voxels, set it as the ignore label"));
	}

	@Test
	public void negativeAndFractionalValuesAreRejected() {
		final Img<ByteType> truth = ArrayImgs.bytes(new byte[] { 0, 1, -1, 1 }, 4, 1, 1);
		final Img<UnsignedByteType> pred = TestLabels.bytes(4, 1, 1, 0, 1, 1, 1);
		final String negative = message(() -> ConfusionCounts.count(truth, pred, 2));
		assertTrue(negative, negative.startsWith("The ground truth has the value -1 at x=2, y=0, z=0"));
		assertTrue(negative, negative.contains("class ids are 0 or more"));
		final String inferred = message(() -> ConfusionCounts.countInferringClasses(truth, pred));
		assertTrue(inferred, inferred.contains("-1") && inferred.contains("inferred"));

		final Img<FloatType> probabilities = ArrayImgs.floats(new float[] { 0, 1, 0.5f, 1 }, 4, 1, 1);
		final String fractional = message(() -> ConfusionCounts.count(pred, probabilities, 2));
		assertTrue(fractional, fractional.startsWith("The prediction has the value 0.5 at x=2, y=0, z=0"));
		assertTrue(fractional, fractional.contains("whole numbers") && fractional.contains("probability map"));
		assertTrue(message(() -> ConfusionCounts.countInferringClasses(pred, probabilities)).contains("0.5"));

		// whole floats are fine
		final Img<FloatType> wholeFloats = ArrayImgs.floats(new float[] { 0, 1, 1, 1 }, 4, 1, 1);
		assertEquals(3, ConfusionCounts.count(pred, wholeFloats, 2).tp(1));
	}

	@Test
	public void tooManyInferredClassesLooksLikeInstances() {
		final Img<UnsignedShortType> ids = ArrayImgs.unsignedShorts(new short[] { 0, 1, 5000, 2 }, 4, 1, 1);
		final Img<UnsignedByteType> pred = TestLabels.bytes(4, 1, 1, 0, 1, 1, 1);
		final String m = message(() -> ConfusionCounts.countInferringClasses(ids, pred));
		assertTrue(m, m.startsWith("The ground truth has the value 5000 at x=2, y=0, z=0"));
		assertTrue(m, m.contains("5001 classes") && m.contains("at most 1024") && m.contains("instance"));
		assertTrue(message(() -> ConfusionCounts.count(ids, pred, 2000)).contains("must be 1 to 1024"));
		assertTrue(message(() -> ConfusionCounts.of(new long[][] { { 1, 2 } })).contains("square"));
	}

	@Test
	public void countsA512x512x20PairFast() {
		final long[] dims = { 512, 512, 20 };
		final Img<UnsignedByteType> truth = PlanarImgs.unsignedBytes(dims);
		final Img<UnsignedByteType> pred = PlanarImgs.unsignedBytes(dims);
		TestLabels.fillBox(truth, new long[] { 100, 100, 2 }, new long[] { 400, 300, 18 }, 1);
		TestLabels.fillBox(pred, new long[] { 110, 100, 2 }, new long[] { 400, 310, 18 }, 1);
		ConfusionCounts.count(truth, pred, 2); // warm-up
		final long start = System.nanoTime();
		final ConfusionCounts c = ConfusionCounts.count(truth, pred, 2);
		final double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf(java.util.Locale.ROOT, "ConfusionCounts 512x512x20: %.3f s%n", seconds);
		assertEquals(290L * 200 * 16, c.tp(1));
		assertEquals(512L * 512 * 20, c.total());
		assertTrue("took " + seconds + " s", seconds < 5);
	}

	/** The reference: one voxel at a time through RandomAccess. */
	static <T extends RealType<T> & NativeType<T>, U extends RealType<U> & NativeType<U>> long[][] naive(
		final RandomAccessibleInterval<T> truth, final RandomAccessibleInterval<U> pred, final int k,
		final boolean hasIgnore, final int ignore)
	{
		final long[][] m = new long[k][k];
		final RandomAccess<T> ta = truth.randomAccess();
		final RandomAccess<U> pa = pred.randomAccess();
		for (long z = 0; z < truth.dimension(2); z++)
			for (long y = 0; y < truth.dimension(1); y++)
				for (long x = 0; x < truth.dimension(0); x++) {
					ta.setPosition(new long[] { truth.min(0) + x, truth.min(1) + y, truth.min(2) + z });
					pa.setPosition(new long[] { pred.min(0) + x, pred.min(1) + y, pred.min(2) + z });
					final int t = (int) ta.get().getRealDouble();
					if (hasIgnore && t == ignore) continue;
					m[t][(int) pa.get().getRealDouble()]++;
				}
		return m;
	}

	static String message(final Runnable r) {
		try {
			r.run();
		}
		catch (final IllegalArgumentException e) {
			return e.getMessage();
		}
		fail("expected an IllegalArgumentException");
		return null;
	}
}
