package org.unet3d.commands;

import ij.ImagePlus;

import net.imglib2.RandomAccessibleInterval;

import org.unet3d.data.NanHandling;
import org.unet3d.data.Volume;
import org.unet3d.formats.VolumeFiles;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.progress.Progress;

/**
 * The {@code nan=} option of every command that reads images (train, segment, segment-folder,
 * evaluate, make-patches): what its field says, and the images it lets through. Float images are
 * scanned before any work and refused at their first NaN or infinite voxel (the default,
 * {@code nan=refuse}), or read with such voxels replaced by a number ({@code nan=0}); see
 * {@link NanHandling}.
 */
final class NanOption {

	static final String LABEL = "NaN or infinite voxels (refuse, or a number)";
	static final String DESCRIPTION = "Float images with NaN or infinite voxels are refused, naming the first; " +
		"a number (e.g. 0) reads such voxels as that number";
	static final String REFUSE = "refuse";

	private NanOption() {}

	/** An image, checked (or with such voxels replaced) as {@code option} says. */
	static Volume<?> image(final ImagePlus image, final String option, final Progress progress) {
		return image(ImagePlusBridge.wrap(image), image.getTitle(), option, progress);
	}

	/** An image already wrapped as a volume (keep the wrapped one for its plane cache), checked likewise. */
	static Volume<?> image(final Volume<?> image, final String name, final String option, final Progress progress) {
		return VolumeFiles.checkFinite(image, name, NanHandling.parse(option), progress);
	}

	/** A label image (x, y, z), checked likewise. */
	static RandomAccessibleInterval<?> labels(final ImagePlus labels, final String option, final Progress progress) {
		return VolumeFiles.checkFiniteLabels(ImagePlusBridge.wrapLabels(labels), labels.getTitle(), NanHandling.parse(
			option), progress);
	}
}
