package org.unet3d.ij1;

import org.unet3d.commands.LabelObjectsCommand;

/**
 * Plugins &gt; Segmentation &gt; 3D U-Net &gt; Label Objects (3D U-Net)...
 * <p>Makes objects (one id per nucleus or cell) of a probability or class label image and measures
 * them ({@link LabelObjectsCommand}).
 */
public class Label_Objects_UNet3D extends CommandPlugIn {

	public Label_Objects_UNet3D() {
		super(LabelObjectsCommand.class);
	}
}
