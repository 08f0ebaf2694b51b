package org.unet3d.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.Test;

/** Dice, IoU, precision, recall, means and accuracy against hand-computed values. */
public class SegmentationScoresTest {

	private static final double EPS = 1e-12;

	@Test
	public void perfectPredictionHasDiceOne() {
		final Img<UnsignedByteType> truth = ArrayImgs.unsignedBytes(9, 8, 7);
		final Random r = new Random(3);
		for (final UnsignedByteType t : truth)
			t.set(r.nextInt(3)); // classes 0..2; class 3 never occurs
		final SegmentationScores s = SegmentationScores.of(ConfusionCounts.count(truth, truth, 4));
		for (int c = 0; c < 3; c++) {
			assertEquals(1, s.dice(c), 0);
			assertEquals(1, s.iou(c), 0);
			assertEquals(1, s.precision(c), 0);
			assertEquals(1, s.recall(c), 0);
			assertTrue(s.isPresent(c));
		}
		assertFalse(s.isPresent(3));
		assertTrue(Double.isNaN(s.dice(3)));
		assertTrue(Double.isNaN(s.iou(3)));
		assertEquals(1, s.meanDice(), 0);
		assertEquals(1, s.meanIoU(), 0);
		assertEquals(1, s.meanForegroundDice(), 0);
		assertEquals(1, s.accuracy(), 0);
	}

	@Test
	public void twoBoxesGiveKnownDiceAndIoU() {
		final SegmentationScores s = SegmentationScores.of(ConfusionCountsTest.twoBoxes());
		// 64 voxels in common, 216 in each box: Dice = 2*64 / 432, IoU = 64 / 368
		assertEquals(128.0 / 432, s.dice(1), EPS);
		assertEquals(64.0 / 368, s.iou(1), EPS);
		assertEquals(64.0 / 216, s.precision(1), EPS);
		assertEquals(64.0 / 216, s.recall(1), EPS);
		// background: 632 in common, 784 in each
		assertEquals(1264.0 / 1568, s.dice(0), EPS);
		assertEquals(632.0 / 936, s.iou(0), EPS);
		assertEquals(0.696, s.accuracy(), EPS);
		assertEquals((128.0 / 432 + 1264.0 / 1568) / 2, s.meanDice(), EPS);
		assertEquals(128.0 / 432, s.meanForegroundDice(), EPS);
	}

	@Test
	public void absentClassesAreNaNAndLeftOutOfMeans() {
		// class 2 only predicted (Dice 0, recall NaN), class 3 nowhere (NaN)
		final SegmentationScores s = SegmentationScores.of(ConfusionCounts.of(new long[][] { { 50, 10, 0, 0 }, { 5, 30,
			5, 0 }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } }));
		assertEquals(100.0 / 115, s.dice(0), EPS);
		assertEquals(50.0 / 65, s.iou(0), EPS);
		assertEquals(50.0 / 55, s.precision(0), EPS);
		assertEquals(50.0 / 60, s.recall(0), EPS);
		assertEquals(0.75, s.dice(1), EPS);
		assertEquals(0.6, s.iou(1), EPS);
		assertEquals(0, s.dice(2), 0);
		assertEquals(0, s.iou(2), 0);
		assertEquals(0, s.precision(2), 0);
		assertTrue(Double.isNaN(s.recall(2)));
		assertTrue(s.isPresent(2));
		assertTrue(Double.isNaN(s.dice(3)));
		assertTrue(Double.isNaN(s.precision(3)));
		assertFalse(s.isPresent(3));
		assertEquals((100.0 / 115 + 0.75 + 0) / 3, s.meanDice(), EPS);
		assertEquals((50.0 / 65 + 0.6 + 0) / 3, s.meanIoU(), EPS);
		assertEquals(0.75 / 2, s.meanForegroundDice(), EPS);
		assertEquals(0.6 / 2, s.meanForegroundIoU(), EPS);
		assertEquals(0.8, s.accuracy(), EPS);
	}

	@Test
	public void nothingCountedIsNaN() {
		final SegmentationScores s = SegmentationScores.of(ConfusionCounts.empty(3));
		assertTrue(Double.isNaN(s.accuracy()));
		assertTrue(Double.isNaN(s.meanDice()));
		assertTrue(Double.isNaN(s.meanIoU()));
		assertTrue(Double.isNaN(SegmentationScores.of(ConfusionCounts.of(new long[][] { { 5 } })).meanForegroundDice()));
	}
}
