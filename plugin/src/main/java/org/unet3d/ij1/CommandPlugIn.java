package org.unet3d.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.module.ModuleItem;
import org.unet3d.commands.CommandInputs;
import org.unet3d.commands.CommandRunner;
import org.unet3d.commands.KeyValues;
import org.unet3d.commands.Outcome;

/**
 * The ImageJ 1 front-end of one of the plugin's SciJava commands; a subclass only names the
 * command. Listed in {@code plugins.config}, it is the command's menu entry in plain ImageJ 1 and
 * in Fiji alike. From a macro ({@code run("Title...", "key=value ...")}) it takes the options as
 * given (images as window titles or file paths) and never opens a dialog; from the menu it opens a
 * {@link CommandDialog} and records the run for the Macro Recorder. Either way the values go to
 * {@link CommandRunner}, which runs the same SciJava command as the command line. Outputs: images
 * open as new images unless the run saved them ({@code output=...}); text goes to the Log (the
 * console in batch runs). Problems are shown in an error dialog, or printed on stderr in batch
 * runs without a window, and stop the calling macro; a {@code -batch} run then exits with status 2.
 * A user's cancel is no problem: it is shown in the status bar (or on stderr) and stops the macro.
 */
public abstract class CommandPlugIn implements PlugIn {

	private final Class<? extends Command> command;

	protected CommandPlugIn(final Class<? extends Command> command) {
		this.command = command;
	}

	/** The SciJava command this entry runs. */
	Class<? extends Command> command() {
		return command;
	}

	@Override
	public void run(final String arg) {
		final String options = Macro.getOptions();
		final boolean macro = options != null;
		String title = command.getSimpleName();
		boolean recorded = false;
		try {
			final Context context = PluginContext.get();
			final CommandInputs inputs = CommandInputs.of(context, command);
			title = inputs.title();
			final Map<String, String> values;
			if (macro) values = KeyValues.parse(options);
			else if (GraphicsEnvironment.isHeadless()) throw new IllegalArgumentException(title + " needs its options " +
				"when there is no display, e.g. run(\"" + title + "...\", \"key=value ...\"). Keys: " + inputs.keys());
			else {
				values = new CommandDialog(inputs).show();
				if (values == null) {
					MacroRecording.drop();
					return;
				}
				MacroRecording.record(inputs, values);
				recorded = true;
			}
			IJ.resetEscape();
			final CommandRunner.Result result;
			try (StatusBridge status = StatusBridge.start(context)) {
				result = PluginContext.withPluginClassLoader(() -> new CommandRunner(context).run(command, values,
					new OpenImages()));
			}
			if (result.outcome() == Outcome.FAILED) fail(title, result.message(), macro, recorded);
			else showOutputs(result, values);
			if (result.outcome() == Outcome.CANCELED) canceled(result.message(), macro, recorded);
		}
		catch (final IllegalArgumentException | IOException e) {
			fail(title, e.getMessage(), macro, recorded);
		}
	}

	/**
	 * Images open (unless saved with output=...), tables show (as results tables with the title
	 * the command gives them), text goes to the Log, numbers too.
	 */
	private static void showOutputs(final CommandRunner.Result result, final Map<String, String> values) {
		final boolean saved = hasValue(values, "output");
		for (final ModuleItem<?> item : result.module().getInfo().outputs()) {
			final Object v = result.output(item.getName());
			if (v instanceof ImagePlus) {
				if (saved) IJ.log("Saved " + ((ImagePlus) v).getTitle() + " to " + savedTo((ImagePlus) v, value(values,
					"output")));
				else show((ImagePlus) v);
			}
			else if (v instanceof ResultsTable) ((ResultsTable) v).show(tableTitle(item));
			else if (v instanceof Double || v instanceof Float) {
				if (!Double.isNaN(((Number) v).doubleValue())) IJ.log(item.getLabel() + ": " + String.format(Locale.ROOT,
					"%.4f", ((Number) v).doubleValue()));
			}
			else if (v != null) IJ.log(String.valueOf(v));
		}
	}

	/** The file an image was opened from after the command saved it, else the output= value. */
	private static String savedTo(final ImagePlus imp, final String output) {
		final ij.io.FileInfo fi = imp.getOriginalFileInfo();
		if (fi != null && fi.fileName != null && !fi.fileName.isEmpty() && fi.directory != null && !fi.directory
			.isEmpty()) return new java.io.File(fi.directory, fi.fileName).getPath();
		return output;
	}

	/** A table's title: the output's description if the command gives one, else its label. */
	private static String tableTitle(final ModuleItem<?> item) {
		final String d = item.getDescription();
		return d != null && !d.isEmpty() ? d : "3D U-Net " + item.getLabel();
	}

	private static void show(final ImagePlus imp) {
		if (GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode() && !IJ.isMacro()) IJ.log(imp.getTitle() +
			" was computed but cannot be shown without a display; give output=<file.tif> to save it.");
		else imp.show();
	}

	private static boolean hasValue(final Map<String, String> values, final String key) {
		return !value(values, key).isEmpty();
	}

	private static String value(final Map<String, String> values, final String key) {
		for (final Map.Entry<String, String> e : values.entrySet())
			if (e.getKey().equalsIgnoreCase(key)) return e.getValue() == null ? "" : e.getValue().trim();
		return "";
	}

	/**
	 * Reports a problem: an error dialog with a display and an ImageJ window (or any dialog run),
	 * else "Error: ..." on stderr. Stops the calling macro; ends a {@code -batch} run with status 2.
	 */
	private static void fail(final String title, final String message, final boolean macro, final boolean recorded) {
		if (recorded) MacroRecording.drop();
		final String text = message == null || message.isEmpty() ? title + " failed." : message;
		final boolean console = GraphicsEnvironment.isHeadless() || macro && IJ.getInstance() == null;
		if (console) System.err.println("Error: " + text);
		else IJ.error(title, text);
		if (console && isBatchRun()) System.exit(2);
		if (macro) throw new RuntimeException(Macro.MACRO_CANCELED);
	}

	/**
	 * Reports a user's cancel as what it is, not as an error: in the status bar, or on stderr
	 * without an ImageJ window. Stops the calling macro, as Esc does.
	 */
	private static void canceled(final String message, final boolean macro, final boolean recorded) {
		if (recorded) MacroRecording.drop();
		if (GraphicsEnvironment.isHeadless() || IJ.getInstance() == null) System.err.println(message);
		else IJ.showStatus(message);
		if (macro) throw new RuntimeException(Macro.MACRO_CANCELED);
	}

	/** True if this JVM runs ImageJ's {@code -batch} (ImageJ.main with no ImageJ window). */
	private static boolean isBatchRun() {
		if (IJ.getInstance() != null || !Interpreter.isBatchMode()) return false;
		for (final StackTraceElement e : Thread.currentThread().getStackTrace())
			if (e.getClassName().equals("ij.ImageJ") && e.getMethodName().equals("main")) return true;
		return false;
	}
}
