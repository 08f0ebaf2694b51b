package org.unet3d.commands;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.unet3d.data.ZyxSize;
import org.unet3d.formats.StackLayout;
import org.unet3d.formats.VolumeFiles;
import org.unet3d.zarr.Compressor;

/**
 * Converts a TIFF stack into an OME-Zarr image or back, plane by plane, keeping the voxel size; all
 * work is in {@link VolumeFiles#convert}. The output's format follows its name: {@code .zarr} for
 * OME-Zarr, else TIFF.
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Convert_OME_Zarr_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "Convert to OME-Zarr (3D U-Net)", description =
	"Converts a TIFF stack into an OME-Zarr image (output name ending in .zarr), or an OME-Zarr image into a " +
	"TIFF stack, plane by plane, keeping the voxel size.")
public class ConvertCommand extends PluginCommand {

	@Parameter(label = "Input stack", style = ParameterStyles.STACK_TO_READ, description = "A TIFF file or an " +
		"OME-Zarr folder")
	private File input;

	@Parameter(label = "Output", style = ParameterStyles.STACK_TO_WRITE, persist = false, description = "An " +
		"OME-Zarr folder for a name ending in .zarr, else a TIFF file")
	private File output;

	@Parameter(label = "Chunk size z,y,x (OME-Zarr output)", style = ParameterStyles.SIZE, required = false,
		description = "Cut at the image size; larger chunks mean fewer files, smaller ones less to read for a small " +
			"region")
	private String chunks = "64,64,64";

	@Parameter(label = "Compressor (OME-Zarr output)", choices = { "zlib", "zstd", "gzip", "none" }, required = false)
	private String compressor = "zlib";

	@Parameter(label = "Overwrite an existing output", required = false, persist = false)
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Conversion")
	private String summary;

	@Parameter(required = false)
	private StatusService status;

	public ConvertCommand() {
		super("Conversion");
	}

	@Override
	protected void execute() throws Exception {
		final int[] zyx = ZyxSize.arrayOrAuto(chunks, "Chunk size");
		final Compressor c = Compressor.parse(compressor);
		final long t0 = System.nanoTime();
		final StackLayout written = VolumeFiles.convert(input, output, zyx, c, overwrite, new CommandProgress(status,
			this));
		summary = String.format(java.util.Locale.ROOT, "Converted %s to %s: %s%s (%.1f s)", input, output, written,
			VolumeFiles.isZarr(output) ? ", chunks " + ZyxSize.of(written.chunksZYX()) + " (z,y,x), " + written
				.compressor() : "", (System.nanoTime() - t0) / 1e9);
	}
}
