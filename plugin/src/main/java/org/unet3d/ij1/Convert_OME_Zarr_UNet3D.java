package org.unet3d.ij1;

import org.unet3d.commands.ConvertCommand;

/**
 * Plugins &gt; Segmentation &gt; 3D U-Net &gt; Convert to OME-Zarr (3D U-Net)...
 * <p>Converts a TIFF stack into an OME-Zarr image or back ({@link ConvertCommand}).
 */
public class Convert_OME_Zarr_UNet3D extends CommandPlugIn {

	public Convert_OME_Zarr_UNet3D() {
		super(ConvertCommand.class);
	}
}
