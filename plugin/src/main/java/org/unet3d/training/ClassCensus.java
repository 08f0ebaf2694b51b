package org.unet3d.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.unet3d.data.LabelStatistics;

/**
 * How many labeled voxels each class has over a run's stacks, and so how many classes the network
 * needs: the count asked for, else the largest class id + 1, whose ids must then all be used
 * (a stray value such as 255 for unlabeled voxels is explained, not trained as a class).
 */
final class ClassCensus {

	private long[] counts = new long[0];
	private int seen;
	private String first;

	/** Adds the classes of one stack part. */
	void add(final LabelStatistics s) {
		if (first == null) first = s.describe();
		seen = Math.max(seen, s.classesSeen());
		if (counts.length < s.classesSeen()) counts = Arrays.copyOf(counts, s.classesSeen());
		for (int k = 0; k < s.classesSeen(); k++)
			counts[k] += s.count(k);
	}

	/** Labeled voxels per class id (as many entries as ids seen). A copy. */
	long[] counts() {
		return counts.clone();
	}

	/**
	 * The number of classes to train.
	 *
	 * @param asked the number asked for, 0 = from the labels
	 * @param model the classes of the model a run starts from, 0 for a new network (a fine-tuned one
	 *          may gain classes)
	 * @throws IllegalArgumentException if the labels hold a larger id than asked for, only one class,
	 *           or ids with gaps
	 */
	int classes(final int asked, final int model) {
		if (asked > 0) {
			if (seen > asked) throw new IllegalArgumentException("The labels contain class " + (seen - 1) + " but " +
				asked + " classes were asked for.");
			return asked;
		}
		if (model > 0) return Math.max(model, seen);
		if (seen < 2) throw new IllegalArgumentException("The labels contain only one class (" + first + "). Label " +
			"at least two classes, e.g. 0 = background and 1 = object.");
		final List<Integer> missing = new ArrayList<>();
		for (int k = 0; k < seen; k++)
			if (counts[k] == 0) missing.add(k);
		if (!missing.isEmpty()) {
			final int max = seen - 1;
			throw new IllegalArgumentException("The labels use class id " + max + " but never " + (missing.size() > 5
				? missing.subList(0, 5) + "..." : missing) + ": class ids must be consecutive (0, 1, 2, ...). If " + max +
				" marks unlabeled voxels, set ignore=" + max + "; if it is an object class (e.g. a 0/" + max + " mask), " +
				"relabel it (e.g. Process > Math > Divide); to train " + seen + " classes anyway, give classes=" + seen +
				".");
		}
		return seen;
	}
}
