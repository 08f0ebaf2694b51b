package org.unet3d.ij1;

import org.scijava.Context;
import org.scijava.app.DefaultAppService;
import org.scijava.app.DefaultStatusService;
import org.scijava.command.DefaultCommandService;
import org.scijava.convert.DefaultConvertService;
import org.scijava.event.DefaultEventService;
import org.scijava.log.StderrLogService;
import org.scijava.module.DefaultModuleService;
import org.scijava.object.DefaultObjectService;
import org.scijava.plugin.DefaultPluginService;
import org.scijava.prefs.DefaultPrefService;
import org.scijava.thread.DefaultThreadService;

/**
 * The SciJava context the ImageJ 1 front-ends run the plugin's commands in: one small context per
 * JVM, created on first use, with SciJava's own implementations of the services the commands need
 * (commands, status, log, conversion and what they depend on; no UI, no display). It is our own
 * even in Fiji, and made of the same classes there, so commands behave the same in Fiji, in plain
 * ImageJ 1 and on the command line, and no second dialog or display pops up. Plain ImageJ 1 loads
 * plugins through its own class loader, which SciJava's plugin discovery must be pointed at.
 */
public final class PluginContext {

	private static Context context;

	private PluginContext() {}

	/** The shared context, created with this plugin's class loader on first use. */
	public static synchronized Context get() {
		if (context == null) context = withPluginClassLoader(() -> new Context(DefaultCommandService.class,
			DefaultModuleService.class, DefaultStatusService.class, StderrLogService.class, DefaultConvertService.class,
			DefaultEventService.class, DefaultAppService.class, DefaultObjectService.class, DefaultPluginService.class,
			DefaultPrefService.class, DefaultThreadService.class));
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
