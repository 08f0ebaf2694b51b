package org.unet3d.io;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.io.TiffEncoder;
import ij.plugin.FileInfoVirtualStack;

import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;

import net.imglib2.RandomAccessibleInterval;

import org.unet3d.data.Volume;

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
	 * Opens a TIFF stack as a virtual stack: slices are read from the file when needed, so a stack far
	 * bigger than memory can be segmented. The file is checked first, so a truncated file is reported
	 * now rather than half-way through. Files that are not TIFF (other formats ImageJ reads) are
	 * opened into memory.
	 *
	 * @throws IOException naming the file and the problem
	 */
	public static ImagePlus openVirtual(final File file) throws IOException {
		if (!file.isFile()) return open(file);
		final FileInfo[] info;
		try {
			info = Opener.getTiffFileInfo(file.getAbsolutePath());
		}
		catch (final RuntimeException e) {
			throw new IOException("Cannot read " + file + ": " + e, e);
		}
		if (info == null || info.length == 0) return open(file);
		checkComplete(file, info);
		final ImagePlus imp;
		try {
			imp = FileInfoVirtualStack.openVirtual(file.getAbsolutePath());
		}
		catch (final RuntimeException e) {
			throw new IOException("Cannot read " + file + ": " + e, e);
		}
		if (imp == null || imp.getStackSize() < 1) throw new IOException("Cannot read " + file + " as a stack: not a " +
			"TIFF ImageJ can read slice by slice. Open it normally (or save it as TIFF in ImageJ).");
		return imp;
	}

	/**
	 * Opens a stack for segmentation as a {@link Volume} that reads its slices from the file as
	 * needed (see {@link #openVirtual}); {@link ImagePlusBridge#planeCache} gives its plane cache.
	 *
	 * @throws IOException if the file cannot be read
	 * @throws IllegalArgumentException if it is not a 3D stack (2D, RGB, time series), saying how to fix it
	 */
	public static Volume<?> openVolume(final File file) throws IOException {
		return ImagePlusBridge.wrap(openVirtual(file));
	}

	/**
	 * Reads a stack into memory as a {@link Volume} (for training, which reads it again and again).
	 *
	 * @throws IOException if the file cannot be read
	 * @throws IllegalArgumentException if it is not a 3D stack, saying how to fix it
	 */
	public static Volume<?> readVolume(final File file) throws IOException {
		return ImagePlusBridge.wrap(open(file));
	}

	/**
	 * Reads a label stack (one channel of class ids) into memory, axes X, Y, Z.
	 *
	 * @throws IllegalArgumentException if it has several channels or is not a 3D stack
	 */
	public static RandomAccessibleInterval<?> readLabels(final File file) throws IOException {
		return ImagePlusBridge.wrapLabels(open(file));
	}

	/** Checks that the pixel data the TIFF directories point to lies within the file. */
	private static void checkComplete(final File file, final FileInfo[] info) throws IOException {
		final long length = file.length();
		for (final FileInfo fi : info) {
			long end;
			if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length > 0 && fi.compression > 1) {
				end = 0;
				for (int i = 0; i < fi.stripOffsets.length && i < fi.stripLengths.length; i++)
					end = Math.max(end, (fi.stripOffsets[i] & 0xffffffffL) + fi.stripLengths[i]);
			}
			else {
				final long bytes = (long) fi.width * fi.height * fi.getBytesPerPixel();
				end = fi.getOffset() + Math.max(1, fi.nImages) * (bytes + fi.getGap()) - fi.getGap();
			}
			if (end > length) throw new IOException(file + " is truncated or damaged: its image data should reach byte " +
				end + " but the file has only " + length + " bytes. Copy it again, or re-save it from the program that " +
				"made it.");
		}
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
