package org.unet3d.metrics;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

import org.unet3d.data.BlockReader;

/**
 * How many voxels of each ground-truth class were predicted as each class: a K x K matrix of voxel
 * counts, rows = truth class, columns = predicted class, counted from two XYZ label images of the
 * same size. Immutable; {@link #add} merges the counts of several stacks.
 */
public final class ConfusionCounts {

	/** Most classes supported (the matrix holds K * K counts). */
	public static final int MAX_CLASSES = 1024;

	private final int k;
	/** counts[t * k + p]. */
	private final long[] counts;
	private final long ignored;

	private ConfusionCounts(final int k, final long[] counts, final long ignored) {
		this.k = k;
		this.counts = counts;
		this.ignored = ignored;
	}

	/**
	 * Counts two label images of {@code numClasses} classes (ids 0 to numClasses - 1).
	 *
	 * @throws IllegalArgumentException if the images differ in size or hold a value that is not a
	 *           class id; the message names the image, the value, the voxel and the fix
	 */
	public static <T extends RealType<T> & NativeType<T>, U extends RealType<U> & NativeType<U>> ConfusionCounts count(
		final RandomAccessibleInterval<T> truth, final RandomAccessibleInterval<U> prediction, final int numClasses)
	{
		checkNumClasses(numClasses);
		return count(truth, prediction, numClasses, false, 0, LabelImages.BLOCK_VOXELS);
	}

	/**
	 * Counts two label images of {@code numClasses} classes, skipping voxels whose truth is
	 * {@code ignoreLabel} (e.g. 255 = unlabeled); the prediction is not looked at there.
	 *
	 * @throws IllegalArgumentException as {@link #count(RandomAccessibleInterval, RandomAccessibleInterval, int)}
	 */
	public static <T extends RealType<T> & NativeType<T>, U extends RealType<U> & NativeType<U>> ConfusionCounts count(
		final RandomAccessibleInterval<T> truth, final RandomAccessibleInterval<U> prediction, final int numClasses,
		final int ignoreLabel)
	{
		checkNumClasses(numClasses);
		return count(truth, prediction, numClasses, true, ignoreLabel, LabelImages.BLOCK_VOXELS);
	}

	/**
	 * Counts two label images, with K = largest label + 1 over both images (at least 1).
	 *
	 * @throws IllegalArgumentException if the images differ in size, hold a negative or fractional
	 *           value, or a label of {@link #MAX_CLASSES} or more
	 */
	public static <T extends RealType<T> & NativeType<T>, U extends RealType<U> & NativeType<U>> ConfusionCounts
		countInferringClasses(final RandomAccessibleInterval<T> truth, final RandomAccessibleInterval<U> prediction)
	{
		return count(truth, prediction, 0, false, 0, LabelImages.BLOCK_VOXELS);
	}

	/**
	 * Counts two label images skipping voxels whose truth is {@code ignoreLabel}, with K = largest
	 * label + 1 over the truth (without the ignore label) and the prediction where the truth is not
	 * ignored.
	 *
	 * @throws IllegalArgumentException as the method without ignore label
	 */
	public static <T extends RealType<T> & NativeType<T>, U extends RealType<U> & NativeType<U>> ConfusionCounts
		countInferringClasses(final RandomAccessibleInterval<T> truth, final RandomAccessibleInterval<U> prediction,
			final int ignoreLabel)
	{
		return count(truth, prediction, 0, true, ignoreLabel, LabelImages.BLOCK_VOXELS);
	}

	/** Counts from a K x K matrix (rows = truth class, columns = predicted class). */
	public static ConfusionCounts of(final long[][] matrix) {
		final int k = matrix.length;
		checkNumClasses(k);
		final long[] c = new long[k * k];
		for (int t = 0; t < k; t++) {
			if (matrix[t].length != k) throw new IllegalArgumentException("A confusion matrix must be square: row " + t +
				" has " + matrix[t].length + " entries, expected " + k);
			for (int p = 0; p < k; p++) {
				if (matrix[t][p] < 0) throw new IllegalArgumentException("Negative count " + matrix[t][p] + " at truth " +
					t + ", predicted " + p);
				c[t * k + p] = matrix[t][p];
			}
		}
		return new ConfusionCounts(k, c, 0);
	}

	/** No voxels counted yet, for {@code numClasses} classes; a start for {@link #add}. */
	public static ConfusionCounts empty(final int numClasses) {
		checkNumClasses(numClasses);
		return new ConfusionCounts(numClasses, new long[numClasses * numClasses], 0);
	}

	private static void checkNumClasses(final int k) {
		if (k < 1 || k > MAX_CLASSES) throw new IllegalArgumentException("The number of classes must be 1 to " +
			MAX_CLASSES + ", got " + k);
	}

	/** The counting itself; {@code givenK == 0} infers K. Package-private for tests of block edges. */
	static <T extends RealType<T> & NativeType<T>, U extends RealType<U> & NativeType<U>> ConfusionCounts count(
		final RandomAccessibleInterval<T> truth, final RandomAccessibleInterval<U> prediction, final int givenK,
		final boolean hasIgnore, final int ignore, final int blockVoxels)
	{
		LabelImages.checkPair(truth, prediction);
		final BlockReader truthReader = BlockReader.of(truth);
		final BlockReader predReader = BlockReader.of(prediction);
		final long[] dims = { truth.dimension(0), truth.dimension(1), truth.dimension(2) };
		final int[] block = LabelImages.blockSize(truth, blockVoxels);
		final boolean infer = givenK == 0;
		int k = infer ? 1 : givenK;
		long[] m = new long[k * k];
		long ignored = 0;
		int[] tb = new int[0];
		int[] pb = new int[0];
		final long[] min = new long[3];
		final int[] size = new int[3];
		for (min[2] = 0; min[2] < dims[2]; min[2] += block[2])
			for (min[1] = 0; min[1] < dims[1]; min[1] += block[1])
				for (min[0] = 0; min[0] < dims[0]; min[0] += block[0]) {
					for (int d = 0; d < 3; d++)
						size[d] = (int) Math.min(block[d], dims[d] - min[d]);
					final int n = size[0] * size[1] * size[2];
					if (tb.length != n) {
						tb = new int[n];
						pb = new int[n];
					}
					truthReader.readInt(min, size, tb);
					predReader.readInt(min, size, pb);
					if (infer) {
						final int needed = largestLabel(truth, prediction, tb, pb, n, hasIgnore, ignore, min, size) + 1;
						if (needed > k) {
							m = grow(m, k, needed);
							k = needed;
						}
					}
					for (int i = 0; i < n; i++) {
						final int t = tb[i];
						if (hasIgnore && t == ignore) {
							ignored++;
							continue;
						}
						final int p = pb[i];
						if (t < 0 || t >= k) throw notAClassId(truth, true, min, size, i, k, infer, hasIgnore);
						if (p < 0 || p >= k) throw notAClassId(prediction, false, min, size, i, k, infer, hasIgnore);
						m[t * k + p]++;
					}
				}
		return new ConfusionCounts(k, m, ignored);
	}

	/** The largest label of a block (truth without ignored voxels, prediction where truth is counted). */
	private static <T extends RealType<T>, U extends RealType<U>> int largestLabel(
		final RandomAccessibleInterval<T> truth, final RandomAccessibleInterval<U> prediction, final int[] tb,
		final int[] pb, final int n, final boolean hasIgnore, final int ignore, final long[] min, final int[] size)
	{
		int max = 0;
		for (int i = 0; i < n; i++) {
			final int t = tb[i];
			if (hasIgnore && t == ignore) continue;
			final int p = pb[i];
			if (t < 0) throw notAClassId(truth, true, min, size, i, 0, true, hasIgnore);
			if (p < 0) throw notAClassId(prediction, false, min, size, i, 0, true, hasIgnore);
			final int larger = Math.max(t, p);
			if (larger > max) {
				if (t >= MAX_CLASSES) throw notAClassId(truth, true, min, size, i, 0, true, hasIgnore);
				if (p >= MAX_CLASSES) throw notAClassId(prediction, false, min, size, i, 0, true, hasIgnore);
				max = larger;
			}
		}
		return max;
	}

	private static long[] grow(final long[] m, final int k, final int newK) {
		final long[] g = new long[newK * newK];
		for (int t = 0; t < k; t++)
			System.arraycopy(m, t * k, g, t * newK, k);
		return g;
	}

	/** The message for a value that is not a class id, from the exact value in the image. */
	private static <T extends RealType<T>> IllegalArgumentException notAClassId(final RandomAccessibleInterval<T> image,
		final boolean isTruth, final long[] min, final int[] size, final int i, final int k, final boolean inferred,
		final boolean hasIgnore)
	{
		final long[] pos = LabelImages.position(min, size, i);
		final double v = LabelImages.valueAt(image, pos);
		final String name = isTruth ? "ground truth" : "prediction";
		final StringBuilder s = new StringBuilder("The ").append(name).append(" has the value ").append(LabelImages
			.format(v)).append(" at ").append(LabelImages.where(pos)).append(", which is not a class id: ");
		final String kText = inferred ? "K = largest label + 1, inferred from the images"
			: "K = " + k + (k == 1 ? " class" : " classes");
		if (!LabelImages.isWhole(v)) {
			s.append("class ids are whole numbers (").append(kText).append("). ");
			s.append(isTruth ? "Convert the ground truth to an 8- or 16-bit label image."
				: "Is this a probability map? Evaluate the label image that segmentation produced.");
		}
		else if (v < 0) {
			s.append("class ids are 0 or more (").append(kText).append("). ");
			s.append(isTruth ? "If " + LabelImages.format(v) + " marks unlabeled voxels, set it as the ignore label."
				: "Check that the prediction is a label image with the same class ids as the ground truth.");
		}
		else if (inferred) {
			s.append("it would make ").append(LabelImages.format(v + 1)).append(" classes, and at most ").append(
				MAX_CLASSES).append(" are supported. Is this an instance (object id) image rather than class labels?");
			if (isTruth && !hasIgnore) s.append(" If ").append(LabelImages.format(v)).append(
				" marks unlabeled voxels, set it as the ignore label.");
		}
		else {
			s.append("class ids are 0 to ").append(k - 1).append(" (").append(kText).append("). ");
			s.append(isTruth ? "Give the right number of classes" + (hasIgnore ? "."
				: ", or if " + LabelImages.format(v) + " marks unlabeled voxels, set it as the ignore label.")
				: "Give the right number of classes, or check that the prediction uses the ground truth's class ids.");
		}
		return new IllegalArgumentException(s.toString());
	}

	/** The sum of two counts (e.g. of two stacks); K is the larger of the two. This is not changed. */
	public ConfusionCounts add(final ConfusionCounts other) {
		final int n = Math.max(k, other.k);
		final long[] sum = new long[n * n];
		for (int t = 0; t < k; t++)
			for (int p = 0; p < k; p++)
				sum[t * n + p] = counts[t * k + p];
		for (int t = 0; t < other.k; t++)
			for (int p = 0; p < other.k; p++)
				sum[t * n + p] += other.counts[t * other.k + p];
		return new ConfusionCounts(n, sum, ignored + other.ignored);
	}

	/** K, the number of classes. */
	public int numClasses() {
		return k;
	}

	/** Voxels of truth class {@code t} predicted as class {@code p}. */
	public long counts(final int t, final int p) {
		checkClass(t);
		checkClass(p);
		return counts[t * k + p];
	}

	/** All voxels counted (without ignored ones). */
	public long total() {
		long s = 0;
		for (final long c : counts)
			s += c;
		return s;
	}

	/** Voxels skipped because their truth was the ignore label. */
	public long ignored() {
		return ignored;
	}

	/** Voxels whose truth is class {@code c} (row sum). */
	public long truthVoxels(final int c) {
		checkClass(c);
		long s = 0;
		for (int p = 0; p < k; p++)
			s += counts[c * k + p];
		return s;
	}

	/** Voxels predicted as class {@code c} (column sum, ignored voxels left out). */
	public long predictedVoxels(final int c) {
		checkClass(c);
		long s = 0;
		for (int t = 0; t < k; t++)
			s += counts[t * k + c];
		return s;
	}

	/** True positives of class {@code c}: truth c, predicted c. */
	public long tp(final int c) {
		return counts(c, c);
	}

	/** False positives of class {@code c}: predicted c, truth another class. */
	public long fp(final int c) {
		return predictedVoxels(c) - tp(c);
	}

	/** False negatives of class {@code c}: truth c, predicted another class. */
	public long fn(final int c) {
		return truthVoxels(c) - tp(c);
	}

	/** True negatives of class {@code c}: neither truth nor prediction is c. */
	public long tn(final int c) {
		return total() - truthVoxels(c) - predictedVoxels(c) + tp(c);
	}

	/** A copy of the matrix, {@code [truth][predicted]}. */
	public long[][] matrix() {
		final long[][] m = new long[k][k];
		for (int t = 0; t < k; t++)
			System.arraycopy(counts, t * k, m[t], 0, k);
		return m;
	}

	private void checkClass(final int c) {
		if (c < 0 || c >= k) throw new IndexOutOfBoundsException("Class " + c + " of " + k + " classes");
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof ConfusionCounts)) return false;
		final ConfusionCounts c = (ConfusionCounts) o;
		return k == c.k && ignored == c.ignored && Arrays.equals(counts, c.counts);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * k + Long.hashCode(ignored)) + Arrays.hashCode(counts);
	}

	@Override
	public String toString() {
		return "ConfusionCounts " + k + " classes, " + total() + " voxels" + (ignored > 0 ? ", " + ignored + " ignored"
			: "") + ": " + Arrays.deepToString(matrix());
	}
}
