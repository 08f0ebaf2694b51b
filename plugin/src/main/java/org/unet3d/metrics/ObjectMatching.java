package org.unet3d.metrics;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;

import org.unet3d.data.BlockReader;

/**
 * Object-level comparison of a predicted object label image with the true one, the way StarDist
 * and Cellpose score instance segmentation: every pair of a truth object and a predicted object
 * that overlap has an IoU (intersection over union of their voxels); at a threshold t, pairs with
 * IoU >= t are candidates, and the objects are matched one to one, optimally (the most matches,
 * then the highest total IoU, as StarDist's and Cellpose's linear_sum_assignment; see
 * {@link OptimalMatching}). For t >= 0.5 an object has at most one candidate, except for exact ties
 * at 0.5, so greedy and optimal matching agree there.
 * <p>
 * Id 0 is background in both images; every other id is one object, wherever its voxels are. The
 * overlaps are counted in one pass over both images (a sparse table of id pairs, no copy of the
 * images); {@link #at} then matches at any threshold. Immutable.
 */
public final class ObjectMatching {

	/** The IoU thresholds reported by default: 0.5, 0.55, ..., 0.9. */
	public static final double[] THRESHOLDS = { 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9 };

	private final int truthObjects;
	private final int predictedObjects;
	private final int[] pairTruth;
	private final int[] pairPred;
	private final double[] pairIoU;

	private ObjectMatching(final int truthObjects, final int predictedObjects, final int[] pairTruth,
		final int[] pairPred, final double[] pairIoU)
	{
		this.truthObjects = truthObjects;
		this.predictedObjects = predictedObjects;
		this.pairTruth = pairTruth;
		this.pairPred = pairPred;
		this.pairIoU = pairIoU;
	}

	/**
	 * Counts the overlaps of two object label images (8, 16 or 32 bit, whole numbers).
	 *
	 * @throws IllegalArgumentException if the images differ in size or hold fractional values,
	 *           naming the fix
	 */
	public static <T extends RealType<T> & NativeType<T>, U extends RealType<U> & NativeType<U>> ObjectMatching of(
		final RandomAccessibleInterval<T> truth, final RandomAccessibleInterval<U> prediction)
	{
		LabelImages.checkPair(truth, prediction);
		final BlockReader truthReader = BlockReader.of(truth);
		final BlockReader predReader = BlockReader.of(prediction);
		final long[] dims = { truth.dimension(0), truth.dimension(1), truth.dimension(2) };
		final int[] block = LabelImages.blockSize(truth, LabelImages.BLOCK_VOXELS);
		final PairCounts table = new PairCounts();
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
					checkWhole(truth, "ground truth", tb, min, size);
					checkWhole(prediction, "prediction", pb, min, size);
					long run = 0;
					int lastT = 0;
					int lastP = 0;
					for (int i = 0; i < n; i++) {
						final int t = tb[i];
						final int p = pb[i];
						if (run > 0 && t == lastT && p == lastP) run++;
						else {
							if (run > 0 && (lastT != 0 || lastP != 0)) table.add(lastT, lastP, run);
							lastT = t;
							lastP = p;
							run = 1;
						}
					}
					if (run > 0 && (lastT != 0 || lastP != 0)) table.add(lastT, lastP, run);
				}
		return of(table);
	}

	/** The matching of a table (truth id, predicted id) -> voxels, with 0 for background on either side. */
	static ObjectMatching of(final PairCounts table) {
		final PairCounts truthSizes = new PairCounts();
		final PairCounts predSizes = new PairCounts();
		table.forEach((t, p, n) -> {
			if (t != 0) truthSizes.add(t, 0, n);
			if (p != 0) predSizes.add(p, 0, n);
		});
		final List<long[]> pairs = new ArrayList<>();
		table.forEach((t, p, n) -> {
			if (t != 0 && p != 0) pairs.add(new long[] { t, p, n });
		});
		final int m = pairs.size();
		final int[] pt = new int[m];
		final int[] pp = new int[m];
		final double[] iou = new double[m];
		for (int e = 0; e < m; e++) {
			final long[] q = pairs.get(e);
			pt[e] = (int) q[0];
			pp[e] = (int) q[1];
			final long a = truthSizes.get(q[0], 0);
			final long b = predSizes.get(q[1], 0);
			iou[e] = (double) q[2] / (a + b - q[2]);
		}
		return new ObjectMatching(truthSizes.size(), predSizes.size(), pt, pp, iou);
	}

	/** BlockReader marks fractional values (and float values of 10^9 or more) as Integer.MIN_VALUE. */
	private static <T extends RealType<T>> void checkWhole(final RandomAccessibleInterval<T> image, final String name,
		final int[] values, final long[] min, final int[] size)
	{
		if (image.getType() instanceof IntegerType) return;
		for (int i = 0; i < values.length; i++)
			if (values[i] == Integer.MIN_VALUE) {
				final long[] pos = LabelImages.position(min, size, i);
				final double v = LabelImages.valueAt(image, pos);
				throw new IllegalArgumentException("The " + name + " has the value " + LabelImages.format(v) + " at " +
					LabelImages.where(pos) + ", but object scores need object label images of whole numbers (below 10^9 in " +
					"32-bit float images). " + (name.equals("prediction")
						? "Is this a probability map? Score the object label image made from it."
						: "Convert the ground truth to a 16- or 32-bit integer label image."));
			}
	}

	/** Number of truth objects (distinct non-zero ids). */
	public int truthObjects() {
		return truthObjects;
	}

	/** Number of predicted objects (distinct non-zero ids). */
	public int predictedObjects() {
		return predictedObjects;
	}

	/**
	 * Matches at one IoU threshold.
	 *
	 * @param threshold in (0, 1]
	 */
	public ObjectMatchScores at(final double threshold) {
		if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("The IoU threshold must be above 0 " +
			"and at most 1, got " + threshold + ".");
		int m = 0;
		for (final double v : pairIoU)
			if (v >= threshold) m++;
		final int[] t = new int[m];
		final int[] p = new int[m];
		final double[] iou = new double[m];
		for (int e = 0, k = 0; e < pairIoU.length; e++)
			if (pairIoU[e] >= threshold) {
				t[k] = pairTruth[e];
				p[k] = pairPred[e];
				iou[k++] = pairIoU[e];
			}
		final int[] matched = OptimalMatching.match(t, p, iou);
		double sum = 0;
		for (final int e : matched)
			sum += iou[e];
		final long tp = matched.length;
		return new ObjectMatchScores(threshold, tp, predictedObjects - tp, truthObjects - tp, sum);
	}

	/** Matches at each of the thresholds, e.g. {@link #THRESHOLDS}. */
	public List<ObjectMatchScores> atEach(final double... thresholds) {
		final List<ObjectMatchScores> out = new ArrayList<>();
		for (final double t : thresholds)
			out.add(at(t));
		return out;
	}
}
