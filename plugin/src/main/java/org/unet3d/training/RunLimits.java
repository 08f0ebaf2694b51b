package org.unet3d.training;

import java.util.Locale;

import org.unet3d.model.TrainingSummary;
import org.unet3d.progress.Progress;

/**
 * When a run stops, and how far along it is. A run ends when the user cancels, when the next step
 * and the validation after it would end past the time budget (counted from the run's start, setup
 * included), after its last epoch (the epochs asked for; without them and with a time budget there
 * is no epoch limit), or, under the plateau schedule, after {@code patience} epochs without a
 * better validation score. The share of the run done drives the cosine schedule and the progress bar.
 */
final class RunLimits {

	private final ScheduleSettings schedule;
	private final long startNanos;
	private final long deadline;
	private final int stepsPerEpoch;
	private final int firstEpoch;
	/** Running mean of a step's seconds, and the last validation's. */
	private double stepSeconds;
	private double validationSeconds;
	private long steps;

	/**
	 * @param startNanos when the run began ({@link System#nanoTime()})
	 * @param firstEpoch the first epoch of this session (later than 1 when resuming)
	 */
	RunLimits(final ScheduleSettings schedule, final long startNanos, final int stepsPerEpoch,
		final int firstEpoch)
	{
		this.schedule = schedule;
		this.startNanos = startNanos;
		this.deadline = schedule.hasTimeBudget() ? startNanos + (long) (schedule.minutes() * 60e9) : Long.MAX_VALUE;
		this.stepsPerEpoch = stepsPerEpoch;
		this.firstEpoch = firstEpoch;
	}

	/** The last epoch the run may reach ({@link Integer#MAX_VALUE}: only the time budget ends it). */
	int lastEpoch() {
		return schedule.epochLimit();
	}

	/**
	 * Whether to stop before the next step: {@link StopReason#CANCELED}, {@link StopReason#TIME_BUDGET}
	 * (the step and the validation after it would end past the budget), or null to go on.
	 */
	StopReason beforeStep(final Progress progress) {
		if (progress.isCanceled()) return StopReason.CANCELED;
		if (System.nanoTime() + (stepSeconds + validationSeconds + 1) * 1e9 > deadline) return StopReason.TIME_BUDGET;
		return null;
	}

	/** Whether to stop after an epoch: {@link StopReason#NO_IMPROVEMENT}, {@link StopReason#EPOCHS_DONE}, or null. */
	StopReason afterEpoch(final int epoch, final TrainingState state, final boolean validated) {
		if (schedule.stopsEarly() && validated && state.noProgressFor(schedule.patience())) return StopReason
			.NO_IMPROVEMENT;
		return epoch >= lastEpoch() ? StopReason.EPOCHS_DONE : null;
	}

	void stepTook(final double seconds) {
		steps++;
		stepSeconds = steps == 1 ? seconds : 0.9 * stepSeconds + 0.1 * seconds;
	}

	void validationTook(final double seconds) {
		validationSeconds = seconds;
	}

	/**
	 * The share of the run done (0..1), for the cosine schedule: the larger of the steps done out of
	 * all planned epochs and the time spent out of the time budget.
	 */
	double shareDone(final long stepsDone, final long now) {
		double done = schedule.hasEpochLimit() ? stepsDone / ((double) stepsPerEpoch * lastEpoch()) : 0;
		if (schedule.hasTimeBudget()) done = Math.max(done, (now - startNanos) / (schedule.minutes() * 60e9));
		return done;
	}

	/** Reports progress: steps done out of those planned, or seconds spent out of the budget without an epoch limit. */
	void report(final Progress progress, final long now) {
		if (schedule.hasEpochLimit()) {
			final long planned = (long) stepsPerEpoch * Math.max(0, lastEpoch() - firstEpoch + 1);
			progress.progress(Math.min(steps, planned), planned);
		}
		else progress.progress((Math.min(now, deadline) - startNanos) / 1_000_000_000L, (long) Math.ceil((deadline -
			startNanos) / 1e9));
	}

	/** "Epoch 3/30, batch 5/25, ..., ETA 4 min 2 s" (epochs without a total when only the time budget ends the run). */
	String status(final int epoch, final int step, final double meanLoss, final long now) {
		double eta = schedule.hasEpochLimit() ? ((long) stepsPerEpoch * (lastEpoch() - epoch) + stepsPerEpoch - step -
			1) * stepSeconds : Double.POSITIVE_INFINITY;
		if (deadline != Long.MAX_VALUE) eta = Math.min(eta, (deadline - now) / 1e9);
		return String.format(Locale.ROOT, "Epoch %s, batch %d/%d, loss %.4f, ETA %s", schedule.hasEpochLimit() ? epoch +
			"/" + lastEpoch() : String.valueOf(epoch), step + 1, stepsPerEpoch, meanLoss, TrainingSummary.duration(eta));
	}

	/** For the log: "for 30 epochs", "until the time budget of 15 minutes is spent", or both, whichever ends first. */
	String describe() {
		final String minutes = StopReason.minutes(schedule.minutes());
		if (!schedule.hasTimeBudget()) return "for " + lastEpoch() + " epochs";
		if (!schedule.hasEpochLimit()) return "until the time budget of " + minutes + " is spent";
		return "for " + lastEpoch() + " epochs or " + minutes + ", whichever ends first";
	}
}
