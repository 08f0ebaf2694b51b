package org.unet3d.commands;

import ij.ImagePlus;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;

import org.unet3d.data.Volume;
import org.unet3d.inference.Segmenter;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.model.ModelMetadata;
import org.unet3d.objects.ClassProbabilities;
import org.unet3d.objects.ClassRoles;
import org.unet3d.objects.ObjectMode;
import org.unet3d.objects.ObjectOptions;
import org.unet3d.objects.StackShape;
import org.unet3d.progress.Progress;

/**
 * The objects {@code segment objects=...} makes of the stack it segments: the settings checked and
 * the output files checked before the segmentation (so a mistake costs no time), then the objects
 * made of its probabilities (nuclei, cells) or of its labels (components, slab by slab). The
 * objects go beside the label file as {@code <output>-objects.tif} unless another file is given.
 */
final class SegmentationObjects implements Closeable {

	private final ObjectOptions options;
	private final ClassRoles roles;
	private final int classes;
	private final File file;
	private final File measurements;
	private final ObjectOutputs out;

	private SegmentationObjects(final ObjectOptions options, final ClassRoles roles, final int classes,
		final File file, final File measurements, final ObjectOutputs out)
	{
		this.options = options;
		this.roles = roles;
		this.classes = classes;
		this.file = file;
		this.measurements = measurements;
		this.out = out;
	}

	/**
	 * Checks the object settings against the model and the output files, before any work.
	 *
	 * @param labelsFile the segmentation's label file, or null
	 * @param objectsFile where the objects go, or null for beside the label file (or in memory)
	 * @return null when no objects are wanted
	 * @throws IllegalArgumentException for settings that do not fit, naming the key
	 * @throws IOException if an output file cannot be written
	 */
	static SegmentationObjects prepare(final ObjectSettings settings, final ModelMetadata model,
		final Volume<?> volume, final File labelsFile, final File objectsFile, final File measurements,
		final boolean overwrite) throws IOException
	{
		if (!settings.wanted()) {
			if (objectsFile != null || measurements != null) throw new IllegalArgumentException("Objects and " +
				"measurements are saved only when objects are made: add objects=nuclei, cells or components.");
			return null;
		}
		final ObjectMode mode = settings.mode();
		final int classes = model.classes();
		final ClassRoles roles = settings.roles(model.classNames(), classes);
		final ObjectOptions options = settings.options(roles, classes);
		if (mode != ObjectMode.COMPONENTS) ObjectSettings.checkMemory(mode, volume.voxelCount(), classes);
		final File file = objectsFile != null || labelsFile == null ? objectsFile : new File(labelsFile
			.getAbsoluteFile().getParentFile(), SegmentationSettings.baseName(labelsFile.getName()) + "-objects.tif");
		final ObjectOutputs out = new ObjectOutputs(file, file == null, measurements, overwrite, volume.width(), volume
			.height(), volume.depth(), volume.voxelSize(), volume);
		out.checkWritable();
		return new SegmentationObjects(options, roles, classes, file, measurements, out);
	}

	/** True if the objects are made of the class probabilities, which segmentation must then keep. */
	boolean needsProbabilities() {
		return options.mode() != ObjectMode.COMPONENTS;
	}

	/**
	 * Makes, writes and measures the objects.
	 *
	 * @param labels the segmentation's label image (in memory, or opened from its file)
	 */
	ObjectLabelling.Made make(final Segmenter.Result r, final ImagePlus labels, final ImagePlus image,
		final Volume<?> volume, final Progress progress) throws IOException
	{
		if (needsProbabilities()) ObjectLabelling.fromProbabilities(ClassProbabilities.of(r.probabilities(),
			new StackShape(volume.width(), volume.height(), volume.depth(), volume.voxelSize()), roles.background(), roles
				.boundary()), options, out, progress);
		else ObjectLabelling.fromLabels(r.labels() != null ? r.labels() : ImagePlusBridge.wrapLabels(labels), volume
			.voxelSize(), classes, roles, options, out, progress);
		return new ObjectLabelling.Made(out.finish(SegmentationSettings.baseName(image.getTitle()) + "-objects", image),
			options, roles, needsProbabilities() ? "the probabilities" : "the labels");
	}

	/** The object file, or null if the objects are only kept in memory. */
	File file() {
		return file;
	}

	/** The measurements file, or null. */
	File measurementsFile() {
		return measurements;
	}

	@Override
	public void close() throws IOException {
		out.close();
	}
}
