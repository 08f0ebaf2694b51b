package org.unet3d.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Locale;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.Test;

/** Text, CSV layouts and number formatting of the report. */
public class EvaluationReportTest {

	private static final ConfusionCounts COUNTS = ConfusionCounts.of(new long[][] { { 50, 10, 0 }, { 5, 30, 5 }, { 0,
		0, 0 } });

	private static InstanceScores split() {
		final Img<UnsignedByteType> one = TestLabels.bytes(8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
		final Img<UnsignedByteType> halves = TestLabels.bytes(8, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2);
		return InstanceScores.fromInstanceIds(one, halves);
	}

	@Test
	public void csvHasOneRowPerClass() {
		final EvaluationReport r = EvaluationReport.of(COUNTS, new String[] { "background", "cell", "mito, \"large\"" });
		assertEquals(
			"class,name,dice,iou,precision,recall,truth_voxels,predicted_voxels,true_positives,false_positives,false_negatives\n" +
				"0,background,0.869565,0.769231,0.909091,0.833333,60,55,50,5,10\n" +
				"1,cell,0.750000,0.600000,0.750000,0.750000,40,40,30,10,10\n" +
				"2,\"mito, \"\"large\"\"\",0.000000,0.000000,0.000000,NaN,0,5,0,5,0\n", r.toCsv());
	}

	@Test
	public void summaryAndMatrixCsv() {
		final EvaluationReport r = EvaluationReport.of(COUNTS, null, split());
		assertEquals("metric,value\nclasses,3\nvoxels,100\nignored_voxels,0\nmean_dice,0.539855\nmean_iou,0.456410\n" +
			"mean_foreground_dice,0.375000\nmean_foreground_iou,0.300000\naccuracy,0.800000\nrand_error,0.333333\n" +
			"rand_split_score,0.500000\nrand_merge_score,1.000000\nvoi_split_bits,1.000000\nvoi_merge_bits,0.000000\n" +
			"truth_segments,1\npredicted_segments,2\ninstance_voxels,8\nunassigned_voxels,0\n", r.summaryCsv());
		assertEquals("truth\\predicted,0 background,1 class 1,2 class 2\n0 background,50,10,0\n1 class 1,5,30,5\n" +
			"2 class 2,0,0,0\n", r.confusionMatrixCsv());
	}

	@Test
	public void textIsAlignedAndReadable() {
		final EvaluationReport r = EvaluationReport.of(COUNTS, new String[] { "background", "cell", "mitochondria",
			"synapse" }, split());
		final String text = r.toText();
		assertEquals("Segmentation evaluation: 4 classes, 100 voxels compared\n" + //
			"\n" + //
			"class             Dice     IoU  precision  recall  truth voxels  predicted voxels\n" + //
			"0 background    0.8696  0.7692     0.9091  0.8333            60                55\n" + //
			"1 cell          0.7500  0.6000     0.7500  0.7500            40                40\n" + //
			"2 mitochondria  0.0000  0.0000     0.0000     n/a             0                 5\n" + //
			"3 synapse          n/a     n/a        n/a     n/a             0                 0\n" + //
			"n/a = 0 / 0: Dice and IoU of a class in neither truth nor prediction, precision of a class never predicted,\n" +
			"recall of a class not in the truth. Means leave n/a out.\n" + //
			"\n" + //
			"mean Dice  0.5399  foreground classes only: 0.3750\n" + //
			"mean IoU   0.4564  foreground classes only: 0.3000\n" + //
			"accuracy   0.8000\n" + //
			"\n" + //
			"Confusion matrix (voxels; rows = truth, columns = prediction)\n" + //
			"truth \\ predicted  0 background  1 cell  2 mitochondria  3 synapse\n" + //
			"0 background                 50      10               0          0\n" + //
			"1 cell                        5      30               5          0\n" + //
			"2 mitochondria                0       0               0          0\n" + //
			"3 synapse                     0       0               0          0\n" + //
			"\n" + //
			"Instances (foreground-restricted; ISBI 2012 / CREMI conventions; lower errors are better)\n" + //
			"Rand error  0.3333  split score 0.5000, merge score 1.0000\n" + //
			"VOI split   1.0000  bits\n" + //
			"VOI merge   0.0000  bits\n" + //
			"Segments: 1 in truth, 2 predicted; 8 voxels evaluated (truth foreground), 0 of them predicted as boundary\n",
			text);
		final String perfect = EvaluationReport.of(ConfusionCounts.of(new long[][] { { 3, 0 }, { 0, 2 } }), null).toText();
		assertFalse(perfect, perfect.contains("n/a"));
		assertFalse(perfect, perfect.contains("Instances"));
		assertEquals(4, r.numClasses());
		assertEquals("synapse", r.className(3));
		assertEquals(4, r.counts().numClasses());
		assertTrue(Double.isNaN(r.scores().dice(3)));
		assertTrue(r.instanceScores().isPresent());
		assertFalse(EvaluationReport.of(COUNTS, null).instanceScores().isPresent());
	}

	@Test
	public void numbersIgnoreTheComputersLanguage() {
		final Locale saved = Locale.getDefault();
		try {
			Locale.setDefault(Locale.GERMANY);
			final EvaluationReport r = EvaluationReport.of(COUNTS, null);
			assertTrue(r.toCsv().contains("1,class 1,0.750000,0.600000,"));
			assertTrue(r.toText().contains("0.7500"));
			assertFalse(r.toText().contains("0,7500"));
		}
		finally {
			Locale.setDefault(saved);
		}
	}

	@Test
	public void missingNamesGetDefaults() {
		final EvaluationReport r = EvaluationReport.of(COUNTS, new String[] { "bg", "" });
		assertEquals("bg", r.className(0));
		assertEquals("class 1", r.className(1));
		assertEquals("class 2", r.className(2));
		assertEquals("background", EvaluationReport.of(COUNTS, null).className(0));
	}
}
