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
import org.unet3d.commands.EvaluateCommand;
import org.unet3d.commands.KeyValues;
import org.unet3d.commands.LabelObjectsCommand;
import org.unet3d.commands.MakePatchesCommand;
import org.unet3d.commands.ModelInfoCommand;
import org.unet3d.commands.SegmentCommand;
import org.unet3d.commands.SegmentFolderCommand;
import org.unet3d.commands.TrainCommand;
import org.unet3d.io.TiffIO;

/**
 * The headless command line, {@code java -jar unet3d.jar <command> key=value ...}: runs the very
 * same SciJava commands as the Fiji menus, with images given as file paths, and exits with 0 on
 * success, 2 for a user error (message on stderr) and 1 for an internal error.
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
	}

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
		if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
			out.print(usage());
			return args.length == 0 ? 2 : 0;
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
			return 2;
		}
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
			// stacks to segment and label images to label by components are read slice by slice from disk, so
			// they need not fit in memory
			final CommandRunner.ImageSource images = command == SegmentCommand.class ||
				command == LabelObjectsCommand.class ? (k, v) -> TiffIO.openVirtual(new File(v)) : Main::openImage;
			final CommandRunner.Result r = new CommandRunner(context).run(command, values, images);
			if (r.failed()) {
				err.println("Error: " + r.error());
				return 2;
			}
			final Object failedFiles = r.output("failed");
			if (failedFiles instanceof Integer && (Integer) failedFiles > 0) {
				out.println(r.output("summary"));
				err.println("Error: " + failedFiles + " file(s) could not be segmented; see the lines marked FAILED.");
				return 2;
			}
			for (final org.scijava.module.ModuleItem<?> item : r.module().getInfo().outputs()) {
				final Object v = r.output(item.getName());
				if (v instanceof String) out.println(v);
				else if (v instanceof Double && item.getName().equals("meanDice") && !((Double) v).isNaN()) out.println(
					String.format(java.util.Locale.ROOT, "Mean Dice: %.4f", (Double) v));
				else if (v instanceof ImagePlus && !values.containsKey("output") && !savedToFile((ImagePlus) v)) err.println(
					"Note: " + item.getName() + " were computed but not saved; add output=<file.tif> to save them.");
			}
			return 0;
		}
	}

	/** True for an image opened from the file a command wrote (e.g. objects saved with objectsOutput=). */
	private static boolean savedToFile(final ImagePlus imp) {
		final ij.io.FileInfo fi = imp.getOriginalFileInfo();
		return fi != null && fi.fileName != null && !fi.fileName.isEmpty() && fi.directory != null && !fi.directory
			.isEmpty();
	}

	private static ImagePlus openImage(final String key, final String value) throws IOException {
		return TiffIO.open(new File(value));
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

	static String usage() {
		return "3D U-Net for Fiji - command line\n\n" +
			"Usage: java -jar unet3d.jar <command> key=value ...\n\n" +
			"  train    image=<tif> labels=<tif> model=<zip> [epochs=0] [minutes=0] [stepsPerEpoch=0] [seed=42]\n" +
			"           (epochs=0: until the time budget of minutes, or 30 epochs without one; both: whichever first)\n" +
			"           [patch=z,y,x]\n" +
			"           [validation=0.1|<tif> validationLabels=<tif>] [ignore=-1] [resume=<zip> | finetune=<zip>]\n" +
			"           [folder=<dir with images/ and labels/> instead of image and labels] [classes=0]\n" +
			"           [instances=<tif> instead of labels: one id per object; background, interior, boundary\n" +
			"           are derived (folder: instances/ instead of labels/)] [saveDerivedLabels=<tif>]\n" +
			"           [batch=2] [filters=16] [depth=3] [batchNorm=true] [kernels=auto|cubic] [learningRate=0.001]\n" +
			"           [schedule=cosine|plateau] [patience=15 (early stopping, plateau schedule only)]\n" +
			"           [loss=ce+dice|ce|dice] [weights=equal|auto|w0,w1,...] [augment=standard|elastic|none]\n" +
			"           [foreground=0.5] [clahe=none|slices|3d] [claheBlock=64] [claheSlope=3]\n" +
			"           [classNames=a,b,...] [overwrite=false]\n" +
			"           Writes <model>.zip (best by validation Dice), <model>-checkpoint.zip (to resume),\n" +
			"           <model>-log.csv and <model>-curve.png.\n" +
			"  segment  image=<tif> model=<zip> output=<tif> [probabilities=<tif>] [tile=z,y,x] [overlap=z,y,x]\n" +
			"           [batch=0] [blending=gaussian|linear|crop] [flips=false] [overwrite=false]\n" +
			"           (tile, overlap, batch: automatic from the model and free memory when left out or 0)\n" +
			"           [objects=none|nuclei|cells|components] [objectsOutput=<tif> (default <output>-objects.tif)]\n" +
			"           [measurements=<csv>] and the object keys below\n" +
			"  label-objects probabilities=<tif of probabilities or class labels> [objects=nuclei|cells|components]\n" +
			"           [output=<tif>] [measurements=<csv>] [image=<tif> to measure intensities] [model=<zip>]\n" +
			"           object keys: [seeds=auto|distance|interiors] [seedHeight=<h, calibrated; empty = 2 voxels>]\n" +
			"           [seedDistance=0] [minVolume=0] [connectivity=6|26] [threshold=0.5]\n" +
			"           [backgroundClass=auto|none|<id or name>] [boundaryClass=auto|none|<id or name>]\n" +
			"  segment-folder input=<folder> output=<folder> model=<zip> [pattern=*.tif] [probabilities=false]\n" +
			"           [tile=..] [overlap=..] [batch=0] [blending=..] [flips=false] [overwrite=false]: every stack,\n" +
			"           one model; writes <name>-labels.tif and segmentation-summary.csv; skips files that fail\n" +
			"  evaluate prediction=<tif> truth=<tif> [ignore=-1] [boundary=-1] [model=<zip>] [csv=<file>]\n" +
			"           (csv: per-class scores, plus <name>-summary.csv and <name>-confusion.csv)\n" +
			"           [objects=true]: both are object label images (one id per object): matching scores at IoU\n" +
			"           0.5..0.9 (F1, AP, PQ, ...), adapted Rand error and VOI; csv: per threshold + <name>-summary.csv\n" +
			"  info     model=<zip> [json=false]: what the model holds and how it was trained (json=true: as stored)\n" +
			"  make-patches image=<tif> labels=<tif> [output=<tif>] [mode=random|grid] [count=16] [patch=z,y,x]\n" +
			"           [model=<zip>] [augment=standard|elastic|none] [foreground=0.5] [ignore=-1] [clahe=none] [seed=42]\n" +
			"  demo     [output=demo-output] [minutes=6] [epochs=12]: train, segment and evaluate the bundled sample\n" +
			"\nDevelopers' tools (benchmarks, the sample generator): java -jar tools/target/unet3d-tools.jar --help\n\n" +
			"Fiji style: java -jar unet3d.jar --run \"Train 3D U-Net\" \"image=a.tif labels=b.tif model=m.zip\"\n" +
			"Exit status: 0 success, 2 bad input (message on stderr), 1 internal error.\n";
	}
}
