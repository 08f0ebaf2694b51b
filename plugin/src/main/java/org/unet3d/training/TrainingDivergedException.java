package org.unet3d.training;

/**
 * Training stopped because the loss became NaN or infinite (too high a learning rate, or NaN
 * voxels). The message says at which step, which files are kept and what to try; a user's problem,
 * not a bug.
 */
public class TrainingDivergedException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	public TrainingDivergedException(final String message) {
		super(message);
	}
}
