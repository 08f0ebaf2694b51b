package org.unet3d.training;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.unet3d.io.ModelFile;
import org.unet3d.model.SegmentationModel;

/**
 * The files a run keeps: the model file (the best model so far), and beside it
 * {@code name-checkpoint.zip} (the latest epoch with its optimizer state, to resume),
 * {@code name-log.csv} and {@code name-curve.png}. Each is rewritten atomically after every epoch,
 * so a run that is killed loses at most the epoch in progress, and files of earlier runs stay as
 * they were until this run completes an epoch. A run kept in memory writes nothing.
 */
public final class TrainingFiles {

	private final File model;
	private final String[] classNames;
	private boolean epochSaved;

	/**
	 * @param model the model file, or null to write nothing
	 * @param classNames the class names for the log's and the curve's columns
	 */
	TrainingFiles(final File model, final String[] classNames) {
		this.model = model;
		this.classNames = classNames.clone();
	}

	/** The checkpoint written beside a model file: {@code name-checkpoint.zip}. */
	public static File checkpointFile(final File model) {
		return sibling(model, "-checkpoint.zip");
	}

	/** The CSV log written beside a model file: {@code name-log.csv}. */
	public static File logFile(final File model) {
		return sibling(model, "-log.csv");
	}

	/** The training curve written beside a model file: {@code name-curve.png}. */
	public static File curveFile(final File model) {
		return sibling(model, "-curve.png");
	}

	/** The model file and the files beside it that exist, in that order. */
	public static List<File> existing(final File model) {
		final List<File> files = new ArrayList<>();
		for (final File f : new File[] { model, checkpointFile(model), logFile(model), curveFile(model) })
			if (f.isFile()) files.add(f);
		return files;
	}

	private static File sibling(final File model, final String suffix) {
		final String n = model.getName();
		final String base = n.toLowerCase(Locale.ROOT).endsWith(".zip") ? n.substring(0, n.length() - 4) : n;
		return new File(model.getAbsoluteFile().getParentFile(), base + suffix);
	}

	/** Writes the model file (the best model so far, or the one the run keeps). */
	void saveModel(final Supplier<SegmentationModel> model) throws IOException {
		if (this.model != null) ModelFile.write(model.get(), this.model);
	}

	/** Writes the checkpoint: the latest epoch's network with its optimizer state. */
	void saveCheckpoint(final Supplier<SegmentationModel> checkpoint) throws IOException {
		if (model != null) ModelFile.write(checkpoint.get(), checkpointFile(model));
	}

	/** Writes the log and the curve of every epoch so far (after the epoch's checkpoint). */
	void saveHistory(final List<EpochRecord> history) throws IOException {
		if (model == null) return;
		TrainingLog.write(logFile(model), history, classNames);
		TrainingCurve.write(curveFile(model), history, classNames);
		epochSaved = true;
	}

	/**
	 * What a run that fails in {@code epoch} leaves behind, for its error message: the files saved
	 * after the last complete epoch, or that files of earlier runs are unchanged.
	 */
	String kept(final int epoch) {
		if (model == null) return "Nothing was saved (no model file).";
		if (!epochSaved) return "No epoch of this run was complete, so nothing was saved; files from earlier runs " +
			"are unchanged.";
		return "The checkpoint saved after epoch " + (epoch - 1) + " and the best model so far are kept (" +
			checkpointFile(model).getName() + ", " + model.getName() + "; resume=" + checkpointFile(model).getName() +
			" goes on from the checkpoint).";
	}
}
