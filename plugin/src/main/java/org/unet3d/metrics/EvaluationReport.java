package org.unet3d.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.unet3d.data.ClassNames;

/**
 * The result of evaluating a segmentation against ground truth, with class names: a plain-text
 * table for people, CSV for spreadsheets, and the numbers themselves ({@link #scores()},
 * {@link #counts()}, {@link #instanceScores()}). Numbers are written with a dot as decimal
 * separator whatever the computer's language; a score that does not exist (0 / 0, see
 * {@link SegmentationScores}) is "n/a" in the text and "NaN" in CSV.
 */
public final class EvaluationReport {

	private final ConfusionCounts counts;
	private final SegmentationScores scores;
	private final String[] names;
	private final InstanceScores instances;

	private EvaluationReport(final ConfusionCounts counts, final String[] classNames, final InstanceScores instances) {
		final int k = Math.max(counts.numClasses(), classNames == null ? 0 : classNames.length);
		this.counts = k > counts.numClasses() ? counts.add(ConfusionCounts.empty(k)) : counts;
		this.scores = SegmentationScores.of(this.counts);
		this.names = ClassNames.defaults(k);
		if (classNames != null) for (int c = 0; c < classNames.length; c++)
			if (classNames[c] != null && !classNames[c].trim().isEmpty()) names[c] = classNames[c].trim();
		this.instances = instances;
	}

	/**
	 * A report of class scores. If there are more names than classes counted, the extra classes are
	 * reported as absent; missing names become "background", "class 1", ...
	 *
	 * @param classNames names by class id, or null
	 */
	public static EvaluationReport of(final ConfusionCounts counts, final String[] classNames) {
		return new EvaluationReport(counts, classNames, null);
	}

	/** A report of class scores and instance scores (Rand error, VOI); {@code instances} may be null. */
	public static EvaluationReport of(final ConfusionCounts counts, final String[] classNames,
		final InstanceScores instances)
	{
		return new EvaluationReport(counts, classNames, instances);
	}

	public ConfusionCounts counts() {
		return counts;
	}

	public SegmentationScores scores() {
		return scores;
	}

	public Optional<InstanceScores> instanceScores() {
		return Optional.ofNullable(instances);
	}

	public int numClasses() {
		return names.length;
	}

	public String className(final int c) {
		return names[c];
	}

	/**
	 * The report as plain text: per class Dice, IoU, precision, recall and voxels in truth and
	 * prediction; then mean Dice, mean IoU (all classes and foreground only) and accuracy; the
	 * confusion matrix; and the instance scores if there are any.
	 */
	public String toText() {
		final int k = names.length;
		final StringBuilder s = new StringBuilder();
		s.append("Segmentation evaluation: ").append(k).append(k == 1 ? " class, " : " classes, ").append(counts
			.total()).append(" voxels compared");
		if (counts.ignored() > 0) s.append(", ").append(counts.ignored()).append(" ignored (unlabeled in truth)");
		s.append("\n\n");
		final List<String[]> rows = new ArrayList<>();
		rows.add(new String[] { "class", "Dice", "IoU", "precision", "recall", "truth voxels", "predicted voxels" });
		for (int c = 0; c < k; c++)
			rows.add(new String[] { label(c), text(scores.dice(c)), text(scores.iou(c)), text(scores.precision(c)), text(
				scores.recall(c)), Long.toString(counts.truthVoxels(c)), Long.toString(counts.predictedVoxels(c)) });
		table(rows, false, s);
		boolean undefined = false;
		for (int c = 0; c < k; c++)
			undefined |= Double.isNaN(scores.precision(c)) || Double.isNaN(scores.recall(c));
		if (undefined) s.append("n/a = 0 / 0: Dice and IoU of a class in neither truth nor prediction, precision of a ")
			.append("class never predicted,\nrecall of a class not in the truth. Means leave n/a out.\n");
		s.append('\n');
		final List<String[]> summary = new ArrayList<>();
		summary.add(new String[] { "mean Dice", text(scores.meanDice()), "foreground classes only: " + text(scores
			.meanForegroundDice()) });
		summary.add(new String[] { "mean IoU", text(scores.meanIoU()), "foreground classes only: " + text(scores
			.meanForegroundIoU()) });
		summary.add(new String[] { "accuracy", text(scores.accuracy()), "" });
		table(summary, true, s);
		s.append("\nConfusion matrix (voxels; rows = truth, columns = prediction)\n");
		final List<String[]> matrix = new ArrayList<>();
		final String[] header = new String[k + 1];
		header[0] = "truth \\ predicted";
		for (int c = 0; c < k; c++)
			header[c + 1] = label(c);
		matrix.add(header);
		for (int t = 0; t < k; t++) {
			final String[] row = new String[k + 1];
			row[0] = label(t);
			for (int p = 0; p < k; p++)
				row[p + 1] = Long.toString(counts.counts(t, p));
			matrix.add(row);
		}
		table(matrix, false, s);
		if (instances != null) {
			s.append("\nInstances (foreground-restricted; ISBI 2012 / CREMI conventions; lower errors are better)\n");
			final List<String[]> inst = new ArrayList<>();
			inst.add(new String[] { "Rand error", text(instances.randError()), "split score " + text(instances
				.randSplitScore()) + ", merge score " + text(instances.randMergeScore()) });
			inst.add(new String[] { "VOI split", text(instances.voiSplit()), "bits" });
			inst.add(new String[] { "VOI merge", text(instances.voiMerge()), "bits" });
			table(inst, true, s);
			s.append("Segments: ").append(instances.truthSegments()).append(" in truth, ").append(instances
				.predictedSegments()).append(" predicted; ").append(instances.voxels()).append(
					" voxels evaluated (truth foreground), ").append(instances.unassignedVoxels()).append(
						" of them predicted as boundary\n");
		}
		return s.toString();
	}

	/**
	 * Aligned columns two spaces apart: the first left-aligned, the others right-aligned, except a
	 * last column of notes ({@code lastIsNote}), which is left as it is.
	 */
	private static void table(final List<String[]> rows, final boolean lastIsNote, final StringBuilder s) {
		final int columns = rows.get(0).length;
		final int[] width = new int[columns];
		for (final String[] r : rows)
			for (int c = 0; c < columns; c++)
				width[c] = Math.max(width[c], r[c].length());
		for (final String[] r : rows) {
			final StringBuilder line = new StringBuilder();
			for (int c = 0; c < columns; c++) {
				if (c == 0) line.append(pad(r[c], width[c], false));
				else if (c == columns - 1 && lastIsNote) line.append("  ").append(r[c]);
				else line.append("  ").append(pad(r[c], width[c], true));
			}
			s.append(line.toString().replaceAll("\\s+$", "")).append('\n');
		}
	}

	private static String pad(final String v, final int width, final boolean right) {
		final StringBuilder s = new StringBuilder();
		if (!right) s.append(v);
		for (int i = v.length(); i < width; i++)
			s.append(' ');
		if (right) s.append(v);
		return s.toString();
	}

	private String label(final int c) {
		return c + " " + names[c];
	}

	private static String text(final double v) {
		return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
	}

	private static String csv(final double v) {
		return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6f", v);
	}

	/** A CSV field, quoted if it holds a comma, quote or line break (RFC 4180). */
	private static String field(final String v) {
		if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) return v;
		return '"' + v.replace("\"", "\"\"") + '"';
	}

	/**
	 * Per-class scores as CSV, one row per class after a header row: {@code class, name, dice, iou,
	 * precision, recall, truth_voxels, predicted_voxels, true_positives, false_positives,
	 * false_negatives} (without spaces). {@code class} is the class id, scores have 6 decimals (NaN
	 * when 0 / 0), voxel counts are whole numbers; names are quoted only if they hold a comma or
	 * quote; lines end with "\n".
	 */
	public String toCsv() {
		final StringBuilder s = new StringBuilder(
			"class,name,dice,iou,precision,recall,truth_voxels,predicted_voxels,true_positives,false_positives," +
				"false_negatives\n");
		for (int c = 0; c < names.length; c++)
			s.append(c).append(',').append(field(names[c])).append(',').append(csv(scores.dice(c))).append(',').append(csv(
				scores.iou(c))).append(',').append(csv(scores.precision(c))).append(',').append(csv(scores.recall(c)))
				.append(',').append(counts.truthVoxels(c)).append(',').append(counts.predictedVoxels(c)).append(',').append(
					counts.tp(c)).append(',').append(counts.fp(c)).append(',').append(counts.fn(c)).append('\n');
		return s.toString();
	}

	/**
	 * Whole-stack numbers as CSV with header {@code metric,value}, one row each: classes, voxels,
	 * ignored_voxels, mean_dice, mean_iou, mean_foreground_dice, mean_foreground_iou, accuracy; with
	 * instance scores also rand_error, rand_split_score, rand_merge_score, voi_split_bits,
	 * voi_merge_bits, truth_segments, predicted_segments, instance_voxels, unassigned_voxels.
	 */
	public String summaryCsv() {
		final StringBuilder s = new StringBuilder("metric,value\n");
		s.append("classes,").append(names.length).append('\n');
		s.append("voxels,").append(counts.total()).append('\n');
		s.append("ignored_voxels,").append(counts.ignored()).append('\n');
		s.append("mean_dice,").append(csv(scores.meanDice())).append('\n');
		s.append("mean_iou,").append(csv(scores.meanIoU())).append('\n');
		s.append("mean_foreground_dice,").append(csv(scores.meanForegroundDice())).append('\n');
		s.append("mean_foreground_iou,").append(csv(scores.meanForegroundIoU())).append('\n');
		s.append("accuracy,").append(csv(scores.accuracy())).append('\n');
		if (instances != null) {
			s.append("rand_error,").append(csv(instances.randError())).append('\n');
			s.append("rand_split_score,").append(csv(instances.randSplitScore())).append('\n');
			s.append("rand_merge_score,").append(csv(instances.randMergeScore())).append('\n');
			s.append("voi_split_bits,").append(csv(instances.voiSplit())).append('\n');
			s.append("voi_merge_bits,").append(csv(instances.voiMerge())).append('\n');
			s.append("truth_segments,").append(instances.truthSegments()).append('\n');
			s.append("predicted_segments,").append(instances.predictedSegments()).append('\n');
			s.append("instance_voxels,").append(instances.voxels()).append('\n');
			s.append("unassigned_voxels,").append(instances.unassignedVoxels()).append('\n');
		}
		return s.toString();
	}

	/**
	 * The confusion matrix as CSV: a header {@code truth\predicted,<id> <name>,...}, then one row per
	 * truth class starting with its id and name, voxel counts in the columns of predicted classes.
	 */
	public String confusionMatrixCsv() {
		final StringBuilder s = new StringBuilder("truth\\predicted");
		for (int c = 0; c < names.length; c++)
			s.append(',').append(field(label(c)));
		s.append('\n');
		for (int t = 0; t < names.length; t++) {
			s.append(field(label(t)));
			for (int p = 0; p < names.length; p++)
				s.append(',').append(counts.counts(t, p));
			s.append('\n');
		}
		return s.toString();
	}

	@Override
	public String toString() {
		return toText();
	}
}
