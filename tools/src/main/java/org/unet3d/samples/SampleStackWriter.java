package org.unet3d.samples;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.unet3d.data.VoxelSize;
import org.unet3d.io.AtomicFiles;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.TiffIO;
import org.unet3d.samples.LabeledStack;
import org.unet3d.samples.SampleSet;

/**
 * Saves synthetic {@link LabeledStack}s as ImageJ TIFF pairs: the 8-bit image and the label stack
 * (class ids, with the {@link LabelLut}), both calibrated with the voxel size. A {@link SampleSet}
 * becomes the folder layout of the bundled samples: {@code <name>/train-image.tif},
 * {@code train-labels.tif}, {@code test-image.tif}, {@code test-labels.tif}.
 */
public final class SampleStackWriter {

	/** File names of a set's folder, in the order {@link #writeSet} returns them. */
	public static final String[] SET_FILES = { "train-image.tif", "train-labels.tif", "test-image.tif",
		"test-labels.tif" };

	private SampleStackWriter() {}

	/** The image as an ImagePlus over the stack's slice arrays (no copy), calibrated. */
	public static ImagePlus image(final LabeledStack s, final String title) {
		final ImageStack stack = new ImageStack((int) s.width(), (int) s.height());
		for (long z = 0; z < s.depth(); z++)
			stack.addSlice(null, s.imageSlice(z));
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setCalibration(calibration(s.voxelSize()));
		imp.setProperty("Info", info(s, "image"));
		return imp;
	}

	/** The labels as an ImagePlus over the stack's slice arrays (no copy), calibrated, with the label LUT. */
	public static ImagePlus labels(final LabeledStack s, final String title) {
		final ImagePlus like = new ImagePlus();
		like.setCalibration(calibration(s.voxelSize()));
		final ImagePlus imp = ImagePlusBridge.labelImage(s.labels(), title, like);
		imp.setProperty("Info", info(s, "labels"));
		return imp;
	}

	/**
	 * Writes the image and the labels, each atomically.
	 *
	 * @param overwrite replace existing files; otherwise an existing file is an error (checked for
	 *          both files before either is written)
	 */
	public static void write(final LabeledStack s, final File imageFile, final File labelsFile,
		final boolean overwrite) throws IOException
	{
		AtomicFiles.checkWritable(imageFile, overwrite);
		AtomicFiles.checkWritable(labelsFile, overwrite);
		TiffIO.save(image(s, imageFile.getName()), imageFile, overwrite);
		TiffIO.save(labels(s, labelsFile.getName()), labelsFile, overwrite);
	}

	/**
	 * Generates a set and writes it into {@code folder/<name>/} (created if needed).
	 *
	 * @return the four files, as in {@link #SET_FILES}
	 */
	public static List<File> writeSet(final SampleSet set, final File folder, final boolean overwrite)
		throws IOException
	{
		final File dir = new File(folder, set.name());
		if (!dir.isDirectory() && !dir.mkdirs()) throw new IOException("Cannot create folder " + dir + ".");
		final List<File> files = new ArrayList<>();
		for (final String name : SET_FILES)
			files.add(new File(dir, name));
		for (final File f : files)
			AtomicFiles.checkWritable(f, overwrite);
		write(set.train(), files.get(0), files.get(1), overwrite);
		write(set.test(), files.get(2), files.get(3), overwrite);
		return files;
	}

	/** Writes all {@link SampleSet#bundled()} sets into {@code folder}; returns the files written. */
	public static List<File> writeBundled(final File folder, final boolean overwrite) throws IOException {
		final List<File> files = new ArrayList<>();
		for (final SampleSet set : SampleSet.bundled())
			files.addAll(writeSet(set, folder, overwrite));
		return files;
	}

	private static Calibration calibration(final VoxelSize v) {
		final Calibration c = new Calibration();
		c.pixelWidth = v.x();
		c.pixelHeight = v.y();
		c.pixelDepth = v.z();
		c.setUnit(v.unit());
		return c;
	}

	/** Text for the TIFF's Info: what the stack is and how to make it again. */
	private static String info(final LabeledStack s, final String part) {
		final StringBuilder b = new StringBuilder();
		b.append("Synthetic ").append(s.kind().description()).append(" (").append(part).append(")\n");
		b.append("kind=").append(s.kind().id()).append('\n');
		b.append("size=").append(s.width()).append('x').append(s.height()).append('x').append(s.depth()).append('\n');
		b.append("seed=").append(s.seed()).append('\n');
		final String[] names = s.classNames();
		for (int c = 0; c < names.length; c++)
			b.append("class ").append(c).append('=').append(names[c]).append('\n');
		b.append("generator=org.unet3d.samples.SyntheticStacks\n");
		return b.toString();
	}
}
