package org.unet3d.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unet3d.model.TrainingSummary;

/**
 * Where a training run stands, saved in every checkpoint so that an interrupted run can go on
 * exactly where it stopped: epochs and steps done, time spent, the current learning rate, the best
 * score so far and when it was reached, and the history of every epoch.
 */
final class TrainingState {

	int epochsDone;
	long steps;
	double seconds;
	double learningRate;
	double bestScore = Double.NEGATIVE_INFINITY;
	int bestEpoch;
	/** Epochs since the best score (early stopping). */
	int epochsSinceBest;
	/** Epochs since the score last improved or the learning rate last changed (plateau). */
	int epochsOnPlateau;
	List<EpochRecord> history = new ArrayList<>();

	/**
	 * Takes an epoch's score (higher is better) into account.
	 *
	 * @return true if it is the best so far
	 */
	boolean scored(final double score) {
		if (score > bestScore) {
			bestScore = score;
			bestEpoch = epochsDone + 1;
			epochsSinceBest = 0;
			epochsOnPlateau = 0;
			return true;
		}
		epochsSinceBest++;
		epochsOnPlateau++;
		return false;
	}

	/**
	 * Halves the learning rate if there was no improvement for {@code patience} epochs (0 = never),
	 * down to {@link TrainingConfig#MIN_LEARNING_RATE}.
	 *
	 * @return true if the learning rate was reduced
	 */
	boolean reduceOnPlateau(final int patience) {
		if (patience <= 0 || epochsOnPlateau < patience || learningRate <= TrainingConfig.MIN_LEARNING_RATE)
			return false;
		learningRate = Math.max(TrainingConfig.MIN_LEARNING_RATE, learningRate * TrainingConfig.PLATEAU_FACTOR);
		epochsOnPlateau = 0;
		return true;
	}

	/** True if there was no better score for {@code patience} epochs (0 = never stop early). */
	boolean noProgressFor(final int patience) {
		return patience > 0 && epochsSinceBest >= patience;
	}

	/**
	 * The run so far as a model file tells it: epochs, steps and time, the last epoch's loss, and the
	 * best epoch with its validation Dice per class (when validated).
	 */
	TrainingSummary.Builder summary(final String[] classNames) {
		final TrainingSummary.Builder t = TrainingSummary.builder().progress(epochsDone, steps, seconds);
		if (history.isEmpty()) return t;
		final EpochRecord last = history.get(history.size() - 1);
		t.finalLoss(last.trainingLoss());
		if (last.validated() && bestEpoch > 0) {
			final EpochRecord best = history.get(bestEpoch - 1);
			final Map<String, Double> dice = new LinkedHashMap<>();
			for (int k = 0; k < classNames.length && k < best.classes(); k++)
				dice.put(classNames[k], best.dice(k));
			t.best(best.epoch(), dice);
		}
		return t;
	}

	JsonElement toJson() {
		return GSON.toJsonTree(this);
	}

	static TrainingState fromJson(final JsonElement json) {
		final TrainingState s = GSON.fromJson(json, TrainingState.class);
		if (s == null || s.history == null || s.learningRate <= 0) throw new IllegalArgumentException(
			"The saved training state is incomplete");
		return s;
	}

	private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();
}
