package org.unet3d.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.unet3d.data.BlockReader;
import org.unet3d.data.LabelStatistics;
import org.unet3d.data.LabeledVolume;
import org.unet3d.progress.Progress;

/**
 * Which parts of the stacks a run trains on and which it validates on, and how many labeled
 * voxels each class has there. Without separate validation stacks, a share of each training stack
 * is held out: a z-range, or a y-range of every slice when some slices have no labels (sparse
 * annotation, so that no annotated slice is lost to training); the range chosen holds the most
 * classes and, among those, the most voxels of the rarest one, so validation scores every class on
 * more than a sliver. Each stack is opened once for this.
 */
final class ValidationSplit {

	private final LoadedStacks stacks;
	private final LoadedStacks validationStacks;
	private final double fraction;
	private final List<Integer> trainParts = new ArrayList<>();
	private final List<Integer> heldOutParts = new ArrayList<>();
	private final List<LabelStatistics> trainStats = new ArrayList<>();
	private final ClassCensus census = new ClassCensus();
	private int channels = -1;
	/** True if validation holds out rows (y-ranges) instead of slices (sparsely labeled stacks). */
	private boolean heldOutRows;

	private ValidationSplit(final LoadedStacks stacks, final LoadedStacks validationStacks, final double fraction) {
		this.stacks = stacks;
		this.validationStacks = validationStacks;
		this.fraction = validationStacks.size() > 0 ? 0 : fraction;
	}

	/**
	 * Splits the stacks and counts their classes.
	 *
	 * @param fraction the share held out of each training stack, used when there are no validation stacks
	 * @param classes the number of classes if known (0 = from the labels)
	 * @throws IllegalArgumentException if the stacks' channel counts differ, or for label values that
	 *           are not class ids
	 */
	static ValidationSplit of(final LoadedStacks stacks, final LoadedStacks validationStacks, final double fraction,
		final int classes, final int ignore, final long seed, final Progress progress) throws IOException
	{
		final ValidationSplit split = new ValidationSplit(stacks, validationStacks, fraction);
		split.split(ignore, progress);
		split.count(classes, ignore, seed, progress);
		return split;
	}

	private void split(final int ignore, final Progress progress) throws IOException {
		String first = null;
		for (int i = 0; i < stacks.size(); i++) {
			final LabeledVolume v = stacks.volume(i, progress);
			if (channels < 0) {
				channels = v.image().channels();
				first = v.name();
			}
			else if (v.image().channels() != channels) throw new IllegalArgumentException("All training stacks need " +
				"the same number of channels: \"" + first + "\" has " + channels + ", \"" + v.name() + "\" has " + v
					.image().channels() + ".");
			final long d = v.image().depth();
			final long h = v.image().height();
			final List<long[]> perSlice = fraction > 0 ? classCounts(v, 0, ignore) : null;
			final int axis = fraction > 0 && h >= 2 && hasUnlabeled(perSlice) ? 1 : 0;
			final long size = axis == 0 ? d : h;
			if (fraction > 0 && size >= 2) {
				final long len = Math.max(1, Math.min(size - 1, Math.round(size * fraction)));
				final long from = heldOutStart(axis == 0 ? perSlice : classCounts(v, 1, ignore), len);
				if (from > 0) trainParts.add(stacks.addPart(i, axis, 0, from));
				heldOutParts.add(stacks.addPart(i, axis, from, from + len));
				if (from + len < size) trainParts.add(stacks.addPart(i, axis, from + len, size));
				heldOutRows |= axis == 1;
			}
			else trainParts.add(stacks.addPart(i, 0, 0, d));
		}
	}

	private void count(final int classes, final int ignore, final long seed, final Progress progress)
		throws IOException
	{
		progress.status("Reading labels...");
		for (final int p : trainParts) {
			final LabelStatistics s = LabelStatistics.of(stacks.part(p, progress).volume, classes, ignore, seed);
			trainStats.add(s);
			census.add(s);
		}
		for (final int p : heldOutParts)
			census.add(LabelStatistics.of(stacks.part(p, progress).volume, classes, ignore, seed));
		for (int i = 0; i < validationStacks.size(); i++) {
			final LabeledVolume v = validationStacks.volume(i, progress);
			if (v.image().channels() != channels) throw new IllegalArgumentException("The validation stack \"" + v
				.name() + "\" has " + v.image().channels() + " channel(s), the training stacks " + channels + ".");
			validationStacks.addPart(i, 0, 0, v.image().depth());
			census.add(LabelStatistics.of(v, classes, ignore, seed));
		}
	}

	/** Image channels of every stack. */
	int channels() {
		return channels;
	}

	/** The parts of {@link #trainingStacks()} to train on. */
	List<Integer> trainParts() {
		return Collections.unmodifiableList(trainParts);
	}

	/** Where each training part's classes are (for foreground-biased sampling), in the order of {@link #trainParts()}. */
	List<LabelStatistics> trainStats() {
		return Collections.unmodifiableList(trainStats);
	}

	/** Labeled voxels per class over all training and validation data. */
	ClassCensus census() {
		return census;
	}

	LoadedStacks trainingStacks() {
		return stacks;
	}

	/** The stacks validation reads: the separate validation stacks, or the training stacks' held-out parts. */
	LoadedStacks validationStacks() {
		return validationStacks.size() > 0 ? validationStacks : stacks;
	}

	/** The parts of {@link #validationStacks()} to score. */
	int[] validationParts() {
		if (validationStacks.size() > 0) {
			final int[] all = new int[validationStacks.parts()];
			for (int p = 0; p < all.length; p++)
				all[p] = p;
			return all;
		}
		return heldOutParts.stream().mapToInt(Integer::intValue).toArray();
	}

	/** For the log: "validating on 2 separate stack(s)", "...10 % of the slices, held out", or "" for none. */
	String describe() {
		if (validationStacks.size() > 0) return "validating on " + validationStacks.size() + " separate stack(s)";
		if (heldOutParts.isEmpty()) return "";
		return "validating on " + Math.round(fraction * 100) + (heldOutRows ? " % of the rows (y) of every slice, held " +
			"out, as some slices have no labels" : " % of the slices, held out");
	}

	/**
	 * The shape (z, y, x) of the largest training part (by voxels), for the automatic patch size:
	 * held-out validation slices can leave a stack in two parts, one of them a few slices thin, which
	 * must not make every patch that thin (smaller parts are mirrored at their borders).
	 */
	long[] largestTrainingShape(final Progress progress) throws IOException {
		long[] best = null;
		for (final int i : trainParts) {
			final long[] s = stacks.part(i, progress).volume.shapeZYX();
			if (best == null || s[0] * s[1] * s[2] > best[0] * best[1] * best[2]) best = s;
		}
		return best;
	}

	/**
	 * Where the held-out z-range of {@code len} slices starts: the range that holds the most of the
	 * stack's labeled classes and, among those, the most voxels of its rarest class (nearest the end
	 * of the stack on ties).
	 */
	static long heldOutStart(final LabeledVolume v, final long len, final int ignore) {
		return heldOutStart(classCounts(v, 0, ignore), len);
	}

	/** The same choice over any axis, from labeled voxels per class of each of its positions. */
	static long heldOutStart(final List<long[]> perIndex, final long len) {
		final int d = perIndex.size();
		int classes = 0;
		for (final long[] c : perIndex)
			classes = Math.max(classes, c.length);
		final long[] window = new long[classes];
		for (long z = d - len; z < d; z++)
			add(window, perIndex.get((int) z), 1);
		long best = d - len;
		long[] bestKey = key(window);
		for (long from = d - len - 1; from >= 0; from--) {
			add(window, perIndex.get((int) (from + len)), -1);
			add(window, perIndex.get((int) from), 1);
			final long[] k = key(window);
			if (k[0] > bestKey[0] || k[0] == bestKey[0] && k[1] > bestKey[1]) {
				bestKey = k;
				best = from;
			}
		}
		return best;
	}

	/** Labeled voxels per class in each slice (axis 0) or each row (axis 1, over all slices). */
	static List<long[]> classCounts(final LabeledVolume v, final int axis, final int ignore) {
		final long d = v.image().depth();
		final int w = (int) v.image().width();
		final int h = (int) v.image().height();
		final List<long[]> counts = new ArrayList<>();
		for (int i = 0; i < (axis == 0 ? d : h); i++)
			counts.add(new long[0]);
		final int[] ids = new int[w * h];
		final BlockReader labels = v.labelReader();
		for (long z = 0; z < d; z++) {
			labels.readInt(new long[] { 0, 0, z }, new int[] { w, h, 1 }, ids);
			for (int i = 0; i < ids.length; i++) {
				final int id = ids[i];
				if (id == ignore || id < 0 || id >= 4096) continue;
				final int at = axis == 0 ? (int) z : i / w;
				long[] c = counts.get(at);
				if (id >= c.length) counts.set(at, c = Arrays.copyOf(c, id + 1));
				c[id]++;
			}
		}
		return counts;
	}

	/** True if some slice has no labeled voxel. */
	static boolean hasUnlabeled(final List<long[]> perSlice) {
		for (final long[] c : perSlice) {
			long sum = 0;
			for (final long n : c)
				sum += n;
			if (sum == 0) return true;
		}
		return false;
	}

	private static void add(final long[] window, final long[] counts, final int sign) {
		for (int k = 0; k < counts.length; k++)
			window[k] += sign * counts[k];
	}

	/** {classes present, voxels of the rarest present class}. */
	private static long[] key(final long[] counts) {
		long present = 0;
		long rarest = Long.MAX_VALUE;
		for (final long c : counts)
			if (c > 0) {
				present++;
				rarest = Math.min(rarest, c);
			}
		return new long[] { present, present == 0 ? 0 : rarest };
	}
}
