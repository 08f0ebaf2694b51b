package org.unet3d.training;

/** How long and how fast: epochs, time budget, learning rate and its schedule, and when to stop early. */
public final class ScheduleSettings {

	// named after the keys of the training JSON in model files; set only by TrainingConfig.Builder
	int epochs = 0;
	double minutes = 0;
	double learningRate = 1e-3;
	LearningRateSchedule schedule = LearningRateSchedule.COSINE;
	int patience = 15;
	int plateauPatience = 5;

	ScheduleSettings() {}

	/** Epochs asked for; 0 = as many as the time budget allows, or {@link TrainingConfig#DEFAULT_EPOCHS} without one. */
	public int epochs() {
		return epochs;
	}

	/** Wall-clock budget in minutes, setup included; 0 = none. */
	public double minutes() {
		return minutes;
	}

	/** Initial learning rate of Adam. */
	public double learningRate() {
		return learningRate;
	}

	/** How the learning rate changes during the run. */
	public LearningRateSchedule learningRateSchedule() {
		return schedule;
	}

	/**
	 * With the {@link LearningRateSchedule#PLATEAU} schedule: stop after this many epochs without a
	 * better validation score; 0 = never (see {@link #stopsEarly()}).
	 */
	public int patience() {
		return patience;
	}

	/**
	 * With the {@link LearningRateSchedule#PLATEAU} schedule: halve the learning rate after this many
	 * epochs without improvement (validation score, or the training loss without validation); 0 = never.
	 */
	public int plateauPatience() {
		return plateauPatience;
	}

	/** True if a time budget is set. */
	public boolean hasTimeBudget() {
		return minutes > 0;
	}

	/**
	 * The last epoch the run may reach: the epochs given; without them, no limit
	 * ({@link Integer#MAX_VALUE}) when there is a time budget, which then ends the run, else
	 * {@link TrainingConfig#DEFAULT_EPOCHS}.
	 */
	public int epochLimit() {
		return epochs > 0 ? epochs : hasTimeBudget() ? Integer.MAX_VALUE : TrainingConfig.DEFAULT_EPOCHS;
	}

	/** True if the number of epochs bounds the run (false: only the time budget does). */
	public boolean hasEpochLimit() {
		return epochLimit() != Integer.MAX_VALUE;
	}

	/**
	 * Whether training may stop before its epochs or minutes are spent: only with the plateau schedule
	 * and a patience above 0. The cosine schedule plans the whole run and its best epochs come as the
	 * rate falls at its end, so it never stops early; the model kept is still the best by validation.
	 */
	public boolean stopsEarly() {
		return schedule == LearningRateSchedule.PLATEAU && patience > 0;
	}

	void check() {
		if (epochs < 0) throw new IllegalArgumentException("Epochs must be at least 1 (or 0 = until the time " +
			"budget), got " + epochs);
		if (!(minutes >= 0) || Double.isInfinite(minutes)) throw new IllegalArgumentException(
			"Minutes must be >= 0 (0 = no time limit), got " + minutes);
		if (!(learningRate > 0 && learningRate < 1)) throw new IllegalArgumentException("Learning rate must be in " +
			"(0, 1), got " + learningRate + "; 0.001 is a good start");
		if (schedule == null) throw new IllegalArgumentException("The learning-rate schedule must be set");
		if (patience < 0 || plateauPatience < 0) throw new IllegalArgumentException("Patience must be >= 0 epochs " +
			"(0 = off)");
	}
}
