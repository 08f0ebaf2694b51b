package org.unet3d.training;

import java.util.Arrays;

/** What the labels hold: how many classes, their names, and the value of unlabeled voxels. */
public final class LabelSettings {

	// named after the keys of the training JSON in model files; set only by TrainingConfig.Builder
	int classes = 0;
	String[] classNames;
	int ignoreLabel = -1;

	LabelSettings() {}

	/** Number of classes, or 0 to take it from the labels (largest id + 1). */
	public int count() {
		return classes;
	}

	/** Names of the classes 0..K-1, or null for "background", "class 1", ... A copy. */
	public String[] classNames() {
		return classNames == null ? null : classNames.clone();
	}

	/** Label value meaning "not annotated", excluded from the loss and the scores; -1 for none. */
	public int ignoreLabel() {
		return ignoreLabel;
	}

	void check() {
		if (ignoreLabel < -1 || ignoreLabel > 65535) throw new IllegalArgumentException(
			"The unlabeled value must be -1 (none) or 0..65535, got " + ignoreLabel);
		if (classes < 0 || classes == 1) throw new IllegalArgumentException("Classes must be >= 2 (or 0 = from the " +
			"labels), got " + classes);
		if (classNames != null) for (final String n : classNames)
			if (n == null || n.trim().isEmpty()) throw new IllegalArgumentException("Class names must not be empty: " +
				Arrays.toString(classNames));
		if (classNames != null && classes > 0 && classNames.length != classes) throw new IllegalArgumentException(
			classNames.length + " class names given for " + classes + " classes");
	}
}
