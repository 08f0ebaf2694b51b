package org.unet3d.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The object-level evaluation of a predicted object label image against the true one: the
 * matching scores at each IoU threshold ({@link ObjectMatching}: TP, FP, FN, precision, recall,
 * F1, average precision, mean matched IoU, panoptic quality) and the adapted Rand error and
 * variation of information of the two id images ({@link InstanceScores#fromInstanceIds}). As text
 * and as CSV. Immutable.
 */
public final class ObjectReport {

	private final int truthObjects;
	private final int predictedObjects;
	private final List<ObjectMatchScores> scores;
	private final InstanceScores instances;

	private ObjectReport(final int truthObjects, final int predictedObjects, final List<ObjectMatchScores> scores,
		final InstanceScores instances)
	{
		this.truthObjects = truthObjects;
		this.predictedObjects = predictedObjects;
		this.scores = Collections.unmodifiableList(new ArrayList<>(scores));
		this.instances = instances;
	}

	/**
	 * @param thresholds the IoU thresholds to report, e.g. {@link ObjectMatching#THRESHOLDS}
	 * @param instances Rand error and VOI of the same images
	 */
	public static ObjectReport of(final ObjectMatching matching, final double[] thresholds,
		final InstanceScores instances)
	{
		return new ObjectReport(matching.truthObjects(), matching.predictedObjects(), matching.atEach(thresholds),
			instances);
	}

	public int truthObjects() {
		return truthObjects;
	}

	public int predictedObjects() {
		return predictedObjects;
	}

	/** The scores at each threshold, in the order given. */
	public List<ObjectMatchScores> scores() {
		return scores;
	}

	/**
	 * The scores at one of the reported thresholds.
	 *
	 * @throws IllegalArgumentException if it was not reported
	 */
	public ObjectMatchScores at(final double threshold) {
		for (final ObjectMatchScores s : scores)
			if (Math.abs(s.threshold() - threshold) < 1e-9) return s;
		throw new IllegalArgumentException("IoU threshold " + threshold + " was not evaluated");
	}

	public InstanceScores instanceScores() {
		return instances;
	}

	/**
	 * The report as plain text: object counts, one line per IoU threshold, then Rand error and VOI.
	 */
	public String toText() {
		final StringBuilder s = new StringBuilder();
		s.append("Object evaluation: ").append(truthObjects).append(" objects in the truth, ").append(predictedObjects)
			.append(" predicted; one-to-one matching (the most matches, then the highest total IoU); AP = TP / (TP + FP " +
				"+ FN)\n\n");
		s.append(String.format(Locale.ROOT, "%-5s %6s %6s %6s %9s %7s %7s %7s %9s %7s%n", "IoU", "TP", "FP", "FN",
			"precision", "recall", "F1", "AP", "mean IoU", "PQ"));
		for (final ObjectMatchScores m : scores)
			s.append(String.format(Locale.ROOT, "%-5.2f %6d %6d %6d %9.4f %7.4f %7.4f %7.4f %9.4f %7.4f%n", m.threshold(),
				m.truePositives(), m.falsePositives(), m.falseNegatives(), m.precision(), m.recall(), m.f1(), m
					.averagePrecision(), m.meanMatchedIoU(), m.panopticQuality()));
		if (instances != null) s.append(String.format(Locale.ROOT, "%nAdapted Rand error %s (split score %s, merge " +
			"score %s); VOI split %s, merge %s bits (truth id 0 not evaluated; predicted id 0 counts as split)%n", text(
				instances.randError()), text(instances.randSplitScore()), text(instances.randMergeScore()), text(instances
					.voiSplit()), text(instances.voiMerge())));
		return s.toString();
	}

	/**
	 * The scores as CSV, one row per threshold after the header {@code iou_threshold, tp, fp, fn,
	 * precision, recall, f1, ap, mean_matched_iou, pq} (without spaces); scores with 6 decimals.
	 */
	public String toCsv() {
		final StringBuilder s = new StringBuilder("iou_threshold,tp,fp,fn,precision,recall,f1,ap,mean_matched_iou,pq\n");
		for (final ObjectMatchScores m : scores)
			s.append(String.format(Locale.ROOT, "%.2f,%d,%d,%d,%s,%s,%s,%s,%s,%s\n", m.threshold(), m.truePositives(), m
				.falsePositives(), m.falseNegatives(), csv(m.precision()), csv(m.recall()), csv(m.f1()), csv(m
					.averagePrecision()), csv(m.meanMatchedIoU()), csv(m.panopticQuality())));
		return s.toString();
	}

	/**
	 * Whole-stack numbers as CSV with header {@code metric,value}: truth_objects,
	 * predicted_objects, and with instance scores rand_error, rand_split_score, rand_merge_score,
	 * voi_split_bits, voi_merge_bits.
	 */
	public String summaryCsv() {
		final StringBuilder s = new StringBuilder("metric,value\n");
		s.append("truth_objects,").append(truthObjects).append('\n');
		s.append("predicted_objects,").append(predictedObjects).append('\n');
		if (instances != null) {
			s.append("rand_error,").append(csv(instances.randError())).append('\n');
			s.append("rand_split_score,").append(csv(instances.randSplitScore())).append('\n');
			s.append("rand_merge_score,").append(csv(instances.randMergeScore())).append('\n');
			s.append("voi_split_bits,").append(csv(instances.voiSplit())).append('\n');
			s.append("voi_merge_bits,").append(csv(instances.voiMerge())).append('\n');
		}
		return s.toString();
	}

	private static String text(final double v) {
		return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
	}

	private static String csv(final double v) {
		return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6f", v);
	}

	@Override
	public String toString() {
		return toText();
	}
}
