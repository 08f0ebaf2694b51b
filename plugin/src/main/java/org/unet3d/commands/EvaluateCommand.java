package org.unet3d.commands;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.File;

import net.imglib2.RandomAccessibleInterval;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.unet3d.io.AtomicFiles;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.ModelFile;
import org.unet3d.metrics.ConfusionCounts;
import org.unet3d.metrics.EvaluationReport;
import org.unet3d.metrics.InstanceScores;
import org.unet3d.metrics.ObjectMatching;
import org.unet3d.metrics.ObjectReport;
import org.unet3d.progress.Progress;

/**
 * Compares a label image with ground truth: per-class Dice, IoU, precision, recall, the confusion
 * matrix and, for membrane (boundary) segmentations, Rand error and variation of information. With
 * {@code objects=true} both images are object label images (one id per object) and are scored as
 * objects instead: matching at IoU 0.5 to 0.9 ({@link ObjectMatching}), adapted Rand error and VOI.
 * Printed as text, shown as ImageJ results tables in Fiji, and saved as CSV on request.
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Evaluate_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "Evaluate Segmentation (3D U-Net)", description =
	"Compares a label image with ground truth: per-class Dice, IoU, precision and recall, the confusion matrix, and " +
	"Rand error and variation of information for membrane segmentations; with objects=true, object label images " +
	"scored as objects (F1, AP and PQ at IoU 0.5 to 0.9).")
public class EvaluateCommand extends PluginCommand {

	@Parameter(label = "Segmentation (labels)")
	private ImagePlus prediction;

	@Parameter(label = "Ground truth (labels)")
	private ImagePlus truth;

	@Parameter(label = "Unlabeled value in the truth (-1 = none)", required = false)
	private int ignore = TrainCommand.DEFAULTS.labels().ignoreLabel();

	@Parameter(label = "Boundary class for Rand error / VOI (-1 = none)", required = false)
	private int boundary = -1;

	@Parameter(label = "Model (optional, for class names)", style = ParameterStyles.MODEL_TO_READ,
		required = false)
	private File model;

	@Parameter(label = "Save table as CSV (optional)", style = ParameterStyles.CSV_TO_WRITE, required = false,
		persist = false, description = "Per-class scores; <name>-summary.csv and <name>-confusion.csv are written " +
			"beside it. With objects: the scores per IoU threshold, and <name>-summary.csv")
	private File csv;

	@Parameter(label = "Overwrite an existing CSV file", required = false, persist = false)
	private boolean overwrite = false;

	@Parameter(label = "Score objects (both are object label images)", required = false, persist = false,
		description = "Each id one object (e.g. from segment objects=... and an instance ground truth): matching " +
			"scores at IoU 0.5 to 0.9 (TP, FP, FN, precision, recall, F1, AP, mean matched IoU, PQ), adapted Rand " +
			"error and VOI, instead of per-class scores")
	private boolean objects = false;

	@Parameter(label = NanOption.LABEL, description = NanOption.DESCRIPTION, required = false, persist = false)
	private String nan = NanOption.REFUSE;

	@Parameter(type = ItemIO.OUTPUT, label = "Evaluation")
	private String report;

	@Parameter(type = ItemIO.OUTPUT, label = "Mean Dice")
	private double meanDice;

	/** With objects: F1 at IoU 0.5 (else NaN). */
	@Parameter(type = ItemIO.OUTPUT, label = "F1 at IoU 0.5", required = false)
	private double f1 = Double.NaN;

	/** The per-class table (shown in Fiji, with the summary and the confusion matrix). */
	private ResultsTable results;

	/** With objects: the scores per IoU threshold (the ImageJ 1 menu entry shows them as a table). */
	@Parameter(type = ItemIO.OUTPUT, label = "Object scores", required = false, description = ObjectTables.SCORES)
	private ResultsTable objectScores;

	public EvaluateCommand() {
		super("Evaluation");
	}

	@Override
	protected void execute() throws Exception {
		if (objects) {
			evaluateObjects();
			return;
		}
		if (csv != null) EvaluationCsv.checkWritable(csv, overwrite);
		final RandomAccessibleInterval<?> p = NanOption.labels(prediction, nan, Progress.NONE);
		final RandomAccessibleInterval<?> t = NanOption.labels(truth, nan, Progress.NONE);
		final String[] names = model == null ? null : ModelFile.readMetadata(model).classNames();
		final EvaluationReport r = evaluate(t, p, names);
		report = r.toText();
		meanDice = r.scores().meanDice();
		results = EvaluationTables.classes(r);
		if (csv != null) EvaluationCsv.write(r, csv, overwrite);
		if (ui() != null && !ui().isHeadless()) {
			results.show(EvaluationTables.CLASSES);
			EvaluationTables.summary(r).show(EvaluationTables.SUMMARY);
			EvaluationTables.confusion(r).show(EvaluationTables.CONFUSION);
		}
	}

	/** Scores both images as objects: report, CSV, tables. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void evaluateObjects() throws java.io.IOException {
		if (boundary >= 0 || ignore >= 0) throw new IllegalArgumentException("boundary and ignore are for class " +
			"labels; object scores (objects=true) use every id as one object and 0 as background. Leave them out.");
		final File[] files = csv == null ? null : new File[] { csv, EvaluationCsv.beside(csv, "-summary") };
		if (files != null) for (final File f : files)
			AtomicFiles.checkWritable(f, overwrite);
		final RandomAccessibleInterval p = ImagePlusBridge.wrapLabels(prediction);
		final RandomAccessibleInterval t = ImagePlusBridge.wrapLabels(truth);
		final ObjectReport r = ObjectReport.of(ObjectMatching.of(t, p), ObjectMatching.THRESHOLDS, InstanceScores
			.fromInstanceIds(t, p));
		report = r.toText();
		meanDice = Double.NaN;
		f1 = r.at(0.5).f1();
		objectScores = ObjectTables.scores(r);
		if (files != null) {
			final String[] text = { r.toCsv(), r.summaryCsv() };
			for (int i = 0; i < files.length; i++) {
				final byte[] bytes = text[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
				AtomicFiles.write(files[i], out -> out.write(bytes));
			}
		}
		if (ui() != null && !ui().isHeadless()) ObjectTables.summary(r).show(ObjectTables.SUMMARY);
	}

	/** The per-class scores as an ImageJ results table (null before a successful run). */
	public ResultsTable results() {
		return results;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private EvaluationReport evaluate(final RandomAccessibleInterval t, final RandomAccessibleInterval p,
		final String[] names)
	{
		final ConfusionCounts counts = names != null ? ConfusionCounts.count(t, p, names.length, ignore) : ConfusionCounts
			.countInferringClasses(t, p, ignore);
		final InstanceScores instances = boundary < 0 ? null : InstanceScores.fromBoundaryLabels(t, p, boundary, ignore);
		return EvaluationReport.of(counts, names, instances);
	}
}
