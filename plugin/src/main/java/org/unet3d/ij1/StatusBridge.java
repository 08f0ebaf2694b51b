package org.unet3d.ij1;

import ij.IJ;

import java.awt.GraphicsEnvironment;

import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.unet3d.progress.ConsoleProgress;

import java.util.List;

/**
 * Shows what a running command reports through SciJava's StatusService in ImageJ 1: in the
 * status bar and progress bar when ImageJ has its window, as lines on the console in batch runs
 * with a display ({@code imagej -b}). Headless runs print their console lines already (see
 * {@link org.unet3d.commands.CommandProgress}).
 */
final class StatusBridge implements AutoCloseable {

	private final EventService events;
	private final ConsoleProgress console;
	private final List<EventSubscriber<?>> subscribers;

	private StatusBridge(final Context context) {
		this.events = context.service(EventService.class);
		this.console = IJ.getInstance() == null && !GraphicsEnvironment.isHeadless() ? new ConsoleProgress() : null;
		this.subscribers = events.subscribe(this);
	}

	/** Starts showing status; {@link #close()} stops it. */
	static StatusBridge start(final Context context) {
		return new StatusBridge(context);
	}

	@EventHandler
	public void onStatus(final StatusEvent e) {
		final String message = e.getStatusMessage();
		final int value = e.getProgressValue();
		final int max = e.getProgressMaximum();
		if (IJ.getInstance() != null) {
			if (message != null && !message.isEmpty()) IJ.showStatus(message);
			if (max > 0 && value >= 0) IJ.showProgress(value, max);
		}
		else if (console != null) {
			if (message != null && !message.isEmpty() && !e.isWarning() && !isRunnerMessage(message)) console.status(
				message);
			if (max > 0 && value >= 0) console.progress(value, max);
		}
	}

	/**
	 * SciJava's own "Running command: ...", "Command finished: ..." lines; the console shows only
	 * the command's progress (a problem is printed once, as "Error: ...", by the front-end).
	 */
	private static boolean isRunnerMessage(final String message) {
		return message.startsWith("Running command:") || message.startsWith("Command finished:") || message
			.startsWith("Canceling command:") || message.startsWith("Command canceled:");
	}

	@Override
	public void close() {
		events.unsubscribe(subscribers);
		if (IJ.getInstance() != null) IJ.showProgress(1.0);
	}
}
