package org.unet3d.cli;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogService;
import org.unet3d.commands.CommandRunner;
import org.unet3d.commands.ConvertCommand;
import org.unet3d.commands.EvaluateCommand;
import org.unet3d.commands.ImageFiles;
import org.unet3d.commands.KeyValues;
import org.unet3d.commands.LabelObjectsCommand;
import org.unet3d.commands.MakePatchesCommand;
import org.unet3d.commands.ModelInfoCommand;
import org.unet3d.commands.Outcome;
import org.unet3d.commands.SegmentCommand;
import org.unet3d.commands.SegmentFolderCommand;
import org.unet3d.commands.TrainCommand;

/**
 * The headless command line, {@code java -jar unet3d.jar <command> key=value ...}: runs the very
 * same SciJava commands as the Fiji menus, with images given as file paths, and exits with 0 on
 * success, 2 for a user error (message on stderr), 3 when canceled and 1 for an internal error.
 * Its help is made from the commands' parameters ({@link Usage}).
 */
public final class Main {

	/** Command line names and the commands they run. */
	static final Map<String, Class<? extends Command>> COMMANDS = new LinkedHashMap<>();

	static {
		COMMANDS.put("train", TrainCommand.class);
		COMMANDS.put("segment", SegmentCommand.class);
		COMMANDS.put("segment-folder", SegmentFolderCommand.class);
		COMMANDS.put("label-objects", LabelObjectsCommand.class);
		COMMANDS.put("evaluate", EvaluateCommand.class);
		COMMANDS.put("info", ModelInfoCommand.class);
		COMMANDS.put("make-patches", MakePatchesCommand.class);
		COMMANDS.put("convert", ConvertCommand.class);
	}

	/** Exit status: a user error, its message on stderr. */
	static final int BAD_INPUT = 2;
	/** Exit status: the user canceled the command (not an error). */
	static final int CANCELED = 3;

	/** Names of the developers' tools that moved out of the plugin (module tools/). */
	private static final java.util.Set<String> DEVELOPER_TOOLS = new java.util.HashSet<>(Arrays.asList("benchmark",
		"benchmark-segment", "benchmark-accuracy", "generate"));

	private Main() {}

	public static void main(final String[] args) {
		System.setProperty("java.awt.headless", "true");
		org.unet3d.network.NativeLibraries.configure();
		System.exit(run(args, System.out, System.err));
	}

	/** Runs a command line; returns the exit status. */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		if (args.length == 0 || isHelp(args[0])) {
			if (args.length > 1 && COMMANDS.containsKey(args[1])) out.print(usage(args[1]));
			else out.print(usage());
			return args.length == 0 ? BAD_INPUT : 0;
		}
		if (args.length == 2 && COMMANDS.containsKey(args[0]) && isHelp(args[1])) {
			out.print(usage(args[0]));
			return 0;
		}
		try {
			final String name = args[0];
			if (name.equals("demo")) return Demo.run(parseArgs(Arrays.copyOfRange(args, 1, args.length)), out, err);
			if (DEVELOPER_TOOLS.contains(name)) throw new IllegalArgumentException("\"" + name + "\" is a developers' " +
				"tool and is not part of the plugin: after mvn package, run java -jar tools/target/unet3d-tools.jar " + name +
				" ... (see docs/benchmarks.md).");
			final Map<String, String> values;
			final Class<? extends Command> command;
			if (name.equals("--run")) {
				if (args.length < 2) throw new IllegalArgumentException("--run needs a command name, e.g. --run \"Train " +
					"3D U-Net\" \"image=a.tif labels=b.tif model=m.zip\"");
				command = byTitle(args[1]);
				values = KeyValues.parse(args.length > 2 ? String.join(" ", Arrays.copyOfRange(args, 2, args.length)) : "");
			}
			else {
				command = COMMANDS.get(name);
				if (command == null) throw new IllegalArgumentException("Unknown command \"" + name + "\". " +
					"Commands: " + String.join(", ", COMMANDS.keySet()) + ". Run with --help for details.");
				values = parseArgs(Arrays.copyOfRange(args, 1, args.length));
			}
			return runCommand(command, values, out, err);
		}
		catch (final IllegalArgumentException | IOException e) {
			err.println("Error: " + e.getMessage());
			return BAD_INPUT;
		}
	}

	private static boolean isHelp(final String arg) {
		return arg.equals("help") || arg.equals("--help") || arg.equals("-h");
	}

	/** Parses {@code key=value} arguments (each argument one pair; values may contain spaces). */
	public static Map<String, String> parseArgs(final String[] args) {
		final Map<String, String> map = new LinkedHashMap<>();
		for (final String a : args) {
			final int eq = a.indexOf('=');
			if (eq <= 0) {
				if (a.startsWith("-")) throw new IllegalArgumentException("Options are given as key=value, not " + a);
				map.put(a, "true");
			}
			else map.put(a.substring(0, eq), a.substring(eq + 1));
		}
		return map;
	}

	static int runCommand(final Class<? extends Command> command, final Map<String, String> values,
		final PrintStream out, final PrintStream err) throws IOException
	{
		try (Context context = new Context(CommandService.class, StatusService.class, LogService.class,
			ConvertService.class))
		{
			// stacks to segment and label images to label by components are read slice by slice (OME-Zarr: chunk
			// by chunk) from disk, so they need not fit in memory
			final boolean virtual = command == SegmentCommand.class || command == LabelObjectsCommand.class;
			final CommandRunner.ImageSource images = (k, v) -> ImageFiles.open(new File(v), virtual);
			final CommandRunner.Result r = new CommandRunner(context).run(command, values, images);
			if (r.failed()) return stopped(r, err);
			final Object failedFiles = r.output("failed");
			if (failedFiles instanceof Integer && (Integer) failedFiles > 0) {
				out.println(r.output("summary"));
				err.println("Error: " + failedFiles + " file(s) could not be segmented; see the lines marked FAILED.");
				return BAD_INPUT;
			}
			for (final org.scijava.module.ModuleItem<?> item : r.module().getInfo().outputs()) {
				final Object v = r.output(item.getName());
				if (v instanceof String) out.println(v);
				else if (v instanceof Double && item.getName().equals("meanDice") && !((Double) v).isNaN()) out.println(
					String.format(java.util.Locale.ROOT, "Mean Dice: %.4f", (Double) v));
				else if (v instanceof ImagePlus && !values.containsKey("output") && !savedToFile((ImagePlus) v)) err.println(
					"Note: " + item.getName() + " were computed but not saved; add output=<file.tif> to save them.");
			}
			return r.succeeded() ? 0 : stopped(r, err); // canceled: what was done is shown above
		}
	}

	/** True for an image opened from the file a command wrote (e.g. objects saved with objectsOutput=). */
	private static boolean savedToFile(final ImagePlus imp) {
		if (imp.getStack() instanceof org.unet3d.io.VolumeStack) return true; // an OME-Zarr image on disk
		final ij.io.FileInfo fi = imp.getOriginalFileInfo();
		return fi != null && fi.fileName != null && !fi.fileName.isEmpty() && fi.directory != null && !fi.directory
			.isEmpty();
	}

	/**
	 * The exit status of a run that did not succeed, with its message on stderr: {@code Error: ...}
	 * for a failure ({@link #BAD_INPUT}), the bare message for a user's cancel ({@link #CANCELED}).
	 */
	static int stopped(final CommandRunner.Result r, final PrintStream err) {
		if (r.outcome() == Outcome.CANCELED) {
			err.println(r.message());
			return CANCELED;
		}
		err.println("Error: " + r.message());
		return BAD_INPUT;
	}

	private static Class<? extends Command> byTitle(final String title) {
		final String t = title.replace("...", "").trim();
		try (Context context = new Context(CommandService.class)) {
			for (final Class<? extends Command> c : COMMANDS.values()) {
				final String label = context.service(CommandService.class).getCommand(c).getTitle().replace("...", "")
					.trim();
				if (label.equalsIgnoreCase(t) || c.getSimpleName().equalsIgnoreCase(t)) return c;
			}
		}
		throw new IllegalArgumentException("No command called \"" + title + "\". Use one of the menu names, e.g. " +
			"\"Train 3D U-Net\", \"Segment with 3D U-Net\".");
	}

	/** Help on all commands, made from their parameters. */
	static String usage() {
		try (Context context = new Context(CommandService.class)) {
			return Usage.all(context, COMMANDS);
		}
	}

	/** Help on one command and each of its keys. */
	static String usage(final String name) {
		try (Context context = new Context(CommandService.class)) {
			return Usage.of(context, name, COMMANDS.get(name));
		}
	}
}
