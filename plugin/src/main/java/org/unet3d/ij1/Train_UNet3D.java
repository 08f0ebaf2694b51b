package org.unet3d.ij1;

import org.unet3d.commands.TrainCommand;

/**
 * Plugins &gt; Segmentation &gt; 3D U-Net &gt; Train 3D U-Net...
 * <p>Trains a 3D U-Net on an image stack and its label stack ({@link TrainCommand}).
 */
public class Train_UNet3D extends CommandPlugIn {

	public Train_UNet3D() {
		super(TrainCommand.class);
	}
}
