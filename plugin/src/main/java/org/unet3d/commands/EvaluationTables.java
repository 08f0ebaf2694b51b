package org.unet3d.commands;

import ij.measure.ResultsTable;

import org.unet3d.metrics.ConfusionCounts;
import org.unet3d.metrics.EvaluationReport;
import org.unet3d.metrics.InstanceScores;
import org.unet3d.metrics.SegmentationScores;

/**
 * An {@link EvaluationReport} as ImageJ results tables, which Fiji users can sort, plot, save and
 * read from macros: per-class scores, whole-stack numbers (means, accuracy, Rand error, VOI) and
 * the confusion matrix. Scores that do not exist (0 / 0) are NaN.
 */
final class EvaluationTables {

	/** Titles of the tables when shown in Fiji. */
	static final String CLASSES = "3D U-Net Evaluation";
	static final String SUMMARY = "3D U-Net Evaluation Summary";
	static final String CONFUSION = "3D U-Net Confusion Matrix";

	private EvaluationTables() {}

	/** One row per class: class id and name, Dice, IoU, precision, recall and voxel counts. */
	static ResultsTable classes(final EvaluationReport r) {
		final ResultsTable t = new ResultsTable();
		final SegmentationScores s = r.scores();
		final ConfusionCounts c = r.counts();
		for (int k = 0; k < r.numClasses(); k++) {
			t.incrementCounter();
			t.addValue("Class", k);
			t.addValue("Name", r.className(k));
			t.addValue("Dice", s.dice(k));
			t.addValue("IoU", s.iou(k));
			t.addValue("Precision", s.precision(k));
			t.addValue("Recall", s.recall(k));
			t.addValue("Truth voxels", c.truthVoxels(k));
			t.addValue("Predicted voxels", c.predictedVoxels(k));
		}
		t.setDecimalPlaces(2, 4);
		return t;
	}

	/** Whole-stack numbers, one per row: columns Metric and Value. */
	static ResultsTable summary(final EvaluationReport r) {
		final ResultsTable t = new ResultsTable();
		final SegmentationScores s = r.scores();
		row(t, "Mean Dice", s.meanDice());
		row(t, "Mean IoU", s.meanIoU());
		row(t, "Mean foreground Dice", s.meanForegroundDice());
		row(t, "Mean foreground IoU", s.meanForegroundIoU());
		row(t, "Accuracy", s.accuracy());
		row(t, "Voxels", r.counts().total());
		row(t, "Ignored voxels", r.counts().ignored());
		if (r.instanceScores().isPresent()) {
			final InstanceScores i = r.instanceScores().get();
			row(t, "Rand error", i.randError());
			row(t, "Rand split score", i.randSplitScore());
			row(t, "Rand merge score", i.randMergeScore());
			row(t, "VOI split (bits)", i.voiSplit());
			row(t, "VOI merge (bits)", i.voiMerge());
			row(t, "Truth segments", i.truthSegments());
			row(t, "Predicted segments", i.predictedSegments());
		}
		return t;
	}

	/** Rows = truth classes, columns = predicted classes, values = voxels. */
	static ResultsTable confusion(final EvaluationReport r) {
		final ResultsTable t = new ResultsTable();
		final int k = r.numClasses();
		for (int truth = 0; truth < k; truth++) {
			t.incrementCounter();
			t.addValue("Truth", truth + " " + r.className(truth));
			for (int p = 0; p < k; p++)
				t.addValue(p + " " + r.className(p), r.counts().counts(truth, p));
		}
		return t;
	}

	private static void row(final ResultsTable t, final String metric, final double value) {
		t.incrementCounter();
		t.addValue("Metric", metric);
		t.addValue("Value", value);
	}
}
