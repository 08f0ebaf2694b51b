package org.unet3d.training;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.unet3d.progress.Progress;

/**
 * Which limit ends a run and how the log says it: epochs (given, or 30 without a time budget),
 * the time budget (alone: no epoch limit), early stopping, cancel.
 */
public class StopReasonTest {

	private static ScheduleSettings schedule(final TrainingConfig.Builder b) {
		return b.build().schedule();
	}

	@Test
	public void eachReasonSaysWhichLimitEndedTheRun() {
		final ScheduleSettings s = schedule(TrainingConfig.builder().epochs(40).minutes(15).patience(7));
		assertEquals("finished 40 epochs", StopReason.EPOCHS_DONE.describe(s));
		assertEquals("stopped: time budget of 15 minutes reached", StopReason.TIME_BUDGET.describe(s));
		assertEquals("stopped early: no better validation score for 7 epochs", StopReason.NO_IMPROVEMENT.describe(s));
		assertEquals("canceled", StopReason.CANCELED.describe(s));
		assertEquals("diverged", StopReason.DIVERGED.describe(s));
		assertEquals("stopped: time budget of 1 minute reached", StopReason.TIME_BUDGET.describe(schedule(TrainingConfig
			.builder().minutes(1))));
		assertEquals("stopped: time budget of 0.5 minutes reached", StopReason.TIME_BUDGET.describe(schedule(
			TrainingConfig.builder().minutes(0.5))));
		assertEquals("without epochs and minutes: the default epochs", "finished 30 epochs", StopReason.EPOCHS_DONE
			.describe(schedule(TrainingConfig.builder())));
	}

	@Test
	public void epochsGivenOrNotWithAndWithoutATimeBudget() {
		assertEquals(TrainingConfig.DEFAULT_EPOCHS, schedule(TrainingConfig.builder()).epochLimit());
		assertTrue(schedule(TrainingConfig.builder()).hasEpochLimit());
		final ScheduleSettings budgetOnly = schedule(TrainingConfig.builder().minutes(15));
		assertFalse(budgetOnly.hasEpochLimit());
		assertEquals(Integer.MAX_VALUE, budgetOnly.epochLimit());
		assertEquals(50, schedule(TrainingConfig.builder().epochs(50).minutes(15)).epochLimit());
		assertEquals("for 30 epochs", new RunLimits(schedule(TrainingConfig.builder()), 0, 10, 1).describe());
		assertEquals("until the time budget of 15 minutes is spent", new RunLimits(budgetOnly, 0, 10, 1).describe());
		assertEquals("for 50 epochs or 15 minutes, whichever ends first", new RunLimits(schedule(TrainingConfig.builder()
			.epochs(50).minutes(15)), 0, 10, 1).describe());
	}

	@Test
	public void limitsStopARunForTheRightReason() {
		final long now = System.nanoTime();
		// a budget of 15 minutes that began just now: steps go on; a budget that began 15 minutes ago: spent
		final ScheduleSettings budget = schedule(TrainingConfig.builder().minutes(15).epochs(3));
		assertNull(new RunLimits(budget, now, 10, 1).beforeStep(Progress.NONE));
		assertEquals(StopReason.TIME_BUDGET, new RunLimits(budget, now - (long) (15 * 60e9), 10, 1).beforeStep(
			Progress.NONE));
		final Progress canceled = new Progress() {

			@Override
			public void status(final String message) {}

			@Override
			public void progress(final long done, final long total) {}

			@Override
			public boolean isCanceled() {
				return true;
			}
		};
		assertEquals(StopReason.CANCELED, new RunLimits(budget, now, 10, 1).beforeStep(canceled));
		// after an epoch: the last epoch ends the run; early stopping only under the plateau schedule, with validation
		final TrainingState stalled = new TrainingState();
		stalled.learningRate = 1e-3;
		stalled.scored(0.5);
		for (int e = 0; e < 3; e++)
			stalled.scored(0.1);
		final RunLimits cosine = new RunLimits(budget, now, 10, 1);
		assertNull(cosine.afterEpoch(2, stalled, true));
		assertEquals(StopReason.EPOCHS_DONE, cosine.afterEpoch(3, stalled, true));
		final RunLimits plateau = new RunLimits(schedule(TrainingConfig.builder().epochs(10).schedule(
			LearningRateSchedule.PLATEAU).patience(3)), now, 10, 1);
		assertEquals(StopReason.NO_IMPROVEMENT, plateau.afterEpoch(4, stalled, true));
		assertNull("no validation, no early stopping", plateau.afterEpoch(4, stalled, false));
		assertEquals("early stopping wins at the last epoch", StopReason.NO_IMPROVEMENT, plateau.afterEpoch(10, stalled,
			true));
	}

	@Test
	public void shareDoneFollowsStepsOrTimeWhicheverIsFurther() {
		final long start = 1_000_000_000L;
		final RunLimits epochs = new RunLimits(schedule(TrainingConfig.builder().epochs(4)), start, 10, 1);
		assertEquals(0.25, epochs.shareDone(10, start + (long) 1e12), 1e-12);
		final RunLimits both = new RunLimits(schedule(TrainingConfig.builder().epochs(4).minutes(1)), start, 10, 1);
		assertEquals(0.5, both.shareDone(10, start + (long) 30e9), 1e-12);
		assertEquals(0.75, both.shareDone(30, start + (long) 30e9), 1e-12);
		final RunLimits time = new RunLimits(schedule(TrainingConfig.builder().minutes(2)), start, 10, 1);
		assertEquals("steps do not count without an epoch limit", 0.25, time.shareDone(1_000_000, start + (long) 30e9),
			1e-12);
	}
}
