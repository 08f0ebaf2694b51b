package org.unet3d.metrics;

import java.util.Locale;

/**
 * How well predicted objects match the true ones at one IoU threshold, as StarDist and Cellpose
 * report: true positives (matched pairs), false positives (unmatched predictions), false negatives
 * (unmatched truth objects) and the scores made of them. Immutable. A score whose denominator is
 * 0 (no objects on either side) is 0, as in StarDist's {@code matching}.
 */
public final class ObjectMatchScores {

	private final double threshold;
	private final long truePositives;
	private final long falsePositives;
	private final long falseNegatives;
	private final double matchedIoUSum;

	ObjectMatchScores(final double threshold, final long truePositives, final long falsePositives,
		final long falseNegatives, final double matchedIoUSum)
	{
		this.threshold = threshold;
		this.truePositives = truePositives;
		this.falsePositives = falsePositives;
		this.falseNegatives = falseNegatives;
		this.matchedIoUSum = matchedIoUSum;
	}

	/** The IoU a pair needs at least to count as a match. */
	public double threshold() {
		return threshold;
	}

	/** TP: matched pairs. */
	public long truePositives() {
		return truePositives;
	}

	/** FP: predicted objects without a match. */
	public long falsePositives() {
		return falsePositives;
	}

	/** FN: truth objects without a match. */
	public long falseNegatives() {
		return falseNegatives;
	}

	/** TP / (TP + FP). */
	public double precision() {
		return ratio(truePositives, truePositives + falsePositives);
	}

	/** TP / (TP + FN). */
	public double recall() {
		return ratio(truePositives, truePositives + falseNegatives);
	}

	/** 2 TP / (2 TP + FP + FN). */
	public double f1() {
		return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
	}

	/** TP / (TP + FP + FN), the "average precision" of StarDist and Cellpose. */
	public double averagePrecision() {
		return ratio(truePositives, truePositives + falsePositives + falseNegatives);
	}

	/** Mean IoU of the matched pairs (0 without matches). */
	public double meanMatchedIoU() {
		return truePositives == 0 ? 0 : matchedIoUSum / truePositives;
	}

	/** Panoptic quality: sum of matched IoU / (TP + FP / 2 + FN / 2). */
	public double panopticQuality() {
		final double d = truePositives + 0.5 * falsePositives + 0.5 * falseNegatives;
		return d == 0 ? 0 : matchedIoUSum / d;
	}

	private static double ratio(final long a, final long b) {
		return b == 0 ? 0 : (double) a / b;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "IoU %.2f: TP %d, FP %d, FN %d, precision %.4f, recall %.4f, F1 %.4f, " +
			"AP %.4f, mean matched IoU %.4f, PQ %.4f", threshold, truePositives, falsePositives, falseNegatives,
			precision(), recall(), f1(), averagePrecision(), meanMatchedIoU(), panopticQuality());
	}
}
