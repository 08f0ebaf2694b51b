package org.unet3d.commands;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;

import org.unet3d.formats.VolumeFiles;
import org.unet3d.io.TiffIO;
import org.unet3d.io.VolumeStack;

/**
 * Opens the image a command line, a macro or a dialog names by its path, as an ImageJ image the
 * commands take: a TIFF into memory or, on request, as a virtual stack read slice by slice; an
 * OME-Zarr image ({@link VolumeFiles#isZarr}) always as a virtual stack read chunk by chunk
 * ({@link VolumeStack}), calibrated with its voxel size, so a volume far bigger than memory can be
 * shown and segmented.
 */
public final class ImageFiles {

	private ImageFiles() {}

	/**
	 * @param virtual read a TIFF slice by slice rather than into memory
	 * @throws IOException naming the file and the problem
	 */
	public static ImagePlus open(final File file, final boolean virtual) throws IOException {
		if (VolumeFiles.isZarr(file)) return open(file, 0);
		return virtual ? TiffIO.openVirtual(file) : TiffIO.open(file);
	}

	/** A resolution level of an OME-Zarr image (0 = full resolution) as a virtual stack. */
	public static ImagePlus open(final File file, final int level) throws IOException {
		final String title = level == 0 ? file.getName() : file.getName() + " (level " + level + ")";
		return VolumeStack.image(title, VolumeFiles.open(file, level));
	}
}
