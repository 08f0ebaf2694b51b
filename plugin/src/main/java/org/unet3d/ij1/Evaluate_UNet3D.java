package org.unet3d.ij1;

import org.unet3d.commands.EvaluateCommand;

/**
 * Plugins &gt; Segmentation &gt; 3D U-Net &gt; Evaluate Segmentation (3D U-Net)...
 * <p>Compares a label image with ground truth (Dice, IoU, ...) ({@link EvaluateCommand}).
 */
public class Evaluate_UNet3D extends CommandPlugIn {

	public Evaluate_UNet3D() {
		super(EvaluateCommand.class);
	}
}
