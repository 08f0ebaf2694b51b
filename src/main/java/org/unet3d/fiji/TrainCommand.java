package org.unet3d.fiji;

import ij.ImagePlus;

import java.io.File;
import java.util.Collections;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;
import org.unet3d.data.LabeledVolume;
import org.unet3d.io.AtomicFiles;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.model.SegmentationModel;
import org.unet3d.training.Trainer;
import org.unet3d.training.TrainingConfig;

/**
 * Trains a 3D U-Net on an image stack and its label stack and saves the model; all work is in {@link Trainer}.
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Train_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "Train 3D U-Net")
public class TrainCommand extends ContextCommand {

	@Parameter(label = "Image stack", description = "The raw 3D stack (8-, 16- or 32-bit, channels allowed)")
	private ImagePlus image;

	@Parameter(label = "Label stack", description = "Class ids per voxel: 0, 1, 2, ... (same size as the image)")
	private ImagePlus labels;

	@Parameter(label = "Model file", style = FileWidget.SAVE_STYLE, description = "Where to save the model (.zip); " +
		"it is updated after every epoch")
	private File model;

	@Parameter(label = "Class names (comma-separated, optional)", required = false, description = "E.g. " +
		"background,nucleus: one name per class id 0, 1, ...")
	private String classNames = "";

	@Parameter(label = "Epochs", min = "1")
	private int epochs = 30;

	@Parameter(label = "Time budget (minutes, 0 = none)", min = "0", required = false)
	private double minutes = 0;

	@Parameter(label = "Patch size z,y,x (empty = automatic)", required = false)
	private String patch = "";

	@Parameter(label = "Batch size", min = "1", required = false)
	private int batch = 2;

	@Parameter(label = "Base filters", min = "1", max = "256", required = false)
	private int filters = 16;

	@Parameter(label = "Levels (depth)", min = "1", max = "6", required = false)
	private int depth = 3;

	@Parameter(label = "Learning rate", required = false)
	private double learningRate = 1e-3;

	@Parameter(label = "Unlabeled value (-1 = none)", min = "-1", required = false)
	private int ignore = -1;

	@Parameter(label = "Random seed", required = false)
	private long seed = 42;

	@Parameter(label = "Overwrite an existing model file", required = false, persist = false)
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Training summary")
	private String summary;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Override
	public void run() {
		try {
			AtomicFiles.checkWritable(model, overwrite);
			final TrainingConfig config = TrainingConfig.builder().epochs(epochs).minutes(minutes).patchSize(Sizes
				.parseZYX(patch, "Patch size")).batchSize(batch).baseFilters(filters).depth(depth).learningRate(
					learningRate).ignoreLabel(ignore).seed(seed).classNames(classNames == null || classNames.trim().isEmpty() ? null
					: classNames.trim().split("\\s*,\\s*")).build();
			final LabeledVolume data = new LabeledVolume(image.getTitle(), ImagePlusBridge.wrap(image), ImagePlusBridge
				.wrapLabels(labels));
			final SegmentationModel trained = new Trainer(config).train(Collections.singletonList(data), model,
				new CommandProgress(status, this), org.unet3d.training.TrainingMonitor.NONE);
			summary = "Saved " + model + "\n" + trained.metadata().describe();
		}
		catch (final Exception | OutOfMemoryError e) {
			if (!UserErrors.isUserError(e)) throw e instanceof RuntimeException ? (RuntimeException) e
				: new RuntimeException(e);
			UserErrors.report(this, "Training", e, ui, log);
		}
	}
}
