package org.unet3d.ij1;

import org.unet3d.commands.MakePatchesCommand;

/**
 * Plugins &gt; Segmentation &gt; 3D U-Net &gt; Make 3D U-Net Patches...
 * <p>Shows the training patches exactly as the network gets them ({@link MakePatchesCommand}).
 */
public class Make_Patches_UNet3D extends CommandPlugIn {

	public Make_Patches_UNet3D() {
		super(MakePatchesCommand.class);
	}
}
