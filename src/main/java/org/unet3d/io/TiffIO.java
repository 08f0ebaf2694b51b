package org.unet3d.io;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.io.TiffEncoder;

import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;

/**
 * Reads and writes ImageJ TIFF stacks with ij.jar, keeping calibration, LUTs and hyperstack
 * dimensions. Writes are atomic ({@link AtomicFiles}): a failed save never leaves a half-written
 * file under the final name.
 */
public final class TiffIO {

	private TiffIO() {}

	/**
	 * Opens a TIFF (or any format ImageJ reads) into memory.
	 *
	 * @throws IOException naming the file and the problem
	 */
	public static ImagePlus open(final File file) throws IOException {
		if (!file.isFile()) throw new IOException("Image file " + file + " does not exist" + (file.isDirectory()
			? " (it is a folder)" : "") + ".");
		final ImagePlus imp;
		try {
			imp = new Opener().openImage(file.getAbsolutePath());
		}
		catch (final RuntimeException e) {
			throw new IOException("Cannot read " + file + ": " + e, e);
		}
		if (imp == null) throw new IOException("Cannot read " + file + ": not an image ImageJ can open, or the file " +
			"is truncated or corrupt.");
		if (imp.getStackSize() > 0 && imp.getStack().getPixels(1) == null) throw new IOException("Cannot read " + file +
			": the pixel data is missing (truncated file?).");
		return imp;
	}

	/**
	 * Saves an image as TIFF (a stack if it has more than one plane), atomically.
	 *
	 * @param overwrite replace an existing file; otherwise an existing file is an error
	 */
	public static void save(final ImagePlus imp, final File file, final boolean overwrite) throws IOException {
		AtomicFiles.checkWritable(file, overwrite);
		final FileSaver saver = new FileSaver(imp);
		final FileInfo fi = imp.getFileInfo();
		fi.description = saver.getDescriptionString();
		fi.info = (String) imp.getProperty("Info");
		if (imp.getStackSize() > 1) fi.sliceLabels = imp.getStack().getSliceLabels();
		AtomicFiles.write(file, out -> new TiffEncoder(fi).write(new DataOutputStream(out)));
	}
}
