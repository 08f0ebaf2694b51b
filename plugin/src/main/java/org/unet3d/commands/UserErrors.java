package org.unet3d.commands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;

import org.scijava.log.LogService;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;
import org.unet3d.network.NotEnoughMemoryException;
import org.unet3d.training.TrainingDivergedException;

/**
 * How commands report a user's mistake: the message (which names the problem and the fix) goes to
 * an error dialog in Fiji, to the log in headless runs, and becomes the command's cancel reason, so
 * the command line can print it and exit with a non-zero status. A user's cancel is no mistake:
 * it cancels the command with a short note and shows no error. Programming errors are not caught
 * here.
 */
final class UserErrors {

	private UserErrors() {}

	/** True if the exception is a user-facing problem (bad input, I/O, out of memory, cancel, diverged training). */
	static boolean isUserError(final Throwable t) {
		return t instanceof IllegalArgumentException || t instanceof IOException || t instanceof CancellationException ||
			t instanceof UncheckedIOException || t instanceof NotEnoughMemoryException ||
			t instanceof OutOfMemoryError || t instanceof TrainingDivergedException;
	}

	/**
	 * What a command does with a failure: a user-facing problem is reported ({@link #report}); any
	 * other is rethrown (unchecked), a bug for the framework to show with its stack trace.
	 */
	static void handle(final PluginCommand command, final String what, final Throwable t, final UIService ui,
		final LogService log)
	{
		if (!isUserError(t)) {
			if (t instanceof RuntimeException) throw (RuntimeException) t;
			if (t instanceof Error) throw (Error) t;
			throw new RuntimeException(t);
		}
		report(command, what, t, ui, log);
	}

	/** Reports a user-facing problem and fails the command with its message; a cancel only cancels it. */
	static void report(final PluginCommand command, final String what, final Throwable t, final UIService ui,
		final LogService log)
	{
		if (t instanceof CancellationException) {
			command.cancel(what + " canceled.");
			if (log != null) log.info(what + " canceled.");
			return;
		}
		final String message;
		if (t instanceof OutOfMemoryError) message = what + " ran out of memory (" + t.getMessage() + "). Use a " +
			"smaller tile or patch size or batch, or give Fiji more memory (Edit > Options > Memory & Threads).";
		else if (t instanceof UncheckedIOException) message = t.getCause().getMessage();
		else message = t.getMessage() == null ? what + " failed: " + t : t.getMessage();
		command.fail(message);
		if (log != null) log.error(message);
		if (ui != null && !ui.isHeadless()) ui.showDialog(message, "3D U-Net", DialogPrompt.MessageType.ERROR_MESSAGE);
	}
}
