package org.unet3d.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogService;
import org.unet3d.commands.CommandRunner;
import org.unet3d.commands.EvaluateCommand;
import org.unet3d.commands.SegmentCommand;
import org.unet3d.commands.TrainCommand;
import org.unet3d.io.AtomicFiles;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;

/**
 * The README's demo: trains on the bundled synthetic nuclei stack, segments the separate test
 * stack into labels and objects (one id per nucleus, with a measurements table), evaluates the
 * labels against their ground truth and writes the model, the label and object images, the
 * measurements and a report into one folder. Runs the same commands a user runs.
 */
final class Demo {

	/** The bundled sample the demo uses, relative to the project folder. */
	static final String SAMPLE = "sample-stacks/nuclei";

	/** The demo's keys and their defaults (training kept short; samples: found, see {@link #findSamples}). */
	private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

	static {
		DEFAULTS.put("output", "demo-output");
		DEFAULTS.put("minutes", "6");
		DEFAULTS.put("epochs", "12");
		DEFAULTS.put("filters", "8");
		DEFAULTS.put("seed", "42");
	}

	/** What the demo does, for the usage. */
	static final String DESCRIPTION = "Trains on the bundled synthetic nuclei stack, segments its test stack, " +
		"evaluates the labels against the ground truth, and writes the model, the labels and a report into the " +
		"output folder.";

	/** The demo's keys with their defaults, for the usage. */
	static final String SYNOPSIS;

	static {
		final StringBuilder s = new StringBuilder();
		for (final Map.Entry<String, String> e : DEFAULTS.entrySet())
			s.append('[').append(e.getKey()).append('=').append(e.getValue()).append("] ");
		SYNOPSIS = s.append("[samples=<folder>]").toString();
	}

	private Demo() {}

	static int run(final Map<String, String> options, final PrintStream out, final PrintStream err)
		throws IOException
	{
		for (final String key : options.keySet())
			if (!DEFAULTS.containsKey(key) && !key.equals("samples")) throw new IllegalArgumentException("Unknown key \"" +
				key + "\" for the demo. Valid keys: " + String.join(", ", DEFAULTS.keySet()) + ", samples");
		final Map<String, String> given = new LinkedHashMap<>(DEFAULTS);
		given.putAll(options);
		final File samples = findSamples(options.get("samples"));
		final File outDir = new File(given.get("output"));
		if (!outDir.isDirectory() && !outDir.mkdirs()) throw new IOException("Cannot create the output folder " +
			outDir);
		final File model = new File(outDir, "nuclei-model.zip");
		final File labels = new File(outDir, "test-labels-predicted.tif");
		final File csv = new File(outDir, "evaluation.csv");
		final File objects = new File(outDir, "test-objects.tif");
		final File measurements = new File(outDir, "objects.csv");
		final long t0 = System.nanoTime();
		try (Context context = new Context(CommandService.class, StatusService.class, LogService.class,
			ConvertService.class))
		{
			final CommandRunner runner = new CommandRunner(context);
			final Map<String, String> train = new LinkedHashMap<>();
			train.put("image", new File(samples, "train-image.tif").getPath());
			train.put("labels", new File(samples, "train-labels.tif").getPath());
			train.put("model", model.getPath());
			train.put("epochs", given.get("epochs"));
			train.put("minutes", given.get("minutes"));
			train.put("filters", given.get("filters"));
			train.put("seed", given.get("seed"));
			train.put("classNames", "background,nucleus");
			train.put("overwrite", "true");
			out.println("== Training on " + train.get("image"));
			final CommandRunner.Result tr = runner.run(TrainCommand.class, train, Demo::open);
			if (!tr.succeeded()) return Main.stopped(tr, err);
			final double trainSeconds = (System.nanoTime() - t0) / 1e9;

			final Map<String, String> seg = new LinkedHashMap<>();
			seg.put("image", new File(samples, "test-image.tif").getPath());
			seg.put("model", model.getPath());
			seg.put("output", labels.getPath());
			seg.put("objects", "nuclei");
			seg.put("objectsOutput", objects.getPath());
			seg.put("measurements", measurements.getPath());
			seg.put("overwrite", "true");
			out.println("== Segmenting " + seg.get("image"));
			final long t1 = System.nanoTime();
			final CommandRunner.Result sr = runner.run(SegmentCommand.class, seg, Demo::open);
			if (!sr.succeeded()) return Main.stopped(sr, err);
			final double segSeconds = (System.nanoTime() - t1) / 1e9;

			final Map<String, String> ev = new LinkedHashMap<>();
			ev.put("prediction", labels.getPath());
			ev.put("truth", new File(samples, "test-labels.tif").getPath());
			ev.put("model", model.getPath());
			ev.put("csv", csv.getPath());
			ev.put("overwrite", "true");
			final CommandRunner.Result er = runner.run(EvaluateCommand.class, ev, Demo::open);
			if (!er.succeeded()) return Main.stopped(er, err);
			final double dice = (Double) er.output("meanDice");
			final String objectTable = firstLines(measurements, 6);
			final String report = "3D U-Net demo: synthetic fluorescent nuclei (" + samples + ")\n\n" +
				String.format(Locale.ROOT, "Training: %.0f s; segmentation of the test stack: %.1f s%n%n", trainSeconds,
					segSeconds) + "Model: " + model + "\n" + ModelFile.readMetadata(model).describe() + "\n\n" +
				"Evaluation of " + labels + " against " + ev.get("truth") + ":\n" + er.output("report") + "\n" + String
					.format(Locale.ROOT, "Mean Dice: %.4f%n", dice) + "\nObjects (segment objects=nuclei): " + sr.output(
						"summary") + "\nMeasurements, first rows of " + measurements + ":\n" + objectTable;
			final File reportFile = new File(outDir, "report.txt");
			AtomicFiles.write(reportFile, o -> o.write(report.getBytes(StandardCharsets.UTF_8)));
			out.println(er.output("report"));
			out.println(String.format(Locale.ROOT, "Mean Dice: %.4f", dice));
			out.println();
			out.println(objectsLine((String) sr.output("summary")));
			out.println("Measurements, first rows of " + measurements + ":");
			out.print(objectTable);
			out.println("Wrote " + model + ", " + labels + ", " + objects + ", " + measurements + ", " + csv + " and " +
				reportFile);
			return 0;
		}
	}

	/** The first {@code n} lines of a text file (with their line ends). */
	private static String firstLines(final File f, final int n) throws IOException {
		final StringBuilder s = new StringBuilder();
		final java.util.List<String> lines = java.nio.file.Files.readAllLines(f.toPath(), StandardCharsets.UTF_8);
		for (int i = 0; i < Math.min(n, lines.size()); i++)
			s.append(lines.get(i)).append('\n');
		if (lines.size() > n) s.append("... (").append(lines.size() - 1).append(" objects)\n");
		return s.toString();
	}

	/** The segmentation summary's line about the objects ("N objects in ..."). */
	private static String objectsLine(final String summary) {
		for (final String l : summary.split("\n"))
			if (l.matches("\\d+ objects? in .*")) return "Objects: " + l;
		return summary;
	}

	private static ij.ImagePlus open(final String key, final String value) throws IOException {
		return TiffIO.open(new File(value));
	}

	/** The sample folder: given, or under the working folder, or beside the jar's folder. */
	static File findSamples(final String given) throws IOException {
		if (given != null) {
			final File f = new File(given);
			if (new File(f, "train-image.tif").isFile()) return f;
			throw new IOException("No train-image.tif in " + f);
		}
		final File here = new File(SAMPLE);
		if (new File(here, "train-image.tif").isFile()) return here;
		try {
			final File jar = new File(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			for (File dir = jar.getParentFile(); dir != null; dir = dir.getParentFile()) {
				final File f = new File(dir, SAMPLE);
				if (new File(f, "train-image.tif").isFile()) return f;
			}
		}
		catch (final java.net.URISyntaxException | SecurityException e) {
			// fall through
		}
		throw new IOException("Cannot find the bundled sample " + SAMPLE + ". Run the demo from the project folder, " +
			"or give samples=<folder with train-image.tif, train-labels.tif, test-image.tif, test-labels.tif>.");
	}
}
