package org.unet3d.commands;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.File;

import net.imglib2.RandomAccessibleInterval;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.ModelFile;
import org.unet3d.metrics.ConfusionCounts;
import org.unet3d.metrics.EvaluationReport;
import org.unet3d.metrics.InstanceScores;

/**
 * Compares a label image with ground truth: per-class Dice, IoU, precision, recall, the confusion
 * matrix and, for membrane (boundary) segmentations, Rand error and variation of information.
 * Printed as text, shown as ImageJ results tables in Fiji, and saved as CSV on request.
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Evaluate_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "Evaluate Segmentation (3D U-Net)")
public class EvaluateCommand extends ContextCommand {

	@Parameter(label = "Segmentation (labels)")
	private ImagePlus prediction;

	@Parameter(label = "Ground truth (labels)")
	private ImagePlus truth;

	@Parameter(label = "Unlabeled value in the truth (-1 = none)", required = false)
	private int ignore = -1;

	@Parameter(label = "Boundary class for Rand error / VOI (-1 = none)", required = false)
	private int boundary = -1;

	@Parameter(label = "Model (optional, for class names)", style = FileWidget.OPEN_STYLE, required = false)
	private File model;

	@Parameter(label = "Save table as CSV (optional)", style = FileWidget.SAVE_STYLE, required = false,
		persist = false, description = "Per-class scores; <name>-summary.csv and <name>-confusion.csv are written " +
			"beside it")
	private File csv;

	@Parameter(label = "Overwrite an existing CSV file", required = false, persist = false)
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Evaluation")
	private String report;

	@Parameter(type = ItemIO.OUTPUT, label = "Mean Dice")
	private double meanDice;

	/** The per-class table (shown in Fiji, with the summary and the confusion matrix). */
	private ResultsTable results;

	@Parameter(required = false)
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Override
	public void run() {
		try {
			if (csv != null) EvaluationCsv.checkWritable(csv, overwrite);
			final RandomAccessibleInterval<?> p = ImagePlusBridge.wrapLabels(prediction);
			final RandomAccessibleInterval<?> t = ImagePlusBridge.wrapLabels(truth);
			final String[] names = model == null ? null : ModelFile.readMetadata(model).classNames();
			final EvaluationReport r = evaluate(t, p, names);
			report = r.toText();
			meanDice = r.scores().meanDice();
			results = EvaluationTables.classes(r);
			if (csv != null) EvaluationCsv.write(r, csv, overwrite);
			if (ui != null && !ui.isHeadless()) {
				results.show(EvaluationTables.CLASSES);
				EvaluationTables.summary(r).show(EvaluationTables.SUMMARY);
				EvaluationTables.confusion(r).show(EvaluationTables.CONFUSION);
			}
		}
		catch (final Exception e) {
			UserErrors.handle(this, "Evaluation", e, ui, log);
		}
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
