package org.unet3d.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Test;

/** Object matching scores against hand-computed values, and the optimal matching against exhaustive search. */
public class ObjectMatchingTest {

	private static final double EPS = 1e-12;

	private static Img<UnsignedByteType> row(final int... ids) {
		final byte[] b = new byte[ids.length];
		for (int i = 0; i < ids.length; i++)
			b[i] = (byte) ids[i];
		return ArrayImgs.unsignedBytes(b, ids.length, 1, 1);
	}

	/**
	 * Truth 1 (4 voxels), 2 (3), 3 (2); prediction 1 (3), 2 (4), 4 (2). IoU(1,1) = 3/4, IoU(2,2) = 3/4,
	 * IoU(3,4) = 1/3.
	 */
	private static ObjectMatching example() {
		return ObjectMatching.of(row(1, 1, 1, 1, 0, 2, 2, 2, 0, 3, 3, 0), row(1, 1, 1, 0, 0, 2, 2, 2, 2, 0, 4, 4));
	}

	@Test
	public void handComputedScoresAtOneHalf() {
		final ObjectMatching m = example();
		assertEquals(3, m.truthObjects());
		assertEquals(3, m.predictedObjects());
		final ObjectMatchScores s = m.at(0.5);
		assertEquals(2, s.truePositives());
		assertEquals(1, s.falsePositives());
		assertEquals(1, s.falseNegatives());
		assertEquals(2.0 / 3, s.precision(), EPS);
		assertEquals(2.0 / 3, s.recall(), EPS);
		assertEquals(2.0 / 3, s.f1(), EPS);
		assertEquals(0.5, s.averagePrecision(), EPS);
		assertEquals(0.75, s.meanMatchedIoU(), EPS);
		assertEquals(1.5 / 3, s.panopticQuality(), EPS);
	}

	@Test
	public void handComputedScoresAtOtherThresholds() {
		final ObjectMatching m = example();
		final ObjectMatchScores strict = m.at(0.8);
		assertEquals(0, strict.truePositives());
		assertEquals(3, strict.falsePositives());
		assertEquals(3, strict.falseNegatives());
		assertEquals(0, strict.f1(), 0);
		assertEquals(0, strict.panopticQuality(), 0);
		final ObjectMatchScores loose = m.at(0.3);
		assertEquals(3, loose.truePositives());
		assertEquals(1, loose.averagePrecision(), EPS);
		assertEquals((0.75 + 0.75 + 1.0 / 3) / 3, loose.meanMatchedIoU(), EPS);
		assertEquals(0.75 + 0.75 + 1.0 / 3, loose.panopticQuality() * 3, EPS);
		assertEquals(ObjectMatching.THRESHOLDS.length, m.atEach(ObjectMatching.THRESHOLDS).size());
		assertEquals(0.75, m.at(0.75).meanMatchedIoU(), EPS);
		assertEquals(0, m.at(0.76).truePositives());
	}

	@Test
	public void idsAndTheirTypeDoNotMatter() {
		// the example with ids renumbered, 16-bit
		final short[] t = { 40, 40, 40, 40, 0, 7, 7, 7, 0, 300, 300, 0 };
		final short[] p = { 5, 5, 5, 0, 0, 9, 9, 9, 9, 0, 1000, 1000 };
		final Img<UnsignedShortType> truth = ArrayImgs.unsignedShorts(t, 12, 1, 1);
		final Img<UnsignedShortType> pred = ArrayImgs.unsignedShorts(p, 12, 1, 1);
		assertEquals(example().at(0.5).toString(), ObjectMatching.of(truth, pred).at(0.5).toString());
	}

	@Test
	public void aSplitObjectMatchesOneHalfAtExactlyOneHalf() {
		final ObjectMatchScores s = ObjectMatching.of(row(1, 1, 1, 1), row(1, 1, 2, 2)).at(0.5);
		assertEquals(1, s.truePositives());
		assertEquals(1, s.falsePositives());
		assertEquals(0, s.falseNegatives());
		assertEquals(0.5, s.meanMatchedIoU(), EPS);
	}

	@Test
	public void perfectAndEmpty() {
		final ObjectMatchScores same = ObjectMatching.of(row(0, 3, 3, 0, 5), row(0, 1, 1, 0, 2)).at(0.9);
		assertEquals(1, same.f1(), 0);
		assertEquals(1, same.averagePrecision(), 0);
		assertEquals(1, same.panopticQuality(), 0);
		final ObjectMatchScores none = ObjectMatching.of(row(0, 3, 3, 0), row(0, 0, 0, 0)).at(0.5);
		assertEquals(1, none.falseNegatives());
		assertEquals(0, none.precision(), 0);
		assertEquals(0, none.f1(), 0);
	}

	@Test
	public void optimalBeatsGreedyBelowOneHalf() {
		// truth A-X 0.45, A-Y 0.4, B-X 0.4: greedy would take A-X only; optimal takes A-Y and B-X
		final int[] matched = OptimalMatching.match(new int[] { 1, 1, 2 }, new int[] { 10, 11, 10 }, new double[] {
			0.45, 0.4, 0.4 });
		assertEquals("[1, 2]", java.util.Arrays.toString(matched));
	}

	@Test
	public void optimalMatchingEqualsExhaustiveSearch() {
		final Random random = new Random(71);
		for (int trial = 0; trial < 300; trial++) {
			final int nt = 1 + random.nextInt(5);
			final int np = 1 + random.nextInt(5);
			final java.util.List<int[]> edges = new java.util.ArrayList<>();
			for (int a = 0; a < nt; a++)
				for (int b = 0; b < np; b++)
					if (random.nextDouble() < 0.5) edges.add(new int[] { a, b });
			if (edges.isEmpty()) continue;
			final int m = edges.size();
			final int[] t = new int[m];
			final int[] p = new int[m];
			final double[] iou = new double[m];
			for (int e = 0; e < m; e++) {
				t[e] = edges.get(e)[0] * 7 + 3; // any ids
				p[e] = edges.get(e)[1] * 5 + 100;
				iou[e] = 0.05 + 0.9 * random.nextDouble();
			}
			final int[] matched = OptimalMatching.match(t, p, iou);
			final boolean[] usedT = new boolean[1000];
			final boolean[] usedP = new boolean[1000];
			double sum = 0;
			for (final int e : matched) {
				assertTrue("one to one", !usedT[t[e]] && !usedP[p[e]]);
				usedT[t[e]] = true;
				usedP[p[e]] = true;
				sum += iou[e];
			}
			final double[] best = bestByExhaustion(t, p, iou, 0, new boolean[1000], new boolean[1000]);
			assertEquals("trial " + trial + " matches", (int) best[0], matched.length);
			assertEquals("trial " + trial + " IoU sum", best[1], sum, 1e-9);
		}
	}

	/** {most matches, highest IoU sum among those} over all one-to-one subsets of edges from {@code e} on. */
	private static double[] bestByExhaustion(final int[] t, final int[] p, final double[] iou, final int e,
		final boolean[] usedT, final boolean[] usedP)
	{
		if (e == t.length) return new double[] { 0, 0 };
		double[] best = bestByExhaustion(t, p, iou, e + 1, usedT, usedP);
		if (!usedT[t[e]] && !usedP[p[e]]) {
			usedT[t[e]] = true;
			usedP[p[e]] = true;
			final double[] with = bestByExhaustion(t, p, iou, e + 1, usedT, usedP);
			usedT[t[e]] = false;
			usedP[p[e]] = false;
			final double[] w = { with[0] + 1, with[1] + iou[e] };
			if (w[0] > best[0] || w[0] == best[0] && w[1] > best[1]) best = w;
		}
		return best;
	}

	@Test
	public void badInputIsNamed() {
		final Img<FloatType> probabilities = ArrayImgs.floats(new float[] { 0, 0.7f, 0.2f, 1 }, 4, 1, 1);
		try {
			ObjectMatching.of(row(0, 1, 1, 0), probabilities);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("probability map"));
		}
		try {
			ObjectMatching.of(row(0, 1, 1, 0), row(0, 1, 1));
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("same size"));
		}
		try {
			example().at(0);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("threshold"));
		}
	}
}
