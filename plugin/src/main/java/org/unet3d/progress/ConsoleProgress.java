package org.unet3d.progress;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Progress for headless runs: one line per status message and a percentage line at most every
 * few seconds on standard error, so logs of batch jobs stay readable. Canceled by {@link #cancel()}
 * (e.g. from a shutdown hook).
 */
public final class ConsoleProgress implements Progress {

	private final PrintStream out;
	private final long minIntervalMillis;
	private final AtomicBoolean canceled = new AtomicBoolean();
	private long lastPrint;
	private String lastStatus = "";

	public ConsoleProgress() {
		this(System.err, 2000);
	}

	public ConsoleProgress(final PrintStream out, final long minIntervalMillis) {
		this.out = out;
		this.minIntervalMillis = minIntervalMillis;
	}

	@Override
	public synchronized void status(final String message) {
		lastStatus = message;
		out.println(message);
		lastPrint = System.currentTimeMillis();
	}

	@Override
	public synchronized void progress(final long done, final long total) {
		final long now = System.currentTimeMillis();
		if (done >= total || now - lastPrint >= minIntervalMillis) {
			final double pct = total <= 0 ? 100 : 100.0 * done / total;
			out.println(String.format("  %5.1f %% (%d/%d) %s", pct, done, total, lastStatus));
			lastPrint = now;
		}
	}

	@Override
	public boolean isCanceled() {
		return canceled.get();
	}

	/** Asks the running work to stop after its current step. */
	public void cancel() {
		canceled.set(true);
	}
}
