package org.unet3d.training;

import java.util.Locale;

/**
 * How the learning rate changes during a run: cosine decay from the configured rate to nearly zero
 * over the planned run (the default: a fixed budget of epochs or minutes is used best by ending at a
 * small rate), or halving whenever the validation score stops improving for a few epochs.
 */
public enum LearningRateSchedule {

	/**
	 * {@code lr(f) = lr0 * (m + (1 - m) * (1 + cos(pi f)) / 2)} with {@code m = }{@link #FINAL_SHARE},
	 * where {@code f} is the share of the run done: the larger of the steps done out of all planned
	 * epochs and the time spent out of the time budget. The run always goes to its end (no early
	 * stopping).
	 */
	COSINE,
	/**
	 * Halved after {@link ScheduleSettings#plateauPatience()} epochs without a better score; stops early
	 * after {@link ScheduleSettings#patience()} epochs without one.
	 */
	PLATEAU;

	/** Share of the initial learning rate left at the end of a cosine schedule. */
	public static final double FINAL_SHARE = 0.01;

	/** The learning rate after a share {@code done} (0..1) of the run, for a cosine schedule. */
	public static double cosine(final double initial, final double done) {
		final double f = Math.max(0, Math.min(1, done));
		return initial * (FINAL_SHARE + (1 - FINAL_SHARE) * 0.5 * (1 + Math.cos(Math.PI * f)));
	}

	/** Parses "cosine" or "plateau" (case-insensitive). */
	public static LearningRateSchedule parse(final String text) {
		final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		switch (t) {
			case "":
			case "cosine":
				return COSINE;
			case "plateau":
				return PLATEAU;
			default:
				throw new IllegalArgumentException("Unknown learning-rate schedule \"" + text + "\". Use cosine (decay " +
					"over the planned epochs or minutes, the default) or plateau (halve when validation stops improving).");
		}
	}
}
