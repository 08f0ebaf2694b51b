package org.unet3d.training;

import java.util.Locale;

/** What ended a training run; {@link #describe} says it in the words of the log and the model file. */
public enum StopReason {

	/** All epochs asked for are done. */
	EPOCHS_DONE,
	/** The time budget ({@code minutes}) is spent. */
	TIME_BUDGET,
	/** Early stopping (plateau schedule): no better validation score for {@code patience} epochs. */
	NO_IMPROVEMENT,
	/** The user canceled (between two steps). */
	CANCELED,
	/** The loss became NaN or infinite; the run stopped with a {@link TrainingDivergedException}. */
	DIVERGED;

	/**
	 * The reason as the log and the model file say it: "finished 30 epochs", "stopped: time budget of
	 * 15 minutes reached", "stopped early: no better validation score for 15 epochs", "canceled",
	 * "diverged".
	 */
	public String describe(final ScheduleSettings schedule) {
		switch (this) {
			case EPOCHS_DONE:
				return "finished " + schedule.epochLimit() + " epochs";
			case TIME_BUDGET:
				return "stopped: time budget of " + minutes(schedule.minutes()) + " reached";
			case NO_IMPROVEMENT:
				return "stopped early: no better validation score for " + schedule.patience() + " epochs";
			default:
				return name().toLowerCase(Locale.ROOT);
		}
	}

	/** "1 minute", "15 minutes", "0.5 minutes". */
	static String minutes(final double m) {
		final String n = m == Math.rint(m) ? String.valueOf((long) m) : String.valueOf(m);
		return n + (m == 1 ? " minute" : " minutes");
	}
}
