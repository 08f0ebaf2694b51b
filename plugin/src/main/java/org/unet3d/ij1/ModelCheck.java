package org.unet3d.ij1;

import java.io.File;
import java.io.IOException;

import org.unet3d.data.ZyxSize;
import org.unet3d.io.ModelFile;
import org.unet3d.model.ModelMetadata;

/**
 * What the ImageJ 1 dialog says about a chosen model file: a few lines on what it holds (classes,
 * input channels, patch size, voxel size), or why it cannot be used. Read once per file and date,
 * as the dialog asks again at every key typed.
 */
final class ModelCheck {

	/** What the model holds, or null if it cannot be used. */
	final String summary;
	/** Why the file cannot be used, or null. */
	final String problem;
	private final String key;

	private ModelCheck(final String key, final String summary, final String problem) {
		this.key = key;
		this.summary = summary;
		this.problem = problem;
	}

	/** Reads the model's description, or reuses {@code last} if it was made from the same file and date. */
	static ModelCheck of(final File file, final ModelCheck last) {
		final String key = file.getAbsolutePath() + "@" + file.lastModified();
		if (last != null && last.key.equals(key)) return last;
		try {
			return new ModelCheck(key, summary(ModelFile.readMetadata(file)), null);
		}
		catch (final IOException | RuntimeException e) {
			return new ModelCheck(key, null, file.getName() + " is not a usable 3D U-Net model: " + e.getMessage());
		}
	}

	/** The text for the dialog's note: the summary or the problem. */
	String note() {
		return problem != null ? problem : summary;
	}

	/** A few lines on what a model holds, for the dialog. */
	static String summary(final ModelMetadata m) {
		final StringBuilder s = new StringBuilder("Model: ");
		final String[] names = m.classNames();
		for (int k = 0; k < names.length; k++)
			s.append(k == 0 ? "" : ", ").append(k).append(" = ").append(names[k]);
		s.append("\n").append(m.inputChannels()).append(" input channel").append(m.inputChannels() == 1 ? "" : "s")
			.append("; patch size (z,y,x) ").append(ZyxSize.of(m.patchSize()));
		s.append("\nVoxel size ").append(m.voxelSize());
		return s.toString();
	}
}
