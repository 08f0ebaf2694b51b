package org.unet3d.io;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.unet3d.data.LabeledVolume;
import org.unet3d.data.StackSource;

/**
 * Image/label stack pairs on disk as {@link StackSource}s, read only when training needs them: a
 * single pair of files, or a folder with an {@code images} and a {@code labels} subfolder holding
 * files of the same names (e.g. {@code images/a.tif} and {@code labels/a.tif}).
 */
public final class StackPairs {

	/** Subfolder of the raw stacks. */
	public static final String IMAGES = "images";
	/** Subfolder of the label stacks. */
	public static final String LABELS = "labels";

	private StackPairs() {}

	/** One image file and its label file. */
	public static StackSource files(final File image, final File labels) {
		return new StackSource() {

			@Override
			public String name() {
				return image.getName();
			}

			@Override
			public LabeledVolume open() throws IOException {
				final ImagePlus img = TiffIO.open(image);
				final ImagePlus lab = TiffIO.open(labels);
				return new LabeledVolume(image.getName(), ImagePlusBridge.wrap(img), ImagePlusBridge.wrapLabels(lab));
			}
		};
	}

	/**
	 * All pairs of a folder, in name order.
	 *
	 * @throws IOException if the folder lacks the subfolders, or an image has no label file (naming it)
	 */
	public static List<StackSource> folder(final File folder) throws IOException {
		final List<StackSource> pairs = new ArrayList<>();
		for (final File[] p : filePairs(folder, LABELS))
			pairs.add(files(p[0], p[1]));
		return pairs;
	}

	/**
	 * The files of all pairs of a folder, in name order: {image, label file} with the label file of
	 * the same name in the subfolder {@code labelFolder} (e.g. {@link #LABELS}, or "instances" for
	 * instance images).
	 *
	 * @throws IOException if the folder lacks the subfolders, or an image has no label file (naming it)
	 */
	public static List<File[]> filePairs(final File folder, final String labelFolder) throws IOException {
		final File images = new File(folder, IMAGES);
		final File labels = new File(folder, labelFolder);
		if (!images.isDirectory() || !labels.isDirectory()) throw new IOException("Training folder " + folder +
			" must contain a subfolder \"" + IMAGES + "\" with the image stacks and a subfolder \"" + labelFolder +
			"\" with their " + (labelFolder.equals(LABELS) ? "label stacks" : labelFolder) + ", of the same file names.");
		final File[] files = images.listFiles(f -> f.isFile() && !f.getName().startsWith(".") && isImage(f.getName()));
		if (files == null || files.length == 0) throw new IOException("No image files (.tif) in " + images + ".");
		Arrays.sort(files);
		final List<File[]> pairs = new ArrayList<>();
		final List<String> missing = new ArrayList<>();
		for (final File f : files) {
			final File l = new File(labels, f.getName());
			if (!l.isFile()) missing.add(f.getName());
			else pairs.add(new File[] { f, l });
		}
		final String what = labelFolder.equals(LABELS) ? "label stack" : "file";
		if (!missing.isEmpty()) throw new IOException("No " + what + " in " + labels + " for " + String.join(", ",
			missing) + ". Give each image a " + (labelFolder.equals(LABELS) ? "label file" : "file in " + labels) +
			" of the same name.");
		return pairs;
	}

	private static boolean isImage(final String name) {
		final String n = name.toLowerCase(Locale.ROOT);
		return n.endsWith(".tif") || n.endsWith(".tiff");
	}
}
