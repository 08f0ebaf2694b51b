package org.unet3d.commands;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;
import org.scijava.plugin.SciJavaPlugin;

/**
 * Runs one of the plugin's SciJava commands from {@code key=value} text, the way a macro or the
 * command line gives them: converts each value to the parameter's type (images through an
 * {@link ImageSource}), keeps the defaults of keys not given (never the values persisted from an
 * earlier dialog, so runs are reproducible), and reports unknown or missing keys by name. Keys
 * match parameter names ignoring case, as the Macro Recorder writes them in lower case.
 */
public final class CommandRunner {

	/** Finds the image a key's value names: a file path on the command line, a window title in ImageJ. */
	public interface ImageSource {

		ImagePlus image(String key, String value) throws IOException;
	}

	/** What a run produced, and how it ended. */
	public static final class Result {

		private final Module module;
		private final Outcome outcome;

		Result(final Module module) {
			this.module = module;
			this.outcome = outcomeOf(module);
		}

		/** Whether the command did its work, was canceled by the user, or failed. */
		public Outcome outcome() {
			return outcome;
		}

		public boolean succeeded() {
			return outcome == Outcome.SUCCEEDED;
		}

		/** True if the command stopped on a problem (a user's cancel is not one). */
		public boolean failed() {
			return outcome == Outcome.FAILED;
		}

		/**
		 * What ended the run early: the problem and its fix ({@link Outcome#FAILED}) or what was
		 * canceled ({@link Outcome#CANCELED}); null if the command succeeded.
		 */
		public String message() {
			if (outcome == Outcome.SUCCEEDED) return null;
			final String reason = module instanceof Cancelable ? ((Cancelable) module).getCancelReason() : null;
			if (reason != null && !reason.isEmpty()) return reason;
			return module.getInfo().getTitle() + (outcome == Outcome.CANCELED ? " canceled." : " failed.");
		}

		/** The message of the error (names the problem and the fix) if the run failed, else null. */
		public String error() {
			return failed() ? message() : null;
		}

		/** An output by name. */
		public Object output(final String name) {
			return module.getOutput(name);
		}

		public Module module() {
			return module;
		}

		/** Our commands tell a cancel from a failure; for any other, a cancel is a failure, as SciJava has it. */
		private static Outcome outcomeOf(final Module module) {
			final Object command = module.getDelegateObject();
			if (command instanceof PluginCommand) return ((PluginCommand) command).outcome();
			return module instanceof Cancelable && ((Cancelable) module).isCanceled() ? Outcome.FAILED
				: Outcome.SUCCEEDED;
		}
	}

	private final Context context;

	public CommandRunner(final Context context) {
		this.context = context;
	}

	/**
	 * Runs a command and waits for it.
	 *
	 * @throws IllegalArgumentException for unknown keys, missing required keys or values of the wrong type
	 */
	public Result run(final Class<? extends Command> command, final Map<String, String> values,
		final ImageSource images) throws IOException
	{
		final CommandInfo info = context.service(CommandService.class).getCommand(command);
		if (info == null) throw new IllegalStateException("Command " + command.getName() + " is not registered " +
			"(is the plugin index META-INF/json/org.scijava.plugin.Plugin on the class path?)");
		final ModuleService modules = context.service(ModuleService.class);
		final Module module = modules.createModule(info);
		final Map<String, ModuleItem<?>> inputs = new LinkedHashMap<>();
		for (final ModuleItem<?> item : info.inputs())
			if (!isService(item.getType())) inputs.put(item.getName(), item);
		final java.util.Set<String> given = new java.util.HashSet<>();
		for (final Map.Entry<String, String> kv : values.entrySet()) {
			final ModuleItem<?> item = find(inputs, kv.getKey());
			if (item == null) throw new IllegalArgumentException("Unknown key \"" + kv.getKey() + "\" for " + info
				.getTitle() + ". Valid keys: " + String.join(", ", inputs.keySet()));
			module.setInput(item.getName(), convert(item, kv.getKey(), kv.getValue(), images));
			given.add(item.getName());
		}
		final List<String> missing = new ArrayList<>();
		for (final ModuleItem<?> item : inputs.values()) {
			if (!given.contains(item.getName()) && item.isRequired() && module.getInput(item.getName()) == null)
				missing.add(item.getName());
			module.resolveInput(item.getName());
		}
		if (!missing.isEmpty()) throw new IllegalArgumentException(info.getTitle() + " needs " + String.join(", ",
			missing) + " (e.g. " + missing.get(0) + "=...).");
		try {
			modules.run(module, scijavaOwn(PreprocessorPlugin.class), scijavaOwn(PostprocessorPlugin.class), Collections
				.<String, Object> emptyMap()).get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted", e);
		}
		catch (final ExecutionException e) {
			final Throwable cause = e.getCause();
			if (cause instanceof RuntimeException) throw (RuntimeException) cause;
			if (cause instanceof Error) throw (Error) cause;
			throw new IOException(cause);
		}
		return new Result(module);
	}

	/**
	 * SciJava's own module pre- and postprocessors (services, initializers, validity, ...). Inside
	 * Fiji other jars add more (display, macro recording, active image), which would act on our
	 * commands differently than on the command line and in ImageJ 1.
	 */
	private <P extends SciJavaPlugin> List<P> scijavaOwn(final Class<P> type) {
		final PluginService plugins = context.service(PluginService.class);
		final List<PluginInfo<P>> own = new ArrayList<>();
		for (final PluginInfo<P> info : plugins.getPluginsOfType(type))
			if (info.getClassName().startsWith("org.scijava.") && !PERSISTENCE.contains(info.getClassName())) own.add(
				info);
		return plugins.createInstances(own);
	}

	/**
	 * SciJava's processors that load and save the inputs as the user's preferences: a run takes
	 * the defaults of keys not given, and leaves nothing behind that a later run (of a script, a
	 * test, Fiji) would pick up instead of its defaults.
	 */
	private static final List<String> PERSISTENCE = Arrays.asList(
		"org.scijava.module.process.LoadInputsPreprocessor", "org.scijava.module.process.SaveInputsPreprocessor");

	/**
	 * The input a key names, exactly or else ignoring case: ImageJ's Macro Recorder writes keys in
	 * lower case ({@code classnames=...}), and recorded lines must run here too.
	 */
	private static ModuleItem<?> find(final Map<String, ModuleItem<?>> inputs, final String key) {
		final ModuleItem<?> exact = inputs.get(key);
		if (exact != null) return exact;
		for (final Map.Entry<String, ModuleItem<?>> e : inputs.entrySet())
			if (e.getKey().equalsIgnoreCase(key)) return e.getValue();
		return null;
	}

	private Object convert(final ModuleItem<?> item, final String key, final String value, final ImageSource images)
		throws IOException
	{
		final Class<?> type = item.getType();
		if (ImagePlus.class.isAssignableFrom(type)) return images.image(key, value);
		if (type == File.class) return value.isEmpty() ? null : new File(value);
		if (type == String.class) return value;
		if (type == boolean.class || type == Boolean.class) {
			if (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes")) return true;
			if (value.equalsIgnoreCase("false") || value.equals("0") || value.equalsIgnoreCase("no")) return false;
			throw new IllegalArgumentException(key + "=" + value + ": give true or false.");
		}
		try {
			if (type == int.class || type == Integer.class) return Integer.parseInt(value);
			if (type == long.class || type == Long.class) return Long.parseLong(value);
			if (type == double.class || type == Double.class) return Double.parseDouble(value);
			if (type == float.class || type == Float.class) return Float.parseFloat(value);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + "=" + value + " is not a number.");
		}
		final Object converted = context.service(ConvertService.class).convert(value, type);
		if (converted == null) throw new IllegalArgumentException(key + "=" + value + " cannot be used as " + type
			.getSimpleName() + ".");
		return converted;
	}

	private static boolean isService(final Class<?> type) {
		return org.scijava.service.Service.class.isAssignableFrom(type) || Context.class.isAssignableFrom(type);
	}
}
