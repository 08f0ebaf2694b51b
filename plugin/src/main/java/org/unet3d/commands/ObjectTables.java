package org.unet3d.commands;

import ij.measure.ResultsTable;

import java.util.List;

import org.unet3d.metrics.InstanceScores;
import org.unet3d.metrics.ObjectMatchScores;
import org.unet3d.metrics.ObjectReport;
import org.unet3d.objects.ObjectMeasurement;

/**
 * Objects as ImageJ results tables, which Fiji users can sort, plot, save and read from macros
 * ({@code Table.get("volume", 0, "3D U-Net Objects")}): the measurements of every object, and the
 * object matching scores of an evaluation. Columns are named as in the CSV files.
 */
final class ObjectTables {

	/** Title of the measurements table when shown. */
	static final String MEASUREMENTS = "3D U-Net Objects";
	/** Titles of the object scores tables when shown. */
	static final String SCORES = "3D U-Net Object Scores";
	static final String SUMMARY = "3D U-Net Object Scores Summary";

	private ObjectTables() {}

	/** One row per object: id, voxels, volume, centroid and bounding box (z, y, x), intensities, border. */
	static ResultsTable measurements(final List<ObjectMeasurement> rows, final String unit) {
		final String u = unit == null || unit.isEmpty() ? "pixel" : unit;
		final ResultsTable t = new ResultsTable();
		final String[] axes = { "z", "y", "x" };
		for (final ObjectMeasurement m : rows) {
			t.incrementCounter();
			t.addValue("id", m.id());
			t.addValue("voxels", m.voxels());
			t.addValue("volume (" + u + "^3)", m.volume());
			final double[] c = m.centroidZYX();
			final double[] lo = m.minZYX();
			final double[] hi = m.maxZYX();
			for (int a = 0; a < 3; a++)
				t.addValue("centroid_" + axes[a] + " (" + u + ")", c[a]);
			for (int a = 0; a < 3; a++)
				t.addValue("min_" + axes[a] + " (" + u + ")", lo[a]);
			for (int a = 0; a < 3; a++)
				t.addValue("max_" + axes[a] + " (" + u + ")", hi[a]);
			t.addValue("mean_intensity", m.meanIntensity());
			t.addValue("min_intensity", m.minIntensity());
			t.addValue("max_intensity", m.maxIntensity());
			t.addValue("touches_border", m.touchesBorder() ? 1 : 0);
		}
		return t;
	}

	/** One row per IoU threshold: TP, FP, FN, precision, recall, F1, AP, mean matched IoU, PQ. */
	static ResultsTable scores(final ObjectReport r) {
		final ResultsTable t = new ResultsTable();
		for (final ObjectMatchScores s : r.scores()) {
			t.incrementCounter();
			t.addValue("iou_threshold", s.threshold());
			t.addValue("tp", s.truePositives());
			t.addValue("fp", s.falsePositives());
			t.addValue("fn", s.falseNegatives());
			t.addValue("precision", s.precision());
			t.addValue("recall", s.recall());
			t.addValue("f1", s.f1());
			t.addValue("ap", s.averagePrecision());
			t.addValue("mean_matched_iou", s.meanMatchedIoU());
			t.addValue("pq", s.panopticQuality());
		}
		t.setDecimalPlaces(4, 4);
		return t;
	}

	/** Whole-stack numbers, one per row (columns Metric and Value): object counts, Rand error, VOI. */
	static ResultsTable summary(final ObjectReport r) {
		final ResultsTable t = new ResultsTable();
		row(t, "Truth objects", r.truthObjects());
		row(t, "Predicted objects", r.predictedObjects());
		final InstanceScores i = r.instanceScores();
		if (i != null) {
			row(t, "Rand error", i.randError());
			row(t, "Rand split score", i.randSplitScore());
			row(t, "Rand merge score", i.randMergeScore());
			row(t, "VOI split (bits)", i.voiSplit());
			row(t, "VOI merge (bits)", i.voiMerge());
		}
		return t;
	}

	private static void row(final ResultsTable t, final String metric, final double value) {
		t.incrementCounter();
		t.addValue("Metric", metric);
		t.addValue("Value", value);
	}
}
