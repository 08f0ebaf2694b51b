package org.unet3d.metrics;

/**
 * Per-class overlap scores of a semantic segmentation, computed from {@link ConfusionCounts}:
 * Dice (F1), IoU (Jaccard), precision and recall per class, their means over classes, and overall
 * accuracy. Immutable.
 * <p>
 * With TP, FP, FN of a class: Dice = 2TP / (2TP + FP + FN), IoU = TP / (TP + FP + FN), precision =
 * TP / (TP + FP), recall = TP / (TP + FN). A ratio 0 / 0 is NaN: a class absent from both truth and
 * prediction has Dice and IoU NaN, precision is NaN for a class never predicted and recall NaN for
 * a class absent from the truth. A class present in only one of the two has Dice and IoU 0. Means
 * are taken over the classes whose score is not NaN, so absent classes neither help nor hurt; a
 * mean over no classes is NaN.
 */
public final class SegmentationScores {

	private final ConfusionCounts counts;
	private final double[] dice;
	private final double[] iou;
	private final double[] precision;
	private final double[] recall;
	private final double accuracy;

	private SegmentationScores(final ConfusionCounts counts) {
		this.counts = counts;
		final int k = counts.numClasses();
		dice = new double[k];
		iou = new double[k];
		precision = new double[k];
		recall = new double[k];
		long correct = 0;
		for (int c = 0; c < k; c++) {
			final long tp = counts.tp(c);
			final long fp = counts.fp(c);
			final long fn = counts.fn(c);
			dice[c] = ratio(2 * tp, 2 * tp + fp + fn);
			iou[c] = ratio(tp, tp + fp + fn);
			precision[c] = ratio(tp, tp + fp);
			recall[c] = ratio(tp, tp + fn);
			correct += tp;
		}
		accuracy = ratio(correct, counts.total());
	}

	/** The scores of a confusion matrix. */
	public static SegmentationScores of(final ConfusionCounts counts) {
		return new SegmentationScores(counts);
	}

	private static double ratio(final long a, final long b) {
		return b == 0 ? Double.NaN : (double) a / b;
	}

	/** The counts these scores come from. */
	public ConfusionCounts counts() {
		return counts;
	}

	public int numClasses() {
		return dice.length;
	}

	/** True if class {@code c} occurs in the truth or the prediction (where not ignored). */
	public boolean isPresent(final int c) {
		return !Double.isNaN(dice[c]);
	}

	/** Dice (F1) of class {@code c}, NaN if the class is in neither truth nor prediction. */
	public double dice(final int c) {
		return dice[c];
	}

	/** IoU (Jaccard) of class {@code c}, NaN if the class is in neither truth nor prediction. */
	public double iou(final int c) {
		return iou[c];
	}

	/** Precision of class {@code c}, NaN if no voxel was predicted as c. */
	public double precision(final int c) {
		return precision[c];
	}

	/** Recall (sensitivity) of class {@code c}, NaN if the truth has no voxel of c. */
	public double recall(final int c) {
		return recall[c];
	}

	/** Mean Dice over all present classes, background (class 0) included. */
	public double meanDice() {
		return mean(dice, 0);
	}

	/** Mean IoU over all present classes, background (class 0) included. */
	public double meanIoU() {
		return mean(iou, 0);
	}

	/**
	 * Mean Dice over the present classes 1 to K - 1, i.e. without class 0 (background by this
	 * plugin's convention), which is usually large and easy and would flatter the mean.
	 */
	public double meanForegroundDice() {
		return mean(dice, 1);
	}

	/** Mean IoU over the present classes 1 to K - 1 (without background, class 0). */
	public double meanForegroundIoU() {
		return mean(iou, 1);
	}

	/** Fraction of counted voxels whose predicted class is the true class; NaN if none was counted. */
	public double accuracy() {
		return accuracy;
	}

	private static double mean(final double[] v, final int from) {
		double sum = 0;
		int n = 0;
		for (int c = from; c < v.length; c++)
			if (!Double.isNaN(v[c])) {
				sum += v[c];
				n++;
			}
		return n == 0 ? Double.NaN : sum / n;
	}

	@Override
	public String toString() {
		return "SegmentationScores mean Dice " + meanDice() + ", mean IoU " + meanIoU() + ", accuracy " + accuracy;
	}
}
