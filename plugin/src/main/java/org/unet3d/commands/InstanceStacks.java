package org.unet3d.commands;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.unet3d.data.LabeledVolume;
import org.unet3d.data.StackSource;
import org.unet3d.data.Volume;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.formats.StackPairs;
import org.unet3d.io.TiffIO;
import org.unet3d.objects.InstanceTrainingLabels;
import org.unet3d.progress.Progress;

/**
 * Training stacks whose class labels are derived from instance images (one id per object), for
 * {@code train instances=...}: background, interior and a boundary between touching objects and
 * at their surface ({@link InstanceTrainingLabels}), so the network learns to split touching
 * nuclei and cells. A single image with its instance image, or a training folder whose
 * {@code instances} subfolder holds the instance images under the names of the images.
 */
final class InstanceStacks {

	/** The subfolder of a training folder with the instance images. */
	static final String INSTANCES = "instances";

	private InstanceStacks() {}

	/** The class names of models trained on derived labels: background, interior, boundary. */
	static String[] classNames() {
		return InstanceTrainingLabels.CLASS_NAMES.toArray(new String[0]);
	}

	/**
	 * The derived labels of an image's instance image, 8-bit (X, Y, Z), boundaries as thick as the
	 * image's finest in-plane voxel side.
	 *
	 * @throws IllegalArgumentException if the instance image is of another size or holds values that
	 *           are not ids, naming the fix
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static PlanarImg<UnsignedByteType, ByteArray> derive(final String name, final Volume<?> image,
		final ImagePlus instances, final Progress progress)
	{
		final RandomAccessibleInterval ids = ImagePlusBridge.wrapLabels(instances);
		if (ids.dimension(0) != image.width() || ids.dimension(1) != image.height() || ids.dimension(2) != image
			.depth()) throw new IllegalArgumentException("The instance image of \"" + name + "\" is " + ids.dimension(0) +
				" x " + ids.dimension(1) + " x " + ids.dimension(2) + " voxels but the image is " + image.width() + " x " +
				image.height() + " x " + image.depth() + " (x, y, z); use the instance image made for this stack.");
		progress.status("Deriving background, interior and boundary labels from the objects of " + name + "...");
		return InstanceTrainingLabels.derive(ids, image.voxelSize(), Double.NaN, progress);
	}

	/**
	 * The pairs of a training folder with {@code images} and {@code instances} subfolders, each
	 * derived when training opens it.
	 *
	 * @throws IOException if a subfolder or an instance image is missing, naming it
	 */
	static List<StackSource> folder(final File folder, final Progress progress) throws IOException {
		final List<StackSource> stacks = new ArrayList<>();
		for (final File[] pair : StackPairs.filePairs(folder, INSTANCES))
			stacks.add(new StackSource() {

				@Override
				public String name() {
					return pair[0].getName();
				}

				@Override
				public LabeledVolume open() throws IOException {
					final Volume<?> volume = ImagePlusBridge.wrap(TiffIO.open(pair[0]));
					return new LabeledVolume(pair[0].getName(), volume, derive(pair[0].getName(), volume, TiffIO.open(
						pair[1]), progress));
				}
			});
		return stacks;
	}

	/** True if a training folder has instance images (an {@code instances} subfolder). */
	static boolean hasInstances(final File folder) {
		return new File(folder, INSTANCES).isDirectory();
	}
}
