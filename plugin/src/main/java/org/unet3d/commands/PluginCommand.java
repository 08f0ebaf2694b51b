package org.unet3d.commands;

import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.UIService;

/**
 * The base of the plugin's commands: runs a command's work, turns a problem into a message the
 * user can act on ({@link UserErrors}), and keeps apart the two ways a run can stop early, which
 * SciJava's {@code Cancelable} does not (both cancel the command, with the message as its
 * reason): the user's cancel and a failure. {@link #outcome()} tells which.
 */
public abstract class PluginCommand extends ContextCommand {

	@Parameter(required = false)
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	/** The work in a word or two, for messages: "Training", "Segmentation". */
	private final String work;
	private volatile boolean started;
	private volatile boolean failed;

	protected PluginCommand(final String work) {
		this.work = work;
	}

	@Override
	public final void run() {
		started = true;
		try {
			execute();
		}
		catch (final Exception | OutOfMemoryError e) {
			UserErrors.handle(this, work, e, ui, log);
		}
	}

	/**
	 * The command's work. A user's mistake is thrown as {@link IllegalArgumentException} or
	 * {@link java.io.IOException} with a message naming the problem and the fix; a cancel, as
	 * {@link java.util.concurrent.CancellationException}.
	 */
	protected abstract void execute() throws Exception;

	/** How the run ended (before it starts: {@link Outcome#SUCCEEDED}, unless something canceled it). */
	public final Outcome outcome() {
		if (!isCanceled()) return Outcome.SUCCEEDED;
		return started && !failed ? Outcome.CANCELED : Outcome.FAILED;
	}

	/** Ends the run with a problem; SciJava sees the command canceled with the message as its reason. */
	final void fail(final String message) {
		failed = true;
		cancel(message);
	}

	/** Fiji's user interface; null or headless on the command line and in ImageJ 1. */
	protected final UIService ui() {
		return ui;
	}

	protected final LogService log() {
		return log;
	}
}
