package org.unet3d.training;

/**
 * Receives training events, e.g. to plot the loss or log it to CSV. All methods do nothing by
 * default; implement the ones you need. Called on the training thread: return quickly.
 */
public interface TrainingMonitor {

	/** After every optimization step. */
	default void stepDone(final int epoch, final long step, final double loss) {}

	/** After every epoch, with the mean training loss of the epoch. */
	default void epochDone(final int epoch, final double meanLoss, final double secondsSoFar) {}

	/** A monitor that ignores everything. */
	TrainingMonitor NONE = new TrainingMonitor() {};
}
