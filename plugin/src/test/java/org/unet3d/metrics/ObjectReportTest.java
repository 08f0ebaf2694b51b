package org.unet3d.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;

import org.junit.Test;

/** Object scores on a case small enough to count by hand. */
public class ObjectReportTest {

	/**
	 * One row of 12 voxels. Truth: object 1 = x 0-3 (4 voxels), object 2 = x 6-9 (4 voxels). Prediction:
	 * object 7 = x 0-2 (IoU 3/4 with truth 1), object 8 = x 6-7 (IoU 2/4 with truth 2), object 9 =
	 * x 11 (no overlap).
	 */
	private static ObjectReport report() {
		final int[] truth = { 1, 1, 1, 1, 0, 0, 2, 2, 2, 2, 0, 0 };
		final int[] pred = { 7, 7, 7, 0, 0, 0, 8, 8, 0, 0, 0, 9 };
		final ArrayImg<IntType, IntArray> t = ArrayImgs.ints(truth, 12, 1, 1);
		final ArrayImg<IntType, IntArray> p = ArrayImgs.ints(pred, 12, 1, 1);
		return ObjectReport.of(ObjectMatching.of(t, p), ObjectMatching.THRESHOLDS, InstanceScores.fromInstanceIds(t,
			p));
	}

	@Test
	public void scoresEqualHandCountedValues() {
		final ObjectReport r = report();
		assertEquals(2, r.truthObjects());
		assertEquals(3, r.predictedObjects());
		final ObjectMatchScores half = r.at(0.5); // both pairs match (3/4 and exactly 2/4)
		assertEquals(2, half.truePositives());
		assertEquals(1, half.falsePositives());
		assertEquals(0, half.falseNegatives());
		assertEquals(2.0 / 3, half.precision(), 1e-12);
		assertEquals(1, half.recall(), 1e-12);
		assertEquals(4.0 / 5, half.f1(), 1e-12);
		assertEquals(2.0 / 3, half.averagePrecision(), 1e-12);
		assertEquals((0.75 + 0.5) / 2, half.meanMatchedIoU(), 1e-12);
		assertEquals((0.75 + 0.5) / (2 + 0.5), half.panopticQuality(), 1e-12);
		final ObjectMatchScores high = r.at(0.75); // only 3/4 is left
		assertEquals(1, high.truePositives());
		assertEquals(2, high.falsePositives());
		assertEquals(1, high.falseNegatives());
		assertEquals(1.0 / 4, high.averagePrecision(), 1e-12);
		assertEquals(0.75 / (1 + 1.5), high.panopticQuality(), 1e-12);
		assertEquals(0, r.at(0.8).truePositives());
	}

	@Test
	public void textAndCsvHoldTheSameNumbers() {
		final ObjectReport r = report();
		final String[] lines = r.toCsv().split("\n");
		assertEquals("iou_threshold,tp,fp,fn,precision,recall,f1,ap,mean_matched_iou,pq", lines[0]);
		assertEquals(1 + ObjectMatching.THRESHOLDS.length, lines.length);
		assertEquals("0.50,2,1,0,0.666667,1.000000,0.800000,0.666667,0.625000,0.500000", lines[1]);
		assertTrue(r.summaryCsv(), r.summaryCsv().startsWith("metric,value\ntruth_objects,2\npredicted_objects,3\n" +
			"rand_error,"));
		assertTrue(r.toText(), r.toText().matches("(?s).*\\n0\\.50 +2 +1 +0 +0\\.6667 +1\\.0000 +0\\.8000 +0\\.6667 +0\\.6250 +0\\.5000\\n.*"));
		assertTrue(r.toText(), r.toText().contains("Adapted Rand error"));
	}
}
