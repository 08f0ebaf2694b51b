package org.unet3d.ij1;

import ij.ImagePlus;
import ij.WindowManager;

import java.io.File;
import java.io.IOException;

import org.unet3d.commands.CommandRunner;
import org.unet3d.commands.ImageFiles;
import org.unet3d.formats.VolumeFiles;

/**
 * Finds the image a dialog or macro names: an open image with that title (a window, or an image
 * of a batch-mode macro), else an image file with that path, absolute or relative to the working
 * folder: a TIFF, or an OME-Zarr folder (read chunk by chunk as a virtual stack). Files are opened without showing them; open images are used as they are and never
 * changed.
 */
final class OpenImages implements CommandRunner.ImageSource {

	@Override
	public ImagePlus image(final String key, final String value) throws IOException {
		if (value == null || value.trim().isEmpty()) throw new IllegalArgumentException(key + " is empty: give the " +
			"title of an open image or the path of an image file, e.g. " + key + "=[my stack.tif].");
		final ImagePlus open = WindowManager.getImage(value);
		if (open != null) return open;
		final File file = new File(value);
		if (file.isFile() || VolumeFiles.isZarr(file) && file.isDirectory()) return ImageFiles.open(file, false);
		throw new IllegalArgumentException(key + "=" + value + ": there is no open image with this title and no " +
			"file " + file.getAbsolutePath() + ". Open the image first (File > Open) and give its title, or give " +
			"the full path of the image file" + openTitles() + ".");
	}

	/** " (open images: a, b)" or "". */
	private static String openTitles() {
		final String[] titles = WindowManager.getImageTitles();
		if (titles == null || titles.length == 0) return "";
		return " (open images: " + String.join(", ", titles) + ")";
	}
}
