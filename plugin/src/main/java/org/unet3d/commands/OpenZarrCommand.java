package org.unet3d.commands;

import ij.ImagePlus;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.unet3d.formats.VolumeFiles;

/**
 * Opens an OME-Zarr image (e.g. the labels {@code segment} wrote) as a virtual stack: planes are
 * read chunk by chunk as they are shown, so images far bigger than memory open at once. The image
 * keeps its voxel size and can be given to the other commands like any open image.
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Open_OME_Zarr_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "Open OME-Zarr (3D U-Net)", description = "Opens an " +
	"OME-Zarr image (a .zarr folder) as a virtual stack, read chunk by chunk as it is shown, with its voxel size.")
public class OpenZarrCommand extends PluginCommand {

	@Parameter(label = "OME-Zarr image (.zarr folder)", style = FileWidget.DIRECTORY_STYLE)
	private File image;

	@Parameter(label = "Resolution level (0 = full)", min = "0", required = false, persist = false)
	private int level = 0;

	@Parameter(type = ItemIO.OUTPUT, label = "Image")
	private ImagePlus opened;

	public OpenZarrCommand() {
		super("Opening the OME-Zarr image");
	}

	@Override
	protected void execute() throws Exception {
		if (!VolumeFiles.isZarr(image)) throw new IllegalArgumentException(image + " is not an OME-Zarr image: give " +
			"a folder whose name ends in .zarr, or that holds .zattrs or .zarray. TIFF files open with File > Open.");
		opened = ImageFiles.open(image, level);
	}
}
