package org.unet3d.data;

import java.util.Arrays;
import java.util.Random;

/**
 * What a label stack contains: voxels per class, and a bounded random sample of voxel positions
 * of each class (for sampling patches around rare classes). Reading it also checks that the
 * labels are class ids, with messages that say how to fix them.
 */
public final class LabelStatistics {

	/** Most positions remembered per class (reservoir sample). */
	static final int POSITIONS_PER_CLASS = 20_000;

	private final long[] counts;
	private final long[][] positions; // per class, packed x + W * (y + H * z)
	private final int[] positionCount;
	private final long ignored;
	private final long width;
	private final long height;

	private LabelStatistics(final long[] counts, final long[][] positions, final int[] positionCount,
		final long ignored, final long width, final long height)
	{
		this.counts = counts;
		this.positions = positions;
		this.positionCount = positionCount;
		this.ignored = ignored;
		this.width = width;
		this.height = height;
	}

	/**
	 * Scans a label stack.
	 *
	 * @param classes expected class count, or 0 to accept any id up to 65535
	 * @param ignore label value that means "not annotated" (skipped), or -1 for none
	 * @throws IllegalArgumentException for values that are not class ids, naming the value and the fix
	 */
	public static LabelStatistics of(final LabeledVolume data, final int classes, final int ignore, final long seed) {
		final BlockReader reader = data.labelReader();
		final long w = data.image().width();
		final long h = data.image().height();
		final long d = data.image().depth();
		if (w * h > Integer.MAX_VALUE / 2) throw new IllegalArgumentException("Slices of " + w + " x " + h +
			" pixels are too large (over 2^30 pixels per slice)");
		final int maxClasses = classes > 0 ? classes : 65536;
		final long[] counts = new long[maxClasses];
		final long[][] positions = new long[maxClasses][];
		final int[] npos = new int[maxClasses];
		final Random rnd = new Random(seed);
		long ignored = 0;
		final int slab = (int) Math.max(1, Math.min(d, (1 << 22) / (w * h)));
		final int[] buf = new int[(int) (w * h) * slab];
		for (long z0 = 0; z0 < d; z0 += slab) {
			final int sz = (int) Math.min(slab, d - z0);
			final int n = (int) (w * h) * sz;
			final int[] b = n == buf.length ? buf : new int[n];
			reader.readInt(new long[] { 0, 0, z0 }, new int[] { (int) w, (int) h, sz }, b);
			for (int i = 0; i < n; i++) {
				final int v = b[i];
				if (v == ignore) {
					ignored++;
					continue;
				}
				if (v < 0 || v >= maxClasses) throw badValue(data, v, classes, ignore, i, w, h, z0);
				final long k = counts[v]++;
				final long packed = i + z0 * w * h;
				if (npos[v] < POSITIONS_PER_CLASS) {
					if (positions[v] == null) positions[v] = new long[64];
					else if (npos[v] == positions[v].length) positions[v] = Arrays.copyOf(positions[v], Math.min(
						POSITIONS_PER_CLASS, positions[v].length * 2));
					positions[v][npos[v]++] = packed;
				}
				else {
					final long r = (long) (rnd.nextDouble() * (k + 1));
					if (r < POSITIONS_PER_CLASS) positions[v][(int) r] = packed;
				}
			}
		}
		int used = 0;
		for (int k = 0; k < maxClasses; k++)
			if (counts[k] > 0) used = k + 1;
		final int keep = Math.max(used, classes);
		return new LabelStatistics(Arrays.copyOf(counts, keep), Arrays.copyOf(positions, keep), Arrays.copyOf(npos,
			keep), ignored, w, h);
	}

	private static IllegalArgumentException badValue(final LabeledVolume data, final int v, final int classes,
		final int ignore, final int i, final long w, final long h, final long z0)
	{
		final long x = i % w;
		final long y = (i / w) % h;
		final long z = z0 + i / (w * h);
		final String where = " at x=" + x + ", y=" + y + ", z=" + z + " of the labels of \"" + data.name() + "\"";
		if (v == Integer.MIN_VALUE) return new IllegalArgumentException("Labels must be whole-number class ids, " +
			"found a fractional value" + where + ". Use an 8- or 16-bit label image of class ids 0, 1, 2, ...");
		if (v < 0) return new IllegalArgumentException("Labels must be class ids 0, 1, 2, ..., found " + v + where + ".");
		return new IllegalArgumentException("Label " + v + where + " is not a class id: " + (classes > 0 ? "the model has " +
			classes + " classes (0.." + (classes - 1) + ")" : "too large") + (ignore >= 0 ? " and the unlabeled value is " +
				ignore : "") + ". If " + v + " marks unlabeled voxels, set ignore=" + v + "; otherwise relabel to " +
			"consecutive ids (e.g. Image > Lookup Tables, or Process > Math).");
	}

	/** Number of classes seen: the largest class id + 1. */
	public int classesSeen() {
		for (int k = counts.length - 1; k >= 0; k--)
			if (counts[k] > 0) return k + 1;
		return 0;
	}

	/** Voxels of class {@code k} (0 for classes never seen). */
	public long count(final int k) {
		return k < counts.length ? counts[k] : 0;
	}

	/** Voxels carrying the ignore value. */
	public long ignored() {
		return ignored;
	}

	/** Labeled (not ignored) voxels. */
	public long labeled() {
		long s = 0;
		for (final long c : counts)
			s += c;
		return s;
	}

	/**
	 * A random voxel of class {@code k} as {x, y, z}, or null if the class does not occur.
	 */
	public long[] randomPosition(final int k, final Random random) {
		if (k >= positionCount.length || positionCount[k] == 0) return null;
		final long p = positions[k][random.nextInt(positionCount[k])];
		return new long[] { p % width, (p / width) % height, p / (width * height) };
	}

	/** Class frequencies as a string, e.g. "0: 80.1 %, 1: 19.9 %". */
	public String describe() {
		final long total = labeled();
		final StringBuilder s = new StringBuilder();
		for (int k = 0; k < counts.length; k++)
			if (counts[k] > 0) s.append(s.length() == 0 ? "" : ", ").append(k).append(": ").append(String.format(
				java.util.Locale.ROOT, "%.1f %%", 100.0 * counts[k] / total));
		if (ignored > 0) s.append(" (").append(ignored).append(" unlabeled voxels)");
		return s.toString();
	}
}
