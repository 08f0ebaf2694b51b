package org.unet3d.ij1;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogService;

/**
 * The SciJava context the ImageJ 1 front-ends run the plugin's commands in: one small context per
 * JVM (commands, status, log, conversion; no UI, no display), created on first use. It is our own
 * even in Fiji, so results are shown the same way in Fiji and in plain ImageJ 1 and no second
 * dialog or display pops up. Plain ImageJ 1 loads plugins through its own class loader, which
 * SciJava's plugin discovery must be pointed at.
 */
public final class PluginContext {

	private static Context context;

	private PluginContext() {}

	/** The shared context, created with this plugin's class loader on first use. */
	public static synchronized Context get() {
		if (context == null) context = withPluginClassLoader(() -> new Context(
			CommandService.class, StatusService.class, LogService.class, ConvertService.class));
		return context;
	}

	/** Runs {@code work} with the thread's context class loader set to the one that loaded this plugin. */
	static <T, E extends Exception> T withPluginClassLoader(final Work<T, E> work) throws E {
		final Thread thread = Thread.currentThread();
		final ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(PluginContext.class.getClassLoader());
		try {
			return work.run();
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** Work that may throw a checked exception. */
	interface Work<T, E extends Exception> {

		T run() throws E;
	}
}
