package org.unet3d.progress;

/**
 * Where long work reports what it is doing and asks whether the user wants it to stop.
 * Adapters exist for the console (headless runs), SciJava's StatusService and ImageJ 1's
 * progress bar; the core only ever sees this interface.
 */
public interface Progress {

	/** Shows a one-line status message, e.g. "Epoch 3/20, loss 0.41". */
	void status(String message);

	/** Shows how far the current piece of work is: {@code done} of {@code total} units. */
	void progress(long done, long total);

	/** True once the user asked to stop; long work polls this between steps. */
	boolean isCanceled();

	/** Progress that shows nothing and is never canceled. */
	Progress NONE = new Progress() {

		@Override
		public void status(final String message) {}

		@Override
		public void progress(final long done, final long total) {}

		@Override
		public boolean isCanceled() {
			return false;
		}
	};
}
