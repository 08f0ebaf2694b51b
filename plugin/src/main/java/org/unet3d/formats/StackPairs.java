package org.unet3d.formats;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.unet3d.data.LabeledVolume;
import org.unet3d.data.NanHandling;
import org.unet3d.data.StackSource;
import org.unet3d.progress.Progress;

/**
 * Image/label stack pairs on disk as {@link StackSource}s, read only when training needs them: a
 * single pair of files, or a folder with an {@code images} and a {@code labels} subfolder holding
 * stacks of the same names (e.g. {@code images/a.tif} and {@code labels/a.tif}, or
 * {@code images/b.zarr} and {@code labels/b.zarr}). TIFF and OME-Zarr stacks may be mixed. Float
 * images and labels are checked for NaN and infinite voxels when opened ({@link NanHandling}).
 */
public final class StackPairs {

	/** Subfolder of the raw stacks. */
	public static final String IMAGES = "images";
	/** Subfolder of the label stacks. */
	public static final String LABELS = "labels";

	private StackPairs() {}

	/** One image file and its label file; non-finite float voxels are refused. */
	public static StackSource files(final File image, final File labels) {
		return files(image, labels, NanHandling.REFUSE);
	}

	/** One image file and its label file, with non-finite float voxels handled as {@code nan} says. */
	public static StackSource files(final File image, final File labels, final NanHandling nan) {
		return new StackSource() {

			@Override
			public String name() {
				return image.getName();
			}

			@Override
			public LabeledVolume open() throws IOException {
				return new LabeledVolume(image.getName(), VolumeFiles.checkFinite(VolumeFiles.openForTraining(image), image
					.getName(), nan, Progress.NONE), VolumeFiles.checkFiniteLabels(VolumeFiles.openLabels(labels), labels
						.getName(), nan, Progress.NONE));
			}
		};
	}

	/** All pairs of a folder, in name order; non-finite float voxels are refused. */
	public static List<StackSource> folder(final File folder) throws IOException {
		return folder(folder, NanHandling.REFUSE);
	}

	/**
	 * All pairs of a folder, in name order.
	 *
	 * @throws IOException if the folder lacks the subfolders, or an image has no label file (naming it)
	 */
	public static List<StackSource> folder(final File folder, final NanHandling nan) throws IOException {
		final List<StackSource> pairs = new ArrayList<>();
		for (final File[] p : filePairs(folder, LABELS))
			pairs.add(files(p[0], p[1], nan));
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
		final File[] files = images.listFiles(f -> !f.getName().startsWith(".") && isStack(f));
		if (files == null || files.length == 0) throw new IOException("No image stacks (.tif or .zarr) in " + images +
			".");
		Arrays.sort(files);
		final List<File[]> pairs = new ArrayList<>();
		final List<String> missing = new ArrayList<>();
		for (final File f : files) {
			final File l = new File(labels, f.getName());
			if (!l.exists()) missing.add(f.getName());
			else pairs.add(new File[] { f, l });
		}
		final String what = labelFolder.equals(LABELS) ? "label stack" : "file";
		if (!missing.isEmpty()) throw new IOException("No " + what + " in " + labels + " for " + String.join(", ",
			missing) + ". Give each image a " + (labelFolder.equals(LABELS) ? "label stack" : "file in " + labels) +
			" of the same name.");
		return pairs;
	}

	private static boolean isStack(final File f) {
		if (VolumeFiles.isZarr(f)) return true;
		final String n = f.getName().toLowerCase(Locale.ROOT);
		return f.isFile() && (n.endsWith(".tif") || n.endsWith(".tiff"));
	}
}
