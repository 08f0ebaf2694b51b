package org.unet3d.ij1;

import org.unet3d.commands.SegmentCommand;

/**
 * Plugins &gt; Segmentation &gt; 3D U-Net &gt; Segment with 3D U-Net...
 * <p>Segments a stack with a trained model into a label image ({@link SegmentCommand}).
 */
public class Segment_UNet3D extends CommandPlugIn {

	public Segment_UNet3D() {
		super(SegmentCommand.class);
	}
}
