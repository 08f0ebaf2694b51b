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
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;

/**
 * Makes objects (one id per nucleus or cell) of a probability image or class label image that
 * segmentation made earlier, and measures them; all work is in {@link ObjectLabelling} and the
 * core's object makers. The objects open as a new image or go to a TIFF file; the measurements
 * go to a CSV file and, with a display, to a results table.
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Label_Objects_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "Label Objects (3D U-Net)", description = "Makes " +
	"objects, one id per nucleus or cell, of the probabilities or the class labels a segmentation saved, and " +
	"measures them (volume, centroid, bounding box, intensities) into a table.")
public class LabelObjectsCommand extends PluginCommand {

	@Parameter(label = "Probabilities or class labels", description = "The probabilities segmentation saved (one " +
		"channel per class), a single foreground probability (0 to 1), or a class label image (0, 1, 2, ...). Also " +
		"a virtual stack for components")
	private ImagePlus probabilities;

	@Parameter(label = "Objects", choices = { "nuclei", "cells", "components" }, description = "nuclei: blobs in the " +
		"foreground, touching ones split by a seeded watershed; cells: grown from their interiors over the boundary " +
		"class; components: connected regions of each class")
	private String objects = "nuclei";

	@Parameter(label = "Model (optional, for class names)", style = ParameterStyles.MODEL_TO_READ, required = false,
		persist = false)
	private File model;

	@Parameter(label = "Image to measure intensities in (optional)", required = false, persist = false)
	private ImagePlus image;

	@Parameter(label = "Seeds", choices = { "auto", "distance", "interiors" }, required = false, description =
		"distance: maxima of the distance to the background (cells: to the membranes); interiors: regions of low " +
			"boundary probability; auto: distance")
	private String seeds = "auto";

	@Parameter(label = "Seed height h (calibrated units; empty = 2 voxels)", required = false, description = "A " +
		"distance maximum becomes a seed only if it rises more than h above the saddle to a higher one")
	private String seedHeight = "";

	@Parameter(label = "Minimum seed distance (calibrated units, 0 = none)", min = "0", required = false)
	private double seedDistance = 0;

	@Parameter(label = "Minimum object volume (calibrated units cubed, 0 = keep all)", min = "0", required = false,
		description = "Smaller objects are removed (nuclei, components) or merged into a neighbour (cells)")
	private double minVolume = 0;

	@Parameter(label = "Connectivity", choices = { "6", "26" }, required = false, description = "6: voxels touch by " +
		"a face; 26: also by an edge or a corner")
	private String connectivity = "6";

	@Parameter(label = "Foreground threshold (probability)", min = "0", max = "1", required = false)
	private double threshold = 0.5;

	@Parameter(label = "Background class (auto, none, id or name)", required = false)
	private String backgroundClass = ObjectSettings.AUTO;

	@Parameter(label = "Boundary class (auto, none, id or name)", required = false)
	private String boundaryClass = ObjectSettings.AUTO;

	@Parameter(label = "Save objects to (optional)", style = ParameterStyles.TIFF_TO_WRITE, required = false,
		persist = false,
		description = "16-bit TIFF (32-bit float above 65535 objects), written slice by slice")
	private File output;

	@Parameter(label = "Save measurements to (optional CSV)", style = ParameterStyles.CSV_TO_WRITE, required = false,
		persist = false)
	private File measurements;

	@Parameter(label = "Overwrite existing files", required = false, persist = false)
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Objects")
	private ImagePlus objectImage;

	@Parameter(type = ItemIO.OUTPUT, label = "Object labelling")
	private String summary;

	/** The measurements (the ImageJ 1 menu entry shows them as a table). */
	@Parameter(type = ItemIO.OUTPUT, label = "Measurements", required = false, description =
		ObjectTables.MEASUREMENTS)
	private ResultsTable table;

	@Parameter(required = false)
	private StatusService status;

	public LabelObjectsCommand() {
		super("Labelling objects");
	}

	@Override
	protected void execute() throws Exception {
		final ObjectSettings settings = new ObjectSettings(objects, seeds, seedHeight, seedDistance, minVolume,
			connectivity, threshold, backgroundClass, boundaryClass);
		settings.mode();
		final String[] names = model == null ? null : ModelFile.readMetadata(model).classNames();
		final Volume<?> measured = image == null ? null : ImagePlusBridge.wrap(image);
		if (measured != null && (image.getWidth() != probabilities.getWidth() || image.getHeight() != probabilities
			.getHeight() || image.getNSlices() != probabilities.getNSlices())) throw new IllegalArgumentException(
				"The image to measure (" + image.getWidth() + " x " + image.getHeight() + " x " + image.getNSlices() +
					") and the probabilities (" + probabilities.getWidth() + " x " + probabilities.getHeight() + " x " +
					probabilities.getNSlices() + ", x, y, z) differ in size; give the image they were made from.");
		final String title = SegmentationSettings.baseName(probabilities.getTitle()) + "-objects";
		final ObjectLabelling.Made made = ObjectLabelling.fromImage(probabilities, names, settings, output,
			measurements, overwrite, measured, title, new CommandProgress(status, this));
		objectImage = made.result.image != null ? made.result.image : TiffIO.openVirtual(output);
		table = ObjectTables.measurements(made.result.rows, ImagePlusBridge.voxelSize(probabilities).unit());
		summary = made.describe(probabilities.getTitle(), output, measurements);
	}
}
