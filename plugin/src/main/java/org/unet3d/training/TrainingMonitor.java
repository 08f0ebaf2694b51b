package org.unet3d.training;

/**
 * Receives training events, e.g. to plot the loss and Dice, or to log them. All methods do nothing
 * by default; implement the ones you need. Called on the training thread: return quickly.
 */
public interface TrainingMonitor {

	/** After every optimization step, with the step's loss. */
	default void stepDone(final int epoch, final long step, final double loss) {}

	/**
	 * After every epoch (and after the last, partial one when training stops early).
	 *
	 * @param history every epoch so far, the newest last
	 */
	default void epochDone(final EpochRecord record, final java.util.List<EpochRecord> history) {}

	/**
	 * Once, when training has stopped (also when it diverged, before the exception).
	 *
	 * @param reason what ended the run
	 * @param message the reason as the log and the model file say it, e.g. "stopped: time budget of 15
	 *          minutes reached"
	 */
	default void finished(final StopReason reason, final String message) {}

	/** A monitor that ignores everything. */
	TrainingMonitor NONE = new TrainingMonitor() {};

	/** A monitor that passes every event to each of the given ones. */
	static TrainingMonitor all(final TrainingMonitor... monitors) {
		return new TrainingMonitor() {

			@Override
			public void stepDone(final int epoch, final long step, final double loss) {
				for (final TrainingMonitor m : monitors)
					m.stepDone(epoch, step, loss);
			}

			@Override
			public void epochDone(final EpochRecord record, final java.util.List<EpochRecord> history) {
				for (final TrainingMonitor m : monitors)
					m.epochDone(record, history);
			}

			@Override
			public void finished(final StopReason reason, final String message) {
				for (final TrainingMonitor m : monitors)
					m.finished(reason, message);
			}
		};
	}
}
