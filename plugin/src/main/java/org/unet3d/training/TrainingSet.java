package org.unet3d.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.unet3d.data.LabeledVolume;
import org.unet3d.data.StackSource;

/**
 * The annotated stacks a run trains on, and optionally separate stacks to validate on. Without
 * validation stacks, the last z-range of every training stack is held out instead
 * ({@link TrainingConfig#validationFraction()}). Stacks are {@link StackSource}s, opened when
 * needed. Immutable.
 */
public final class TrainingSet {

	private final List<StackSource> training;
	private final List<StackSource> validation;

	private TrainingSet(final List<StackSource> training, final List<StackSource> validation) {
		if (training.isEmpty()) throw new IllegalArgumentException("No training stacks given");
		this.training = Collections.unmodifiableList(new ArrayList<>(training));
		this.validation = Collections.unmodifiableList(new ArrayList<>(validation));
	}

	public static TrainingSet of(final List<StackSource> training) {
		return new TrainingSet(training, Collections.<StackSource> emptyList());
	}

	/** Stacks already in memory. */
	public static TrainingSet ofVolumes(final List<LabeledVolume> training) {
		final List<StackSource> s = new ArrayList<>();
		for (final LabeledVolume v : training)
			s.add(StackSource.of(v));
		return of(s);
	}

	/** The same training stacks, validated on these separate stacks (none: hold out z-ranges). */
	public TrainingSet withValidation(final List<StackSource> stacks) {
		return new TrainingSet(training, stacks);
	}

	public List<StackSource> training() {
		return training;
	}

	public List<StackSource> validation() {
		return validation;
	}
}
