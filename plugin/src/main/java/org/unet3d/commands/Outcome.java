package org.unet3d.commands;

/**
 * How a run of one of the plugin's commands ended. The front-ends report each differently: a
 * failure as an error (dialog, {@code Error: ...}, exit status 2), a cancel as what it is, never
 * as an error.
 */
public enum Outcome {
	/** The command did its work. */
	SUCCEEDED,
	/** The user stopped it (Esc, a Cancel button); what was finished before is kept. */
	CANCELED,
	/** It stopped on a problem, named with its fix in the run's message. */
	FAILED
}
