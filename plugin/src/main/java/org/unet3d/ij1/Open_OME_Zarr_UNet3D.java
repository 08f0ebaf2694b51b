package org.unet3d.ij1;

import org.unet3d.commands.OpenZarrCommand;

/**
 * Plugins &gt; Segmentation &gt; 3D U-Net &gt; Open OME-Zarr (3D U-Net)...
 * <p>Opens an OME-Zarr image as a virtual stack ({@link OpenZarrCommand}).
 */
public class Open_OME_Zarr_UNet3D extends CommandPlugIn {

	public Open_OME_Zarr_UNet3D() {
		super(OpenZarrCommand.class);
	}
}
