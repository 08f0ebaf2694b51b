package org.unet3d.commands;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.unet3d.data.NanHandling;
import org.unet3d.inference.FolderSegmentation;
import org.unet3d.inference.Segmenter;
import org.unet3d.io.ModelFile;
import org.unet3d.model.SegmentationModel;

/**
 * Segments every stack in a folder with one model (loaded once), writing {@code <name>-labels.tif}
 * (or {@code <name>-labels.zarr} for OME-Zarr inputs, pattern {@code *.zarr}) into the output
 * folder; files that fail are reported and skipped. All work is in {@link FolderSegmentation}.
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Segment_Folder_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "Segment Folder with 3D U-Net", description =
	"Segments every stack of a folder with one model: writes <name>-labels.tif (<name>-labels.zarr for OME-Zarr " +
	"images, pattern *.zarr) and segmentation-summary.csv into the output folder and skips files that fail.")
public class SegmentFolderCommand extends PluginCommand {

	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE)
	private File input;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE)
	private File output;

	@Parameter(label = "Model file", style = ParameterStyles.MODEL_TO_READ)
	private File model;

	@Parameter(label = "File pattern", required = false, description = "e.g. *.tif, *.{tif,tiff} or *.zarr")
	private String pattern = "*.tif";

	@Parameter(label = "Also save probabilities", required = false, persist = false)
	private boolean probabilities = false;

	@Parameter(label = "Tile size z,y,x (empty = automatic)", style = ParameterStyles.SIZE, required = false,
		persist = false)
	private String tile = "";

	@Parameter(label = "Tile overlap z,y,x (empty = automatic)", style = ParameterStyles.SIZE,
		required = false, persist = false)
	private String overlap = "";

	@Parameter(label = "Tiles per batch (0 = automatic)", min = "0", required = false, persist = false)
	private int batch = 0;

	@Parameter(label = "Blending of tiles", choices = { "gaussian", "linear", "crop" }, required = false,
		persist = false)
	private String blending = "gaussian";

	@Parameter(label = "Test-time flips (8x slower)", required = false, persist = false)
	private boolean flips = false;

	@Parameter(label = NanOption.LABEL, description = NanOption.DESCRIPTION, required = false, persist = false)
	private String nan = NanOption.REFUSE;

	@Parameter(label = "Overwrite existing results", required = false, persist = false)
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Folder segmentation")
	private String summary;

	@Parameter(type = ItemIO.OUTPUT, label = "Files that failed")
	private int failed;

	@Parameter(required = false)
	private StatusService status;

	public SegmentFolderCommand() {
		super("Folder segmentation");
	}

	@Override
	protected void execute() throws Exception {
		final SegmentationModel m = ModelFile.read(model, false);
		final Segmenter segmenter = new Segmenter(SegmentationSettings.predictor(m, tile, overlap, batch, blending,
			flips));
		final FolderSegmentation.Report r = new FolderSegmentation(segmenter).probabilities(probabilities).overwrite(
			overwrite).nan(NanHandling.parse(nan)).run(input, pattern, output, new CommandProgress(status, this));
		summary = r.toText();
		failed = (int) r.count(FolderSegmentation.Status.FAILED);
		if (log() != null && failed > 0) log().warn(failed + " file(s) could not be segmented:\n" + summary);
	}
}
