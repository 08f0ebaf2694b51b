package org.unet3d.commands;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.unet3d.data.Volume;
import org.unet3d.formats.VolumeFiles;
import org.unet3d.inference.SegmentationOutputs;
import org.unet3d.inference.Segmenter;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.ModelFile;
import org.unet3d.io.OverlayStack;
import org.unet3d.model.SegmentationModel;
import org.unet3d.progress.Progress;

/**
 * Segments a stack with a trained model into a new label image (the input is never changed); all
 * work is in {@link Segmenter}. Labels can be written to disk slice by slice (stacks bigger than
 * memory), as a TIFF or, for a path ending in {@code .zarr}, as an OME-Zarr image; class
 * probabilities and an overlay are optional. An OME-Zarr input is read chunk by chunk. With
 * {@code objects=nuclei|cells|components} it also makes objects, one id per nucleus or cell
 * ({@link SegmentationObjects}), and measures them.
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Segment_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "Segment with 3D U-Net", description = "Segments a " +
	"stack with a trained model into a label image. Tile, overlap and batch are chosen from the model and the free " +
	"memory when left empty or 0. With objects=nuclei, cells or components also objects, one id per nucleus or " +
	"cell, and their measurements.")
public class SegmentCommand extends PluginCommand {

	@Parameter(label = "Image stack", description = "Also a virtual stack (read slice by slice) or an OME-Zarr " +
		"image (read chunk by chunk)")
	private ImagePlus image;

	@Parameter(label = "Model file", style = ParameterStyles.MODEL_TO_READ)
	private File model;

	@Parameter(label = "Save labels to (optional)", style = ParameterStyles.STACK_TO_WRITE, required = false,
		persist = false, description = "Written slice by slice: needed for stacks whose labels do not fit in memory. " +
			"A TIFF, or an OME-Zarr image for a name ending in .zarr")
	private File output;

	@Parameter(label = "Save probabilities to (optional)", style = ParameterStyles.STACK_TO_WRITE, required = false,
		persist = false, description = "32-bit, one channel per class (TIFF hyperstack, or OME-Zarr for .zarr)")
	private File probabilities;

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

	@Parameter(label = "Show an overlay of image and labels", required = false, persist = false)
	private boolean overlay = false;

	@Parameter(label = "Objects", choices = { "none", "nuclei", "cells", "components" }, required = false,
		persist = false, description = "Also label objects, one id per nucleus or cell: nuclei (blobs split by a " +
			"seeded watershed), cells (grown over the boundary class), components (connected regions of each class)")
	private String objects = ObjectSettings.NONE;

	@Parameter(label = "Seeds", choices = { "auto", "distance", "interiors" }, required = false, persist = false,
		description = "distance: maxima of the distance to the background (cells: to the membranes); interiors: " +
			"regions of low boundary probability; auto: distance")
	private String seeds = ObjectSettings.AUTO;

	@Parameter(label = "Seed height h (calibrated units; empty = 2 voxels)", required = false, persist = false,
		description = "A distance maximum becomes a seed only if it rises more than h above the saddle to a higher one")
	private String seedHeight = "";

	@Parameter(label = "Minimum seed distance (calibrated units, 0 = none)", min = "0", required = false,
		persist = false)
	private double seedDistance = 0;

	@Parameter(label = "Minimum object volume (calibrated units cubed, 0 = keep all)", min = "0", required = false,
		persist = false, description = "Smaller objects are removed (nuclei, components) or merged into a neighbour " +
			"(cells)")
	private double minVolume = 0;

	@Parameter(label = "Connectivity", choices = { "6", "26" }, required = false, persist = false)
	private String connectivity = "6";

	@Parameter(label = "Foreground threshold (probability)", min = "0", max = "1", required = false, persist = false)
	private double threshold = 0.5;

	@Parameter(label = "Background class (auto, none, id or name)", required = false, persist = false)
	private String backgroundClass = ObjectSettings.AUTO;

	@Parameter(label = "Boundary class (auto, none, id or name)", required = false, persist = false)
	private String boundaryClass = ObjectSettings.AUTO;

	@Parameter(label = "Save objects to (optional)", style = ParameterStyles.TIFF_TO_WRITE, required = false,
		persist = false, description = "Default with a label file: <labels>-objects.tif beside it")
	private File objectsOutput;

	@Parameter(label = "Save object measurements to (optional CSV)", style = ParameterStyles.CSV_TO_WRITE,
		required = false, persist = false)
	private File measurements;

	@Parameter(label = "Overwrite existing files", required = false, persist = false)
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Labels")
	private ImagePlus labels;

	@Parameter(type = ItemIO.OUTPUT, label = "Overlay", required = false)
	private ImagePlus overlayImage;

	@Parameter(type = ItemIO.OUTPUT, label = "Objects", required = false)
	private ImagePlus objectImage;

	@Parameter(type = ItemIO.OUTPUT, label = "Segmentation")
	private String summary;

	/** The object measurements (the ImageJ 1 menu entry shows them as a table). */
	@Parameter(type = ItemIO.OUTPUT, label = "Measurements", required = false, description =
		ObjectTables.MEASUREMENTS)
	private ResultsTable table;

	@Parameter(required = false)
	private StatusService status;

	public SegmentCommand() {
		super("Segmentation");
	}

	@Override
	protected void execute() throws Exception {
		final SegmentationModel m = ModelFile.read(model, false);
		final CommandProgress progress = new CommandProgress(status, this);
		final Volume<?> opened = ImagePlusBridge.wrap(image);
		final Volume<?> volume = NanOption.image(opened, image.getTitle(), nan, progress);
		try (SegmentationObjects objectsOf = SegmentationObjects.prepare(new ObjectSettings(objects, seeds, seedHeight,
			seedDistance, minVolume, connectivity, threshold, backgroundClass, boundaryClass), m.metadata(), volume, output,
			objectsOutput, measurements, overwrite))
		{
			final Segmenter.Result r = new Segmenter(SegmentationSettings.predictor(m, tile, overlap, batch, blending,
				flips)).segment(volume, VolumeFiles.planeCache(opened), SegmentationOutputs.builder().labelsFile(output)
					.probabilitiesFile(probabilities).keepProbabilities(objectsOf != null && objectsOf.needsProbabilities())
					.overwrite(overwrite).build(), progress);
			labels = r.labels() != null ? ImagePlusBridge.labelImage(r.labels(), SegmentationSettings.baseName(image
				.getTitle()) + "-labels", image) : ImageFiles.open(output, true);
			summary = "Segmented " + image.getTitle() + ": " + r;
			if (objectsOf != null) {
				final ObjectLabelling.Made made = objectsOf.make(r, labels, image, volume, progress);
				objectImage = made.result.image != null ? made.result.image : ImageFiles.open(objectsOf.file(), true);
				table = ObjectTables.measurements(made.result.rows, volume.voxelSize().unit());
				summary += "\n" + made.describe(image.getTitle(), objectsOf.file(), objectsOf.measurementsFile());
			}
		}
		if (overlay) overlayImage = OverlayStack.composite(image, labels);
	}
}
