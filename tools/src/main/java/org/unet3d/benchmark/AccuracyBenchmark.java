package org.unet3d.benchmark;

import ij.ImagePlus;
import ij.ImageStack;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogService;
import org.unet3d.commands.CommandRunner;
import org.unet3d.commands.SegmentCommand;
import org.unet3d.commands.TrainCommand;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;
import org.unet3d.metrics.ConfusionCounts;
import org.unet3d.metrics.SegmentationScores;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.TrainingSummary;

/**
 * The accuracy benchmark ({@code java -jar unet3d.jar benchmark-accuracy}): for each real stack
 * (a folder with image.tif and labels.tif, e.g. ../shared/sample-stacks), splits it in the plane
 * along its longer in-plane axis (y, or x where x is longer): the first 75 % for training, the last
 * 25 % held out; writes both parts as TIFFs, trains on the first with the same {@code train} command
 * users run (with a time budget), and reports the per-class Dice on the held-out part, in a CSV and
 * a Markdown table, twice: with the whole stack segmented by {@code segment} (so held-out voxels near
 * the cut have image context on both sides, as inside any new stack; their labels are never used in
 * training) and with the held-out part segmented on its own (a thin slab, mirrored at its borders). Optionally labels only every k-th slice of
 * the training part (the rest unlabeled), the sparse-annotation experiment.
 */
final class AccuracyBenchmark {

	/** The result table, one row per stack. */
	private static final ResultTable TABLE = new ResultTable("stack", "split", "labels", "minutes",
		"best_epoch_of_epochs", "steps", "train_seconds", "dice_per_class", "mean_dice", "mean_foreground_dice",
		"dice_part_segmented_alone", "load_before_after", "stopped");

	/** Class names of the shared stacks (from their SOURCE.md). */
	private static final Map<String, String> CLASS_NAMES = new LinkedHashMap<>();

	static {
		CLASS_NAMES.put("isbi2012-em-membranes", "non-membrane,membrane");
		CLASS_NAMES.put("drosophila-vnc-sstem-5class", "intracellular,membrane,glia-extracellular,mitochondria,synapse");
		CLASS_NAMES.put("arabidopsis-nuclei-gonuclear", "background,nucleus");
		CLASS_NAMES.put("mouse-embryo-nuclei-qcanet", "background,nucleus");
		CLASS_NAMES.put("arabidopsis-ovule-cell-boundaries", "interior,boundary");
		CLASS_NAMES.put("cement-airvoids-qim3d", "matrix,void");
	}

	/** Share of the split axis used for training. */
	static final double TRAIN_SHARE = 0.75;

	/** Label value of unlabeled slices in the sparse experiment. */
	static final int UNLABELED = 255;

	private AccuracyBenchmark() {}

	static int run(final Map<String, String> options, final PrintStream out, final PrintStream err)
		throws IOException
	{
		final Map<String, String> o = new LinkedHashMap<>(options);
		final File stacks = new File(CommandRuns.take(o, "stacks", new File(System.getProperty("unet3d.shared", "../shared"),
			"sample-stacks").getPath()));
		final String only = CommandRuns.take(o, "only", "");
		final String minutes = CommandRuns.take(o, "minutes", "15");
		final File outDir = new File(CommandRuns.take(o, "output", "accuracy-output"));
		final int sparse = Integer.parseInt(CommandRuns.take(o, "sparse", "0"));
		final String seed = CommandRuns.take(o, "seed", "42");
		final File[] dirs = stacks.listFiles(f -> new File(f, "image.tif").isFile() && new File(f, "labels.tif")
			.isFile());
		if (dirs == null || dirs.length == 0) throw new IOException("No stacks (folders with image.tif and labels.tif) " +
			"in " + stacks + ". Give stacks=<folder>.");
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
				String[] row;
				try {
					row = one(runner, dir, new File(outDir, dir.getName()), minutes, seed, sparse, o, out, err);
				}
				catch (final IOException | RuntimeException e) {
					row = null;
					err.println("Error: " + dir.getName() + ": " + e);
				}
				if (row == null) {
					failed++;
					row = new String[TABLE.columns()];
					Arrays.fill(row, "");
					row[0] = dir.getName();
					row[row.length - 1] = "failed (see the log)";
				}
				rows.add(row);
				TABLE.write(outDir, "accuracy", rows);
			}
		}
		if (rows.isEmpty()) throw new IOException("None of " + only + " found in " + stacks);
		out.println(TABLE.markdown(rows));
		out.println("Wrote " + new File(outDir, "accuracy.csv") + " and " + new File(outDir, "accuracy.md"));
		return failed == 0 ? 0 : 2;
	}

	/** Splits, trains, segments and scores one stack; returns its table row, or null after an error. */
	private static String[] one(final CommandRunner runner, final File dir, final File work, final String minutes,
		final String seed, final int sparse, final Map<String, String> extra, final PrintStream out,
		final PrintStream err) throws IOException
	{
		if (!work.isDirectory() && !work.mkdirs()) throw new IOException("Cannot create " + work);
		final ImagePlus image = TiffIO.open(new File(dir, "image.tif"));
		final ImagePlus labels = TiffIO.open(new File(dir, "labels.tif"));
		final boolean alongX = image.getWidth() > image.getHeight();
		final int size = alongX ? image.getWidth() : image.getHeight();
		final int cut = (int) Math.round(size * TRAIN_SHARE);
		final String axis = alongX ? "x" : "y";
		final String split = String.format(Locale.ROOT, "train %s 0-%d, test %s %d-%d", axis, cut - 1, axis, cut, size -
			1);
		final File trainImage = new File(work, "train-image.tif");
		final File trainLabels = new File(work, "train-labels.tif");
		final File testImage = new File(work, "test-image.tif");
		final File testLabels = new File(work, "test-labels.tif");
		TiffIO.save(crop(image, alongX, 0, cut), trainImage, true);
		final ImagePlus tl = crop(labels, alongX, 0, cut);
		if (sparse > 1) unlabelAllBut(tl, sparse);
		TiffIO.save(tl, trainLabels, true);
		TiffIO.save(crop(image, alongX, cut, size), testImage, true);
		TiffIO.save(crop(labels, alongX, cut, size), testLabels, true);

		final File model = new File(work, "model.zip");
		final Map<String, String> train = new LinkedHashMap<>();
		train.put("image", trainImage.getPath());
		train.put("labels", trainLabels.getPath());
		train.put("model", model.getPath());
		train.put("minutes", minutes);
		train.put("seed", seed);
		if (CLASS_NAMES.containsKey(dir.getName())) train.put("classNames", CLASS_NAMES.get(dir.getName()));
		if (sparse > 1) train.put("ignore", String.valueOf(UNLABELED));
		train.putAll(extra);
		train.put("overwrite", "true");
		final String load0 = CommandRuns.loadAverage();
		out.println("== " + dir.getName() + ": " + split + (sparse > 1 ? ", every " + sparse + "th slice labeled" : "") +
			", " + minutes + " min, load " + load0);
		out.println("   java -jar target/unet3d.jar train " + CommandRuns.join(train));
		final long t0 = System.nanoTime();
		final CommandRunner.Result tr = runner.run(TrainCommand.class, train, CommandRuns::open);
		if (!tr.succeeded()) {
			err.println((tr.failed() ? "Error: " : "") + tr.message());
			return null;
		}
		final double trainSeconds = (System.nanoTime() - t0) / 1e9;
		final String load1 = CommandRuns.loadAverage();
		final File prediction = new File(work, "test-prediction.tif");
		final Map<String, String> seg = new LinkedHashMap<>();
		seg.put("image", testImage.getPath());
		seg.put("model", model.getPath());
		seg.put("output", prediction.getPath());
		seg.put("overwrite", "true");
		out.println("   java -jar target/unet3d.jar segment " + CommandRuns.join(seg));
		final CommandRunner.Result sr = runner.run(SegmentCommand.class, seg, CommandRuns::open);
		if (!sr.succeeded()) {
			err.println((sr.failed() ? "Error: " : "") + sr.message());
			return null;
		}
		final File whole = new File(work, "whole-prediction.tif");
		final Map<String, String> segWhole = new LinkedHashMap<>(seg);
		segWhole.put("image", new File(dir, "image.tif").getPath());
		segWhole.put("output", whole.getPath());
		out.println("   java -jar target/unet3d.jar segment " + CommandRuns.join(segWhole));
		final CommandRunner.Result wr = runner.run(SegmentCommand.class, segWhole, CommandRuns::open);
		if (!wr.succeeded()) {
			err.println((wr.failed() ? "Error: " : "") + wr.message());
			return null;
		}
		final ModelMetadata meta = ModelFile.readMetadata(model);
		final ImagePlus truth = TiffIO.open(testLabels);
		final SegmentationScores s = score(truth, crop(TiffIO.open(whole), alongX, cut, size), meta.classes());
		final SegmentationScores alone = score(truth, TiffIO.open(prediction), meta.classes());
		final String[] names = meta.classNames();
		final String dice = perClass(names, s);
		final String diceAlone = perClass(names, alone);
		final TrainingSummary t = meta.training();
		final String epochs = t.isEmpty() ? "?" : (t.bestEpoch() > 0 ? t.bestEpoch() + " of " : "") + t.epochs();
		final String[] row = { dir.getName(), split, sparse > 1 ? "every " + sparse + "th slice" : "all", minutes,
			epochs, t.isEmpty() ? "?" : String.valueOf(t.steps()), String.format(Locale.ROOT, "%.0f", trainSeconds), dice,
			CommandRuns.f(s.meanDice()), CommandRuns.f(s.meanForegroundDice()), diceAlone + "; mean " + CommandRuns.f(alone.meanDice()), load0 + " / " + load1,
			t.stopped() };
		out.println("   Dice on the held-out part (whole stack segmented): " + dice + "; mean " + CommandRuns.f(s.meanDice()));
		out.println("   Dice on the held-out part (segmented alone): " + diceAlone + "; mean " + CommandRuns.f(alone.meanDice()));
		return row;
	}

	private static String perClass(final String[] names, final SegmentationScores s) {
		final StringBuilder dice = new StringBuilder();
		for (int k = 0; k < names.length; k++)
			dice.append(k == 0 ? "" : "; ").append(names[k]).append(' ').append(CommandRuns.f(s.dice(k)));
		return dice.toString();
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static SegmentationScores score(final ImagePlus truth, final ImagePlus prediction, final int classes) {
		final RandomAccessibleInterval t = ImagePlusBridge.wrapLabels(truth);
		final RandomAccessibleInterval p = ImagePlusBridge.wrapLabels(prediction);
		return SegmentationScores.of(ConfusionCounts.count(t, p, classes));
	}

	/** Columns [from, to) along x, or rows along y, of every plane (all slices and channels). */
	static ImagePlus crop(final ImagePlus imp, final boolean alongX, final int from, final int to) {
		final ImageStack s = imp.getStack();
		final ImageStack c = alongX ? s.crop(from, 0, 0, to - from, imp.getHeight(), s.getSize()) : s.crop(0, from, 0, imp
			.getWidth(), to - from, s.getSize());
		final ImagePlus r = new ImagePlus(imp.getTitle(), c);
		r.setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
		r.setCalibration(imp.getCalibration().copy());
		return r;
	}

	/** Sets every slice except each k-th (z = 0, k, 2k, ...) to the unlabeled value. */
	static void unlabelAllBut(final ImagePlus labels, final int k) {
		if (labels.getBitDepth() != 8) throw new IllegalArgumentException("The sparse experiment needs 8-bit labels");
		for (int z = 0; z < labels.getStackSize(); z++)
			if (z % k != 0) Arrays.fill((byte[]) labels.getStack().getPixels(z + 1), (byte) UNLABELED);
	}
}
