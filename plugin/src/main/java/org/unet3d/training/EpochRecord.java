package org.unet3d.training;

import java.util.Locale;

import org.unet3d.metrics.SegmentationScores;

/**
 * What happened in one epoch: when it ended (steps and seconds since the run began), the learning
 * rate, the mean training loss, and the validation scores per class (Dice and IoU; NaN for a class
 * absent from both truth and prediction, and empty without validation). Immutable.
 */
public final class EpochRecord {

	private final int epoch;
	private final long steps;
	private final double seconds;
	private final double learningRate;
	private final double trainingLoss;
	private final double[] dice;
	private final double[] iou;
	private final double score;
	private final boolean best;

	EpochRecord(final int epoch, final long steps, final double seconds, final double learningRate,
		final double trainingLoss, final SegmentationScores validation, final double score, final boolean best)
	{
		this.epoch = epoch;
		this.steps = steps;
		this.seconds = seconds;
		this.learningRate = learningRate;
		this.trainingLoss = trainingLoss;
		final int k = validation == null ? 0 : validation.numClasses();
		dice = new double[k];
		iou = new double[k];
		for (int c = 0; c < k; c++) {
			dice[c] = validation.dice(c);
			iou[c] = validation.iou(c);
		}
		this.score = score;
		this.best = best;
	}

	public int epoch() {
		return epoch;
	}

	/** Optimization steps since the run began. */
	public long steps() {
		return steps;
	}

	/** Seconds since the run began. */
	public double seconds() {
		return seconds;
	}

	public double learningRate() {
		return learningRate;
	}

	/** Mean loss of the epoch's steps (cross-entropy + Dice per voxel, as configured). */
	public double trainingLoss() {
		return trainingLoss;
	}

	/** True if validation scores were computed. */
	public boolean validated() {
		return dice.length > 0;
	}

	/** Validation Dice of class {@code k} (NaN if absent from truth and prediction). */
	public double dice(final int k) {
		return dice[k];
	}

	/** Validation IoU of class {@code k}. */
	public double iou(final int k) {
		return iou[k];
	}

	/** Number of classes with validation scores (0 without validation). */
	public int classes() {
		return dice.length;
	}

	/**
	 * What the best model is chosen by: the validation Dice averaged over the foreground classes
	 * 1..K-1 present (over all classes if none is), or minus the training loss without validation.
	 */
	public double score() {
		return score;
	}

	/** The {@link #score()} of validation: mean Dice over the present foreground classes, or over all present classes. */
	static double selectionScore(final SegmentationScores s) {
		final double fg = s.meanForegroundDice();
		return Double.isNaN(fg) ? s.meanDice() : fg;
	}

	/** True if this epoch's model was the best so far (and was saved as the model). */
	public boolean best() {
		return best;
	}

	/** One line for logs and status bars. */
	public String describe() {
		final StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Epoch %d: loss %.4f", epoch,
			trainingLoss));
		if (validated()) {
			s.append(", validation Dice");
			for (int k = 0; k < dice.length; k++)
				s.append(String.format(Locale.ROOT, " %.3f", dice[k]));
			s.append(String.format(Locale.ROOT, " (score %.4f)", score));
		}
		s.append(String.format(Locale.ROOT, ", lr %.2g, %.0f s", learningRate, seconds));
		if (best) s.append(" *");
		return s.toString();
	}

	@Override
	public String toString() {
		return describe();
	}
}
