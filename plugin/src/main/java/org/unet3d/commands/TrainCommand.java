package org.unet3d.commands;

import ij.ImagePlus;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.img.planar.PlanarImg;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.unet3d.data.Augmentation;
import org.unet3d.data.Clahe;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.NanHandling;
import org.unet3d.data.StackSource;
import org.unet3d.data.Volume;
import org.unet3d.data.ZyxSize;
import org.unet3d.io.AtomicFiles;
import org.unet3d.io.ModelFile;
import org.unet3d.formats.StackPairs;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.TiffIO;
import org.unet3d.model.SegmentationModel;
import org.unet3d.progress.Progress;
import org.unet3d.training.LearningRateSchedule;
import org.unet3d.training.Trainer;
import org.unet3d.training.TrainingConfig;
import org.unet3d.training.TrainingFiles;
import org.unet3d.training.TrainingMonitor;
import org.unet3d.training.TrainingSet;
import org.unet3d.training.loss.LossKind;

/**
 * Trains a 3D U-Net on an image stack and its label stack (or a folder of pairs), or resumes or
 * fine-tunes a model, and saves it; all work is in {@link Trainer}. With an instance image instead
 * of labels ({@code instances=}), the labels are derived from it ({@link InstanceStacks}): the
 * model learns background, interior and boundary, to split touching objects. Shows a live plot of
 * loss and validation Dice in Fiji. The fields start from the core's defaults ({@link #DEFAULTS}).
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Train_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "Train 3D U-Net", description = "Trains a 3D U-Net on an " +
	"image stack and its label stack or instance image (or a folder of pairs), or resumes or fine-tunes a model. " +
	"Writes <model>.zip " +
	"(the best by validation Dice), <model>-checkpoint.zip (to resume), <model>-log.csv and <model>-curve.png.")
public class TrainCommand extends PluginCommand {

	/** The core's defaults, which the fields below start from. */
	static final TrainingConfig DEFAULTS = TrainingConfig.builder().build();

	@Parameter(label = "Image stack", required = false, description = "The raw 3D stack (8-, 16- or 32-bit, " +
		"channels allowed)")
	private ImagePlus image;

	@Parameter(label = "Label stack", required = false, description = "Class ids per voxel: 0, 1, 2, ... (same size " +
		"as the image)")
	private ImagePlus labels;

	@Parameter(label = "Or instances: one id per object (instead of labels)", required = false, persist = false,
		description = "An object label image (0 = background, 1..N); background, interior and boundary labels are " +
			"derived from it, so the network learns to split touching objects")
	private ImagePlus instances;

	@Parameter(label = "Or a folder of pairs (images/, labels/ or instances/)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false)
	private File folder;

	@Parameter(label = "Model file", style = ParameterStyles.MODEL_TO_WRITE, description = "Where to save the model " +
		"(.zip): the best one by validation Dice; a checkpoint, a CSV log and a curve PNG are written beside it")
	private File model;

	@Parameter(label = "Save the labels derived from instances to (optional)", style = ParameterStyles.TIFF_TO_WRITE,
		required = false, persist = false)
	private File saveDerivedLabels;

	@Parameter(label = "Class names (comma-separated, optional)", required = false)
	private String classNames = "";

	@Parameter(label = "Epochs", min = "0", required = false, description = "0 = as many as the time budget " +
		"allows, or 30 without one; with a time budget too, training stops at whichever comes first")
	private int epochs = DEFAULTS.schedule().epochs();

	@Parameter(label = "Time budget (minutes, 0 = none)", min = "0", required = false)
	private double minutes = DEFAULTS.schedule().minutes();

	@Parameter(label = "Steps per epoch (0 = automatic)", min = "0", required = false)
	private int stepsPerEpoch = DEFAULTS.sampling().stepsPerEpoch();

	@Parameter(label = "Validation: share of slices, or a stack file", required = false, description = "0.1 = the " +
		"last 10 % of the z-slices, 0 = none, or the path of a separate image stack (with validationLabels)")
	private String validation = Double.toString(DEFAULTS.validationFraction());

	@Parameter(label = "Validation labels (for a validation stack file)", style = ParameterStyles.STACK_TO_READ,
		required = false, persist = false)
	private File validationLabels;

	@Parameter(label = "Unlabeled value (-1 = none)", min = "-1", required = false)
	private int ignore = DEFAULTS.labels().ignoreLabel();

	@Parameter(label = "Patch size z,y,x (empty = automatic)", style = ParameterStyles.SIZE, required = false)
	private String patch = "";

	@Parameter(label = "Batch size", min = "1", required = false)
	private int batch = DEFAULTS.sampling().batchSize();

	@Parameter(label = "Base filters", min = "1", max = "256", required = false)
	private int filters = DEFAULTS.network().baseFilters();

	@Parameter(label = "Levels (depth)", min = "1", max = "6", required = false)
	private int depth = DEFAULTS.network().depth();

	@Parameter(label = "Batch normalization", required = false)
	private boolean batchNorm = DEFAULTS.network().batchNorm();

	@Parameter(label = "Convolution kernels", choices = { "auto", "cubic" },
		required = false, description = "auto: 1x3x3 (in the plane) at levels whose slices are at least 3x thicker " +
			"than a pixel is wide, 3x3x3 elsewhere; cubic: 3x3x3 everywhere")
	private String kernels = DEFAULTS.network().kernels().key();

	@Parameter(label = "Learning rate", required = false)
	private double learningRate = DEFAULTS.schedule().learningRate();

	@Parameter(label = "Learning-rate schedule", choices = { "cosine", "plateau" }, required = false, description =
		"cosine: from the learning rate down to 1 % of it over the planned epochs or minutes; plateau: halved after " +
			"5 epochs without a better validation score")
	private String schedule = "cosine";

	@Parameter(label = "Loss", choices = { "ce+dice", "ce", "dice" }, required = false)
	private String loss = "ce+dice";

	@Parameter(label = "Class weights (equal, auto or w0,w1,...)", required = false)
	private String weights = "equal";

	@Parameter(label = "Augmentation", choices = { "standard", "elastic", "none" }, required = false)
	private String augment = "standard";

	@Parameter(label = "Share of patches on foreground", min = "0", max = "1", required = false)
	private double foreground = DEFAULTS.sampling().foregroundFraction();

	@Parameter(label = "CLAHE", choices = { "none", "slices", "3d" }, required = false)
	private String clahe = "none";

	@Parameter(label = "CLAHE block size (pixels)", min = "8", required = false)
	private int claheBlock = DEFAULTS.preprocessing().clahe().blockXY();

	@Parameter(label = "CLAHE maximum slope", min = "1", required = false)
	private double claheSlope = DEFAULTS.preprocessing().clahe().maxSlope();

	@Parameter(label = "Early stopping patience (epochs, 0 = off)", min = "0", required = false, description =
		"Plateau schedule only: stop after this many epochs without a better validation score. The cosine " +
			"schedule always runs to its end (its best epochs come as the rate falls)")
	private int patience = DEFAULTS.schedule().patience();

	@Parameter(label = "Number of classes (0 = from the labels)", min = "0", required = false)
	private int classes = DEFAULTS.labels().count();

	@Parameter(label = "Random seed", required = false)
	private long seed = DEFAULTS.seed();

	@Parameter(label = NanOption.LABEL, description = NanOption.DESCRIPTION, required = false, persist = false)
	private String nan = NanOption.REFUSE;

	@Parameter(label = "Resume from checkpoint (optional)", style = ParameterStyles.MODEL_TO_READ, required = false,
		persist = false)
	private File resume;

	@Parameter(label = "Fine-tune this model (optional)", style = ParameterStyles.MODEL_TO_READ, required = false,
		persist = false)
	private File finetune;

	@Parameter(label = "Overwrite an existing model file", required = false, persist = false)
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Training summary")
	private String summary;

	@Parameter(required = false)
	private StatusService status;

	public TrainCommand() {
		super("Training");
	}

	@Override
	protected void execute() throws Exception {
		AtomicFiles.checkWritable(model, overwrite || resume != null); // resuming goes on writing the model
		if (resume != null && finetune != null) throw new IllegalArgumentException("Give either resume or finetune, " +
			"not both.");
		if (fromInstances()) checkInstanceKeys();
		final TrainingConfig config = config();
		final Progress progress = new CommandProgress(status, this);
		TrainingSet set = TrainingSet.of(trainingStacks(progress));
		if (validationFile() != null) set = set.withValidation(Collections.singletonList(StackPairs.files(
			validationFile(), validationLabels, NanHandling.parse(nan))));
		final TrainingMonitor monitor = GraphicsEnvironment.isHeadless() || ui() == null || ui().isHeadless()
			? TrainingMonitor.NONE : new LivePlot("Training " + model.getName(), list(classNames) != null ? list(classNames)
				: fromInstances() ? InstanceStacks.classNames() : new String[0]);
		final long started = System.currentTimeMillis();
		final Trainer trainer = new Trainer(config);
		final SegmentationModel trained = resume != null ? trainer.resume(ModelFile.read(resume, true), set, model,
			progress, monitor) : finetune != null ? trainer.fineTune(ModelFile.read(finetune, false), set, model,
				progress, monitor) : trainer.train(set, model, progress, monitor);
		summary = saved(started) + "\nTraining: " + trained.metadata().training().describe().replace("\n", "\n  ");
		if (progress.isCanceled()) cancel("Training canceled."); // the summary says what was kept
	}

	/** The training configuration these fields give. */
	TrainingConfig config() {
		return TrainingConfig.builder().epochs(epochs).minutes(minutes).stepsPerEpoch(stepsPerEpoch).patchSize(ZyxSize
			.arrayOrAuto(patch, "Patch size")).batchSize(batch).baseFilters(filters).depth(depth).batchNorm(batchNorm)
			.kernels(kernels).learningRate(learningRate).schedule(LearningRateSchedule.parse(schedule)).ignoreLabel(
				ignore).seed(seed).loss(LossKind.parse(loss)).augmentation(Augmentation.parse(augment)).foregroundFraction(
					foreground).clahe(Clahe.parse(clahe, claheBlock, claheSlope)).patience(patience).classes(fromInstances() &&
						classes == 0 ? InstanceStacks.classNames().length : classes).classNames(fromInstances() && list(
							classNames) == null ? InstanceStacks.classNames() : list(classNames)).weights(weights).validationFraction(validationFile() == null ? Double
				.parseDouble(validation.trim()) : 0).build();
	}

	/** True when the labels are derived from instance images (instances=, or a folder with instances/). */
	private boolean fromInstances() {
		return instances != null || folder != null && InstanceStacks.hasInstances(folder);
	}

	private List<StackSource> trainingStacks(final Progress progress) throws java.io.IOException {
		if (folder != null) return InstanceStacks.hasInstances(folder) ? InstanceStacks.folder(folder, progress)
			: StackPairs.folder(folder, NanHandling.parse(nan));
		if (image == null || labels == null && instances == null) throw new IllegalArgumentException("Give an image " +
			"and its label stack (image=..., labels=...) or its instance image (instances=...), or a folder of pairs " +
			"(folder=...).");
		final List<StackSource> one = new ArrayList<>();
		if (instances != null) {
			final Volume<?> volume = NanOption.image(image, nan, progress);
			final PlanarImg<?, ?> derived = InstanceStacks.derive(image.getTitle(), volume, instances, progress);
			if (saveDerivedLabels != null) TiffIO.save(ImagePlusBridge.labelImage(derived, SegmentationSettings.baseName(
				image.getTitle()) + "-derived-labels", image), saveDerivedLabels, overwrite);
			one.add(StackSource.of(new LabeledVolume(image.getTitle(), volume, derived)));
		}
		else one.add(StackSource.of(new LabeledVolume(image.getTitle(), NanOption.image(image, nan, progress), NanOption
			.labels(labels, nan, progress))));
		return one;
	}

	/** The keys that go with instances, checked before any work. */
	private void checkInstanceKeys() throws java.io.IOException {
		if (instances != null && labels != null) throw new IllegalArgumentException("Give labels or instances, not " +
			"both: labels are class ids, instances one id per object (labels are derived from them).");
		if (folder != null && InstanceStacks.hasInstances(folder) && new File(folder, StackPairs.LABELS).isDirectory())
			throw new IllegalArgumentException("Training folder " + folder + " has both a labels and an instances " +
				"subfolder; keep the one to train on.");
		if (saveDerivedLabels != null && instances == null) throw new IllegalArgumentException("saveDerivedLabels " +
			"saves the labels derived from instances=...; give instances=, or leave saveDerivedLabels out.");
		if (saveDerivedLabels != null) AtomicFiles.checkWritable(saveDerivedLabels, overwrite);
		if (classes != 0 && classes != InstanceStacks.classNames().length) throw new IllegalArgumentException(
			"Labels derived from instances have 3 classes (background, interior, boundary), but classes=" + classes +
				" was given; leave classes out.");
	}

	/** The validation stack file, or null when {@link #validation} is a share of the slices. */
	private File validationFile() {
		final String v = validation == null ? "" : validation.trim();
		if (v.isEmpty() || v.matches("[0-9.]+")) return null;
		if (validationLabels == null) throw new IllegalArgumentException("A validation stack (validation=" + v + ") " +
			"needs its labels: add validationLabels=<file>.");
		return new File(v);
	}

	/** "Saved /path/m.zip (the best model); beside it m-checkpoint.zip, ...": the files this run wrote. */
	private String saved(final long startedMillis) {
		final StringBuilder s = new StringBuilder("Saved " + model + " (the best model)");
		String sep = "; beside it ";
		for (final File f : TrainingFiles.existing(model))
			if (!f.equals(model) && f.lastModified() >= startedMillis - 2000) {
				s.append(sep).append(f.getName());
				sep = ", ";
			}
		return s.toString();
	}

	private static String[] list(final String text) {
		return text == null || text.trim().isEmpty() ? null : text.trim().split("\\s*,\\s*");
	}

}
