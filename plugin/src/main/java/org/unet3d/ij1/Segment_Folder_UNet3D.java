package org.unet3d.ij1;

import org.unet3d.commands.SegmentFolderCommand;

/**
 * Plugins &gt; Segmentation &gt; 3D U-Net &gt; Segment Folder with 3D U-Net...
 * <p>Segments every stack of a folder with one model ({@link SegmentFolderCommand}).
 */
public class Segment_Folder_UNet3D extends CommandPlugIn {

	public Segment_Folder_UNet3D() {
		super(SegmentFolderCommand.class);
	}
}
