package org.unet3d.commands;

import ij.ImagePlus;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;
import org.unet3d.data.Volume;
import org.unet3d.inference.SegmentationOutputs;
import org.unet3d.inference.Segmenter;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.ModelFile;
import org.unet3d.io.OverlayStack;
import org.unet3d.io.TiffIO;
import org.unet3d.model.SegmentationModel;

/**
 * Segments a stack with a trained model into a new label image (the input is never changed); all
 * work is in {@link Segmenter}. Labels can be written to disk slice by slice (stacks bigger than
 * memory); class probabilities and an overlay are optional.
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Segment_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "Segment with 3D U-Net")
public class SegmentCommand extends ContextCommand {

	@Parameter(label = "Image stack", description = "Also a virtual stack: it is read slice by slice")
	private ImagePlus image;

	@Parameter(label = "Model file", style = FileWidget.OPEN_STYLE)
	private File model;

	@Parameter(label = "Save labels to (optional)", style = FileWidget.SAVE_STYLE, required = false, persist = false,
		description = "Written slice by slice: needed for stacks whose labels do not fit in memory")
	private File output;

	@Parameter(label = "Save probabilities to (optional)", style = FileWidget.SAVE_STYLE, required = false,
		persist = false, description = "32-bit hyperstack, one channel per class")
	private File probabilities;

	@Parameter(label = "Tile size z,y,x (empty = automatic)", required = false, persist = false)
	private String tile = "";

	@Parameter(label = "Tile overlap z,y,x (empty = automatic)", required = false, persist = false)
	private String overlap = "";

	@Parameter(label = "Tiles per batch (0 = automatic)", min = "0", required = false, persist = false)
	private int batch = 0;

	@Parameter(label = "Blending of tiles", choices = { "gaussian", "linear", "crop" }, required = false,
		persist = false)
	private String blending = "gaussian";

	@Parameter(label = "Test-time flips (8x slower)", required = false, persist = false)
	private boolean flips = false;

	@Parameter(label = "Show an overlay of image and labels", required = false, persist = false)
	private boolean overlay = false;

	@Parameter(label = "Overwrite existing files", required = false, persist = false)
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Labels")
	private ImagePlus labels;

	@Parameter(type = ItemIO.OUTPUT, label = "Overlay", required = false)
	private ImagePlus overlayImage;

	@Parameter(type = ItemIO.OUTPUT, label = "Segmentation")
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
			final SegmentationModel m = ModelFile.read(model, false);
			final Volume<?> volume = ImagePlusBridge.wrap(image);
			final Segmenter.Result r = new Segmenter(SegmentationSettings.predictor(m, tile, overlap, batch, blending,
				flips)).segment(volume, ImagePlusBridge.planeCache(volume), SegmentationOutputs.builder().labelsFile(output)
					.probabilitiesFile(probabilities).overwrite(overwrite).build(), new CommandProgress(status, this));
			labels = r.labels() != null ? ImagePlusBridge.labelImage(r.labels(), SegmentationSettings.baseName(image
				.getTitle()) + "-labels", image) : TiffIO.openVirtual(output);
			if (overlay) overlayImage = OverlayStack.composite(image, labels);
			summary = "Segmented " + image.getTitle() + ": " + r;
		}
		catch (final Exception | OutOfMemoryError e) {
			UserErrors.handle(this, "Segmentation", e, ui, log);
		}
	}
}
