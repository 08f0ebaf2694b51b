package org.unet3d.benchmark;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogService;
import org.unet3d.commands.CommandRunner;
import org.unet3d.commands.EvaluateCommand;
import org.unet3d.commands.LabelObjectsCommand;
import org.unet3d.commands.SegmentCommand;
import org.unet3d.commands.TrainCommand;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;
import org.unet3d.objects.InstanceTrainingLabels;
import org.unet3d.progress.Progress;

/**
 * The object accuracy benchmark ({@code java -jar tools/target/unet3d-tools.jar benchmark-objects}):
 * for each real stack with instance ground truth (a folder with image.tif and instances.tif, e.g.
 * ../shared/sample-stacks/arabidopsis-nuclei-gonuclear), splits it as {@link AccuracyBenchmark}
 * does (the first 75 % along the longer in-plane axis for training, the rest held out), trains
 * with the user's {@code train instances=...} (defaults, a time budget), makes objects with
 * {@code segment objects=...} and scores them with {@code evaluate objects=true} against the
 * held-out instances: F1 and AP at IoU 0.5 (and 0.75), with the whole stack segmented (then
 * cropped to the held-out part) and with the held-out part segmented alone. The upper bound is
 * {@code label-objects} with the same settings on perfect class labels: those derived from the
 * held-out instances, which is what the network is trained to predict. With {@code train=false}
 * the model of an earlier run in the output folder is used again, to compare object settings.
 */
final class ObjectAccuracy {

	/** The result table, one row per stack. */
	private static final ResultTable TABLE = new ResultTable("stack", "objects", "split", "minutes",
		"epochs / steps", "train_seconds", "f1_at_0.5", "ap_at_0.5", "f1_at_0.75", "f1_at_0.5_part_alone",
		"ap_at_0.5_part_alone", "upper_bound_f1_at_0.5", "upper_bound_ap_at_0.5",
		"truth / predicted / upper-bound objects", "load_before_after", "stopped");

	/** The object mode of the shared stacks with instances. */
	private static final Map<String, String> MODES = new LinkedHashMap<>();

	static {
		MODES.put("arabidopsis-nuclei-gonuclear", "nuclei");
		MODES.put("arabidopsis-ovule-cell-boundaries", "cells");
	}

	private ObjectAccuracy() {}

	static int run(final Map<String, String> options, final PrintStream out, final PrintStream err)
		throws IOException
	{
		final Map<String, String> o = new LinkedHashMap<>(options);
		final File stacks = new File(CommandRuns.take(o, "stacks", new File(System.getProperty("unet3d.shared", "../shared"),
			"sample-stacks").getPath()));
		final String only = CommandRuns.take(o, "only", "");
		final String minutes = CommandRuns.take(o, "minutes", "15");
		final String seed = CommandRuns.take(o, "seed", "42");
		final String mode = CommandRuns.take(o, "objects", "");
		final boolean train = Boolean.parseBoolean(CommandRuns.take(o, "train", "true"));
		final File outDir = new File(CommandRuns.take(o, "output", "objects-accuracy-output"));
		final Map<String, String> objectKeys = new LinkedHashMap<>();
		for (final String k : new ArrayList<>(o.keySet()))
			if (k.startsWith("objects.")) objectKeys.put(k.substring("objects.".length()), o.remove(k));
		final File[] dirs = stacks.listFiles(f -> new File(f, "image.tif").isFile() && new File(f, "instances.tif")
			.isFile());
		if (dirs == null || dirs.length == 0) throw new IOException("No stacks with instances (folders with image.tif " +
			"and instances.tif) in " + stacks + ". Give stacks=<folder>.");
		Arrays.sort(dirs);
		final List<String> wanted = only.isEmpty() ? null : Arrays.asList(only.split("\\s*,\\s*"));
		if (!outDir.isDirectory() && !outDir.mkdirs()) throw new IOException("Cannot create " + outDir);
		final List<String[]> rows = new ArrayList<>();
		int failed = 0;
		try (Context context = new Context(CommandService.class, StatusService.class, LogService.class,
			ConvertService.class))
		{
			final CommandRunner runner = new CommandRunner(context);
			for (final File dir : dirs) {
				if (wanted != null && !wanted.contains(dir.getName())) continue;
				final String m = !mode.isEmpty() ? mode : MODES.getOrDefault(dir.getName(), "nuclei");
				String[] row;
				try {
					row = one(runner, dir, new File(outDir, dir.getName()), m, minutes, seed, train, o, objectKeys, out);
				}
				catch (final IOException | RuntimeException e) {
					row = null;
					err.println("Error: " + dir.getName() + ": " + e.getMessage());
				}
				if (row == null) {
					failed++;
					row = new String[TABLE.columns()];
					Arrays.fill(row, "");
					row[0] = dir.getName();
					row[row.length - 1] = "failed (see the log)";
				}
				rows.add(row);
				TABLE.write(outDir, "objects-accuracy", rows);
			}
		}
		if (rows.isEmpty()) throw new IOException("None of " + only + " found in " + stacks);
		out.println(TABLE.markdown(rows));
		out.println("Wrote " + new File(outDir, "objects-accuracy.csv") + " and " + new File(outDir,
			"objects-accuracy.md"));
		return failed == 0 ? 0 : 2;
	}

	/** Splits, trains, segments, labels objects and scores one stack; returns its table row. */
	private static String[] one(final CommandRunner runner, final File dir, final File work, final String mode,
		final String minutes, final String seed, final boolean train, final Map<String, String> trainExtra,
		final Map<String, String> objectKeys, final PrintStream out) throws IOException
	{
		if (!work.isDirectory() && !work.mkdirs()) throw new IOException("Cannot create " + work);
		final ImagePlus image = TiffIO.open(new File(dir, "image.tif"));
		final ImagePlus instances = TiffIO.open(new File(dir, "instances.tif"));
		final boolean alongX = image.getWidth() > image.getHeight();
		final int size = alongX ? image.getWidth() : image.getHeight();
		final int cut = (int) Math.round(size * AccuracyBenchmark.TRAIN_SHARE);
		final String axis = alongX ? "x" : "y";
		final String split = String.format(Locale.ROOT, "train %s 0-%d, test %s %d-%d", axis, cut - 1, axis, cut, size -
			1);
		final File trainImage = save(AccuracyBenchmark.crop(image, alongX, 0, cut), work, "train-image.tif");
		final File trainInstances = save(AccuracyBenchmark.crop(instances, alongX, 0, cut), work,
			"train-instances.tif");
		final File testImage = save(AccuracyBenchmark.crop(image, alongX, cut, size), work, "test-image.tif");
		final ImagePlus testTruth = AccuracyBenchmark.crop(instances, alongX, cut, size);
		final File testInstances = save(testTruth, work, "test-instances.tif");
		final File derived = save(derivedLabels(testTruth), work, "test-derived-labels.tif");

		final File model = new File(work, "model.zip");
		final Map<String, String> trainKeys = new LinkedHashMap<>();
		trainKeys.put("image", trainImage.getPath());
		trainKeys.put("instances", trainInstances.getPath());
		trainKeys.put("model", model.getPath());
		trainKeys.put("minutes", minutes);
		trainKeys.put("epochs", "100000");
		trainKeys.put("seed", seed);
		trainKeys.putAll(trainExtra);
		trainKeys.put("overwrite", "true");
		final String load0 = CommandRuns.loadAverage();
		out.println("== " + dir.getName() + ": objects=" + mode + ", " + split + ", " + minutes + " min, load " + load0);
		final long t0 = System.nanoTime();
		if (train) run(runner, TrainCommand.class, "train", trainKeys, out);
		else if (!model.isFile()) throw new IOException("train=false needs the model of an earlier run: " + model);
		else out.println("   (train=false: the model of an earlier run, " + model + ")");
		final double trainSeconds = train ? (System.nanoTime() - t0) / 1e9 : Double.NaN;
		final String load1 = CommandRuns.loadAverage();

		final Map<String, String> seg = new LinkedHashMap<>();
		seg.put("image", new File(dir, "image.tif").getPath());
		seg.put("model", model.getPath());
		seg.put("output", new File(work, "whole-labels.tif").getPath());
		seg.put("objects", mode);
		seg.putAll(objectKeys);
		seg.put("objectsOutput", new File(work, "whole-objects.tif").getPath());
		seg.put("overwrite", "true");
		run(runner, SegmentCommand.class, "segment", seg, out);
		final File wholeCropped = save(AccuracyBenchmark.crop(TiffIO.open(new File(work, "whole-objects.tif")), alongX,
			cut, size), work, "whole-objects-test-part.tif");

		final Map<String, String> alone = new LinkedHashMap<>(seg);
		alone.put("image", testImage.getPath());
		alone.put("output", new File(work, "test-labels.tif").getPath());
		alone.put("objectsOutput", new File(work, "test-objects.tif").getPath());
		run(runner, SegmentCommand.class, "segment", alone, out);

		final Map<String, String> upper = new LinkedHashMap<>();
		upper.put("probabilities", derived.getPath());
		upper.put("model", model.getPath());
		upper.put("objects", mode);
		upper.putAll(objectKeys);
		upper.put("output", new File(work, "upper-bound-objects.tif").getPath());
		upper.put("overwrite", "true");
		run(runner, LabelObjectsCommand.class, "label-objects", upper, out);

		final double[] w = score(runner, wholeCropped, testInstances, new File(work, "scores-whole.csv"), out);
		final double[] a = score(runner, new File(work, "test-objects.tif"), testInstances, new File(work,
			"scores-alone.csv"), out);
		final double[] u = score(runner, new File(work, "upper-bound-objects.tif"), testInstances, new File(work,
			"scores-upper-bound.csv"), out);
		final org.unet3d.model.TrainingSummary t = ModelFile.readMetadata(model).training();
		final String[] row = { dir.getName(), mode, split, minutes, t.epochs() + " / " + t.steps(),
			String.format(Locale.ROOT, "%.0f", trainSeconds), CommandRuns.f(w[0]), CommandRuns.f(w[1]), CommandRuns.f(w[2]), CommandRuns.f(a[0]), CommandRuns.f(a[1]), CommandRuns.f(u[0]), CommandRuns.f(u[1]),
			String.format(Locale.ROOT, "%.0f / %.0f / %.0f", w[3], w[4], u[4]), load0 + " / " + load1, t.stopped() };
		out.println(String.format(Locale.ROOT, "   F1@0.5 %s, AP@0.5 %s (whole stack segmented); alone %s / %s; upper " +
			"bound %s / %s", CommandRuns.f(w[0]), CommandRuns.f(w[1]), CommandRuns.f(a[0]), CommandRuns.f(a[1]), CommandRuns.f(u[0]), CommandRuns.f(u[1])));
		return row;
	}

	/** The derived background / interior / boundary labels of an instance image (perfect class labels). */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static ImagePlus derivedLabels(final ImagePlus instances) {
		return ImagePlusBridge.labelImage(InstanceTrainingLabels.derive((net.imglib2.RandomAccessibleInterval)
			ImagePlusBridge.wrapLabels(instances), ImagePlusBridge.voxelSize(instances), Double.NaN, Progress.NONE),
			"derived", instances);
	}

	/**
	 * Runs evaluate objects=true and reads its CSV: F1 and AP at IoU 0.5, F1 at 0.75, truth and
	 * predicted objects.
	 */
	private static double[] score(final CommandRunner runner, final File prediction, final File truth, final File csv,
		final PrintStream out) throws IOException
	{
		final Map<String, String> ev = new LinkedHashMap<>();
		ev.put("prediction", prediction.getPath());
		ev.put("truth", truth.getPath());
		ev.put("objects", "true");
		ev.put("csv", csv.getPath());
		ev.put("overwrite", "true");
		run(runner, EvaluateCommand.class, "evaluate", ev, out);
		final List<String> lines = Files.readAllLines(csv.toPath(), StandardCharsets.UTF_8);
		final double[] r = new double[5];
		for (final String l : lines) {
			final String[] c = l.split(",");
			if (c[0].equals("0.50")) {
				r[0] = Double.parseDouble(c[6]);
				r[1] = Double.parseDouble(c[7]);
				r[3] = Double.parseDouble(c[1]) + Double.parseDouble(c[3]); // TP + FN = truth objects
				r[4] = Double.parseDouble(c[1]) + Double.parseDouble(c[2]); // TP + FP = predicted objects
			}
			if (c[0].equals("0.75")) r[2] = Double.parseDouble(c[6]);
		}
		return r;
	}

	private static void run(final CommandRunner runner, final Class<? extends Command> command, final String name,
		final Map<String, String> values, final PrintStream out) throws IOException
	{
		out.println("   java -jar target/unet3d.jar " + name + " " + CommandRuns.join(values));
		final CommandRunner.Result r = runner.run(command, values, CommandRuns::open);
		if (r.failed()) throw new IOException(name + ": " + r.error());
	}

	private static File save(final ImagePlus imp, final File dir, final String name) throws IOException {
		final File f = new File(dir, name);
		TiffIO.save(imp, f, true);
		return f;
	}
}
