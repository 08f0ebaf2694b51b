package org.unet3d.ij1;

import org.unet3d.commands.ModelInfoCommand;

/**
 * Plugins &gt; Segmentation &gt; 3D U-Net &gt; 3D U-Net Model Info...
 * <p>Shows what a model file holds ({@link ModelInfoCommand}).
 */
public class Model_Info_UNet3D extends CommandPlugIn {

	public Model_Info_UNet3D() {
		super(ModelInfoCommand.class);
	}
}
