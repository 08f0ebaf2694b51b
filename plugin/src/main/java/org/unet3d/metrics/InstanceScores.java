package org.unet3d.metrics;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;

import org.unet3d.data.BlockReader;

/**
 * How well a segmentation separates objects (e.g. neurons in EM), compared with the ground truth:
 * the foreground-restricted Rand error and the variation of information (VOI) split and merge
 * between two instance segmentations. Immutable. Lower errors are better; all are 0 for a perfect
 * segmentation, up to a renumbering of the objects.
 * <p>
 * <b>Segments.</b> {@link #fromBoundaryLabels} takes class label images (e.g. 0 = membrane, 1 =
 * cell) and uses as segments the 3D connected components (6-connectivity: faces, not edges or
 * corners) of the voxels that are not the boundary class, in each image separately; all other
 * classes count as one foreground. {@link #fromInstanceIds} takes object-id images as they are.
 * <p>
 * <b>Foreground restriction</b> (ISBI 2012 and CREMI conventions). Only the N voxels where the
 * truth is foreground (inside a truth segment) are evaluated. Among them, a voxel the prediction
 * calls boundary (id 0) is a segment of its own (a singleton): thick predicted membranes count as
 * splits. With n<sub>ij</sub> the voxels of truth segment i and predicted segment j, a<sub>i</sub> =
 * &Sigma;<sub>j</sub> n<sub>ij</sub> and b<sub>j</sub> = &Sigma;<sub>i</sub> n<sub>ij</sub>:
 * <ul>
 * <li><b>Rand</b> (the ISBI 2012 challenge's V<sup>Rand</sup>, Arganda-Carreras et al., Front.
 * Neuroanat. 2015): split score = &Sigma; n<sub>ij</sub><sup>2</sup> / &Sigma; a<sub>i</sub><sup>2</sup>
 * (Rand recall), merge score = &Sigma; n<sub>ij</sub><sup>2</sup> / &Sigma; b<sub>j</sub><sup>2</sup>
 * (Rand precision), V<sup>Rand</sup> = their harmonic mean (F-score), and <b>Rand error = 1 -
 * V<sup>Rand</sup></b>, between 0 and 1. This is SNEMI3D's "adapted Rand error"; CREMI's Python
 * code gives the same where the prediction has no id 0.
 * <li><b>VOI</b> (Meila 2003; split and merge as reported by CREMI), <b>in bits</b> (log base 2):
 * VOI split = H(prediction | truth) = &Sigma; (n<sub>ij</sub>/N) log<sub>2</sub>(a<sub>i</sub> /
 * n<sub>ij</sub>), which grows when truth objects are cut into pieces; VOI merge = H(truth |
 * prediction) = &Sigma; (n<sub>ij</sub>/N) log<sub>2</sub>(b<sub>j</sub> / n<sub>ij</sub>), which
 * grows when objects are glued together. Splitting one object in two halves costs 1 bit times its
 * share of N.
 * </ul>
 * Unlike the ISBI 2012 leaderboard, the labels are scored as they are: no thinning of boundaries and
 * no search for the best threshold of a probability map. With no truth foreground (N = 0) every
 * score is NaN. Two full passes over both images; memory is
 * two slices plus a hash map of (truth id, predicted id) counts, not a copy of the volume.
 */
public final class InstanceScores {

	private static final double LN2 = Math.log(2);

	private final long voxels;
	private final long unassigned;
	private final long truthSegments;
	private final long predictedSegments;
	private final double randSplit;
	private final double randMerge;
	private final double voiSplit;
	private final double voiMerge;

	private InstanceScores(final long voxels, final long unassigned, final long truthSegments,
		final long predictedSegments, final double randSplit, final double randMerge, final double voiSplit,
		final double voiMerge)
	{
		this.voxels = voxels;
		this.unassigned = unassigned;
		this.truthSegments = truthSegments;
		this.predictedSegments = predictedSegments;
		this.randSplit = randSplit;
		this.randMerge = randMerge;
		this.voiSplit = voiSplit;
		this.voiMerge = voiMerge;
	}

	/**
	 * Scores the connected components of the non-boundary voxels of two class label images.
	 *
	 * @param boundaryClass the class id of membranes / boundaries, e.g. 0
	 * @throws IllegalArgumentException if the images differ in size or hold fractional values
	 */
	public static <T extends RealType<T> & NativeType<T>, U extends RealType<U> & NativeType<U>> InstanceScores
		fromBoundaryLabels(final RandomAccessibleInterval<T> truth, final RandomAccessibleInterval<U> prediction,
			final int boundaryClass)
	{
		return fromBoundaryLabels(truth, prediction, boundaryClass, false, 0);
	}

	/**
	 * As {@link #fromBoundaryLabels(RandomAccessibleInterval, RandomAccessibleInterval, int)}, where
	 * truth voxels of {@code ignoreLabel} (unlabeled) belong to no truth segment and are not
	 * evaluated, like truth boundary.
	 */
	public static <T extends RealType<T> & NativeType<T>, U extends RealType<U> & NativeType<U>> InstanceScores
		fromBoundaryLabels(final RandomAccessibleInterval<T> truth, final RandomAccessibleInterval<U> prediction,
			final int boundaryClass, final int ignoreLabel)
	{
		return fromBoundaryLabels(truth, prediction, boundaryClass, true, ignoreLabel);
	}

	private static <T extends RealType<T> & NativeType<T>, U extends RealType<U> & NativeType<U>> InstanceScores
		fromBoundaryLabels(final RandomAccessibleInterval<T> truth, final RandomAccessibleInterval<U> prediction,
			final int boundary, final boolean hasIgnore, final int ignore)
	{
		LabelImages.checkPair(truth, prediction);
		final long plane = truth.dimension(0) * truth.dimension(1);
		if (plane > Integer.MAX_VALUE / 8) throw new IllegalArgumentException("A slice of " + truth.dimension(0) +
			" x " + truth.dimension(1) + " voxels is too large for instance scores; crop the stack in X and Y.");
		final int sx = (int) truth.dimension(0);
		final int sy = (int) truth.dimension(1);
		final long depth = truth.dimension(2);
		final BlockReader truthReader = BlockReader.of(truth);
		final BlockReader predReader = BlockReader.of(prediction);
		final ComponentLabeler truthParts = new ComponentLabeler(sx, sy, boundary, hasIgnore, ignore);
		final ComponentLabeler predParts = new ComponentLabeler(sx, sy, boundary, false, 0);
		final int[] size = { sx, sy, 1 };
		final long[] min = new long[3];
		final int[] tv = new int[sx * sy];
		final int[] pv = new int[sx * sy];
		for (min[2] = 0; min[2] < depth; min[2]++) {
			truthReader.readInt(min, size, tv);
			predReader.readInt(min, size, pv);
			checkWhole(truth, true, tv, min, size);
			checkWhole(prediction, false, pv, min, size);
			truthParts.scan(tv);
			predParts.scan(pv);
		}
		truthParts.finish();
		predParts.finish();
		final long[] tid = new long[sx * sy];
		final long[] pid = new long[sx * sy];
		final Tally tally = new Tally();
		for (min[2] = 0; min[2] < depth; min[2]++) {
			truthReader.readInt(min, size, tv);
			predReader.readInt(min, size, pv);
			truthParts.replay(tv, tid);
			predParts.replay(pv, pid);
			for (int i = 0; i < tid.length; i++)
				if (tid[i] != 0) tally.add(tid[i], pid[i]);
		}
		return tally.scores();
	}

	/**
	 * Scores two object-id images as they are (no connected components): truth id 0 is background and
	 * not evaluated; predicted id 0 is unassigned, each such voxel a segment of its own. Ids are any
	 * whole numbers (8, 16 or 32 bit); only equality matters.
	 *
	 * @throws IllegalArgumentException if the images differ in size or hold fractional values
	 */
	public static <T extends RealType<T> & NativeType<T>, U extends RealType<U> & NativeType<U>> InstanceScores
		fromInstanceIds(final RandomAccessibleInterval<T> truthIds, final RandomAccessibleInterval<U> predictedIds)
	{
		LabelImages.checkPair(truthIds, predictedIds);
		final BlockReader truthReader = BlockReader.of(truthIds);
		final BlockReader predReader = BlockReader.of(predictedIds);
		final long[] dims = { truthIds.dimension(0), truthIds.dimension(1), truthIds.dimension(2) };
		final int[] block = LabelImages.blockSize(truthIds, LabelImages.BLOCK_VOXELS);
		final Tally tally = new Tally();
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
					checkWhole(truthIds, true, tb, min, size);
					checkWhole(predictedIds, false, pb, min, size);
					for (int i = 0; i < n; i++)
						if (tb[i] != 0) tally.add(tb[i], pb[i]);
				}
		return tally.scores();
	}

	/** BlockReader marks fractional values as Integer.MIN_VALUE; tell those from a true -2^31. */
	private static <T extends RealType<T>> void checkWhole(final RandomAccessibleInterval<T> image,
		final boolean isTruth, final int[] values, final long[] min, final int[] size)
	{
		final int n = size[0] * size[1] * size[2];
		final boolean floating = !(image.getType() instanceof IntegerType);
		for (int i = 0; i < n; i++)
			if (values[i] == Integer.MIN_VALUE) {
				final long[] pos = LabelImages.position(min, size, i);
				final double v = LabelImages.valueAt(image, pos);
				// a float image's whole values from 10^9 up all read as MIN_VALUE, so they cannot be told apart
				if (LabelImages.isWhole(v) && !(floating && Math.abs(v) >= 1e9 && v != Integer.MIN_VALUE)) continue;
				throw new IllegalArgumentException("The " + (isTruth ? "ground truth" : "prediction") + " has the value " +
					LabelImages.format(v) + " at " + LabelImages.where(pos) + ", but instance scores need label images of " +
					"whole numbers (below 10^9 in 32-bit float images). " + (isTruth
						? "Convert the ground truth to an 8- or 16-bit label image."
						: "Is this a probability map? Evaluate the label image that segmentation produced."));
			}
	}

	/** Accumulates the contingency table, merging runs of equal pairs before touching the map. */
	private static final class Tally {

		private final PairCounts table = new PairCounts();
		private long lastTruth;
		private long lastPred;
		private long run;

		void add(final long truth, final long pred) {
			if (run > 0 && truth == lastTruth && pred == lastPred) {
				run++;
				return;
			}
			flush();
			lastTruth = truth;
			lastPred = pred;
			run = 1;
		}

		private void flush() {
			if (run > 0) table.add(lastTruth, lastPred, run);
			run = 0;
		}

		InstanceScores scores() {
			flush();
			return InstanceScores.of(table);
		}
	}

	/** The scores of a contingency table (truth id, predicted id or 0 for unassigned) -> voxels. */
	static InstanceScores of(final PairCounts table) {
		final PairCounts truthSizes = new PairCounts();
		final PairCounts predSizes = new PairCounts();
		final long[] sums = new long[2]; // N, unassigned
		final double[] squares = new double[1]; // sum of n_ij^2 over assigned voxels
		table.forEach((a, b, n) -> {
			truthSizes.add(a, 0, n);
			sums[0] += n;
			if (b == 0) sums[1] += n;
			else {
				predSizes.add(b, 0, n);
				squares[0] += (double) n * n;
			}
		});
		final long total = sums[0];
		final long unassigned = sums[1];
		if (total == 0) return new InstanceScores(0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		final double[] sumA = new double[1];
		truthSizes.forEach((a, b, n) -> sumA[0] += (double) n * n);
		final double[] sumB = new double[1];
		predSizes.forEach((a, b, n) -> sumB[0] += (double) n * n);
		final double sumAB = squares[0] + unassigned;
		final double randSplit = sumAB / sumA[0];
		final double randMerge = sumAB / (sumB[0] + unassigned);
		final double[] voi = new double[2]; // split, merge, in nat * voxels
		table.forEach((a, b, n) -> {
			final double ai = truthSizes.get(a, 0);
			if (b == 0) voi[0] += n * Math.log(ai); // n singletons, each log(a_i / 1)
			else {
				voi[0] += n * Math.log(ai / n);
				voi[1] += n * Math.log(predSizes.get(b, 0) / (double) n);
			}
		});
		return new InstanceScores(total, unassigned, truthSizes.size(), predSizes.size(), randSplit, randMerge,
			voi[0] / total / LN2, voi[1] / total / LN2);
	}

	/** Rand error = 1 - V<sup>Rand</sup> (0 = perfect, at most 1). */
	public double randError() {
		return 1 - randFScore();
	}

	/** V<sup>Rand</sup>, the F-score of the Rand split and merge scores (1 = perfect). */
	public double randFScore() {
		return 2 * randSplit * randMerge / (randSplit + randMerge);
	}

	/** Rand split score (Rand recall), 1 when no truth object is split. */
	public double randSplitScore() {
		return randSplit;
	}

	/** Rand merge score (Rand precision), 1 when no two truth objects are merged. */
	public double randMergeScore() {
		return randMerge;
	}

	/** VOI split, H(prediction | truth), in bits: 0 when no truth object is split. */
	public double voiSplit() {
		return voiSplit;
	}

	/** VOI merge, H(truth | prediction), in bits: 0 when no two truth objects are merged. */
	public double voiMerge() {
		return voiMerge;
	}

	/** Variation of information, split + merge, in bits. */
	public double voi() {
		return voiSplit + voiMerge;
	}

	/** N, the voxels evaluated: those inside a truth segment. */
	public long voxels() {
		return voxels;
	}

	/** Evaluated voxels that the prediction calls boundary (each counted as a singleton segment). */
	public long unassignedVoxels() {
		return unassigned;
	}

	/** Number of truth segments. */
	public long truthSegments() {
		return truthSegments;
	}

	/** Number of predicted segments that overlap a truth segment (singletons not counted). */
	public long predictedSegments() {
		return predictedSegments;
	}

	@Override
	public String toString() {
		return "InstanceScores Rand error " + randError() + " (split " + randSplit + ", merge " + randMerge +
			"), VOI split " + voiSplit + " bits, merge " + voiMerge + " bits, " + truthSegments + " truth / " +
			predictedSegments + " predicted segments over " + voxels + " voxels";
	}
}
