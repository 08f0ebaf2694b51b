package org.unet3d.commands;

import java.awt.GraphicsEnvironment;

import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.unet3d.progress.ConsoleProgress;
import org.unet3d.progress.Progress;

/**
 * Progress of a running command: Fiji's status bar and progress bar through StatusService, plus a
 * progress line on the console in headless runs. Canceled when the command is canceled (or, in
 * ImageJ 1, when Esc is pressed).
 */
public final class CommandProgress implements Progress {

	private final StatusService status;
	private final Cancelable command;
	private final ConsoleProgress console;

	public CommandProgress(final StatusService status, final Cancelable command) {
		this.status = status;
		this.command = command;
		this.console = GraphicsEnvironment.isHeadless() || status == null ? new ConsoleProgress() : null;
	}

	@Override
	public void status(final String message) {
		if (status != null) status.showStatus(message);
		if (console != null) console.status(message);
	}

	@Override
	public void progress(final long done, final long total) {
		if (status != null) {
			final int scale = total > Integer.MAX_VALUE ? (int) (total / Integer.MAX_VALUE + 1) : 1;
			status.showStatus((int) (done / scale), (int) (total / scale), null);
		}
		if (console != null) console.progress(done, total);
	}

	@Override
	public boolean isCanceled() {
		return command.isCanceled() || escapePressed();
	}

	private static boolean escapePressed() {
		try {
			return ij.IJ.escapePressed();
		}
		catch (final NoClassDefFoundError e) {
			return false;
		}
	}
}
