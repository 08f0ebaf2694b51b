package org.unet3d.commands;

import ij.ImagePlus;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.unet3d.data.Augmentation;
import org.unet3d.data.Clahe;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.PercentileNormalization;
import org.unet3d.data.Preprocessing;
import org.unet3d.data.ZyxSize;
import org.unet3d.io.AtomicFiles;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;
import org.unet3d.model.ModelMetadata;
import org.unet3d.progress.Progress;
import org.unet3d.training.PatchPreview;

/**
 * Shows (and optionally saves) the patches training would cut from a stack: a hyperstack with the
 * normalized image channels and the labels, one frame per patch; all work is in
 * {@link PatchPreview}. With a model, its patch size and preprocessing are used.
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Make_Patches_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "Make 3D U-Net Patches", description = "Shows the " +
	"patches training would cut from a stack, normalized and augmented as the network gets them, one frame per " +
	"patch; with a model, its patch size and preprocessing.")
public class MakePatchesCommand extends PluginCommand {

	@Parameter(label = "Image stack")
	private ImagePlus image;

	@Parameter(label = "Label stack")
	private ImagePlus labels;

	@Parameter(label = "Patches", choices = { "random", "grid" }, required = false)
	private String mode = "random";

	@Parameter(label = "Number of patches (at most, for the grid)", min = "1", required = false)
	private int count = 16;

	@Parameter(label = "Patch size z,y,x (empty = as training chooses)", style = ParameterStyles.SIZE,
		required = false)
	private String patch = "";

	@Parameter(label = "Model (optional: its patch size and preprocessing)", style = ParameterStyles.MODEL_TO_READ,
		required = false, persist = false)
	private File model;

	@Parameter(label = "Augmentation", choices = { "standard", "elastic", "none" }, required = false)
	private String augment = "standard";

	@Parameter(label = "Share of patches on foreground", min = "0", max = "1", required = false)
	private double foreground = TrainCommand.DEFAULTS.sampling().foregroundFraction();

	@Parameter(label = "Unlabeled value (-1 = none)", min = "-1", required = false)
	private int ignore = TrainCommand.DEFAULTS.labels().ignoreLabel();

	@Parameter(label = "CLAHE", choices = { "none", "slices", "3d" }, required = false)
	private String clahe = "none";

	@Parameter(label = "CLAHE block size (pixels)", min = "8", required = false)
	private int claheBlock = TrainCommand.DEFAULTS.preprocessing().clahe().blockXY();

	@Parameter(label = "CLAHE maximum slope", min = "1", required = false)
	private double claheSlope = TrainCommand.DEFAULTS.preprocessing().clahe().maxSlope();

	@Parameter(label = "Random seed", required = false)
	private long seed = TrainCommand.DEFAULTS.seed();

	@Parameter(label = NanOption.LABEL, description = NanOption.DESCRIPTION, required = false, persist = false)
	private String nan = NanOption.REFUSE;

	@Parameter(label = "Save patches to (optional)", style = ParameterStyles.TIFF_TO_WRITE, required = false,
		persist = false)
	private File output;

	@Parameter(label = "Overwrite an existing file", required = false, persist = false)
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Patches")
	private ImagePlus patches;

	@Parameter(required = false)
	private StatusService status;

	public MakePatchesCommand() {
		super("Make 3D U-Net Patches");
	}

	@Override
	protected void execute() throws Exception {
		if (output != null) AtomicFiles.checkWritable(output, overwrite);
		final ModelMetadata meta = model == null ? null : ModelFile.readMetadata(model);
		final Preprocessing pre = meta != null ? meta.preprocessing() : Preprocessing.of(PercentileNormalization
			.standard(), Clahe.parse(clahe, claheBlock, claheSlope));
		final int[] size = ZyxSize.arrayOrAuto(patch, "Patch size");
		final Progress progress = new CommandProgress(status, this);
		final LabeledVolume data = new LabeledVolume(image.getTitle(), NanOption.image(image, nan, progress), NanOption
			.labels(labels, nan, progress));
		final PatchPreview.Patches p = PatchPreview.make(data, pre, size != null ? size : meta != null ? meta
			.patchSize() : null, PatchPreview.Mode.parse(mode), count,
			Augmentation.parse(augment), foreground, ignore, seed, progress);
		patches = ImagePlusBridge.patchStack(image.getTitle() + "-patches", p.images, p.labels, p.channels,
			p.patchZYX, image);
		if (output != null) TiffIO.save(patches, output, overwrite);
	}
}
