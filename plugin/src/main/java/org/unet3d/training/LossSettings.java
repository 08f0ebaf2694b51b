package org.unet3d.training;

import java.util.Arrays;

import org.unet3d.training.loss.LossKind;
import org.unet3d.training.loss.SegmentationLoss;

/** What the network minimizes: which loss, and the cross-entropy weight of each class. */
public final class LossSettings {

	// named after the keys of the training JSON in model files; set only by TrainingConfig.Builder
	LossKind loss = LossKind.CROSS_ENTROPY_AND_DICE;
	ClassWeighting classWeighting = ClassWeighting.EQUAL;
	double[] classWeights;

	LossSettings() {}

	public LossKind kind() {
		return loss;
	}

	/** How class weights are chosen when {@link #classWeights()} is null. */
	public ClassWeighting classWeighting() {
		return classWeighting;
	}

	/** Cross-entropy weight per class as given by the user, or null to use {@link #classWeighting()}. A copy. */
	public double[] classWeights() {
		return classWeights == null ? null : classWeights.clone();
	}

	/**
	 * The loss for {@code classes} classes whose labeled voxels are {@code counts}.
	 *
	 * @throws IllegalArgumentException if the given weights are not one per class
	 */
	public SegmentationLoss create(final int classes, final long[] counts) {
		final double[] w = classWeights != null ? classWeights.clone() : classWeighting.weights(Arrays.copyOf(counts,
			classes));
		if (w != null && w.length != classes) throw new IllegalArgumentException("Give one class weight per class: " +
			classes + " classes but " + w.length + " weights " + Arrays.toString(w));
		return loss.create(w);
	}

	void check() {
		if (loss == null || classWeighting == null) throw new IllegalArgumentException("Loss and class weighting " +
			"must be set");
		if (classWeights != null) for (final double w : classWeights)
			if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("Class weights must be >= 0, " +
				"got " + Arrays.toString(classWeights));
	}
}
