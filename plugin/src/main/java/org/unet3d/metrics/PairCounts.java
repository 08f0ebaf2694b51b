package org.unet3d.metrics;

/**
 * Voxel counts per pair of segment ids (truth id, predicted id): the sparse contingency table of
 * two segmentations, as an open-addressing hash map of primitive longs (no boxing). Not
 * thread-safe. Any ids but {@code Long.MIN_VALUE} as first id.
 */
final class PairCounts {

	/** Visits one entry of the table. */
	interface Visitor {

		void visit(long a, long b, long count);
	}

	private static final long EMPTY = Long.MIN_VALUE;

	private long[] keyA;
	private long[] keyB;
	private long[] values;
	private int size;

	PairCounts() {
		allocate(1 << 8);
	}

	private void allocate(final int capacity) {
		keyA = new long[capacity];
		keyB = new long[capacity];
		values = new long[capacity];
		java.util.Arrays.fill(keyA, EMPTY);
		size = 0;
	}

	private static int hash(final long a, final long b) {
		long h = a * 0x9E3779B97F4A7C15L + b;
		h ^= h >>> 31;
		h *= 0xBF58476D1CE4E5B9L;
		h ^= h >>> 29;
		return (int) (h ^ (h >>> 32));
	}

	/** Adds {@code n} voxels to the pair (a, b). */
	void add(final long a, final long b, final long n) {
		final int mask = keyA.length - 1;
		int i = hash(a, b) & mask;
		while (keyA[i] != EMPTY) {
			if (keyA[i] == a && keyB[i] == b) {
				values[i] += n;
				return;
			}
			i = (i + 1) & mask;
		}
		keyA[i] = a;
		keyB[i] = b;
		values[i] = n;
		if (++size * 2 > keyA.length) rehash();
	}

	/** The count of pair (a, b), 0 if absent. */
	long get(final long a, final long b) {
		final int mask = keyA.length - 1;
		int i = hash(a, b) & mask;
		while (keyA[i] != EMPTY) {
			if (keyA[i] == a && keyB[i] == b) return values[i];
			i = (i + 1) & mask;
		}
		return 0;
	}

	private void rehash() {
		if (keyA.length >= 1 << 30) throw new IllegalStateException("More than 2^29 distinct segment pairs");
		final long[] a = keyA;
		final long[] b = keyB;
		final long[] v = values;
		allocate(a.length * 2);
		for (int i = 0; i < a.length; i++)
			if (a[i] != EMPTY) add(a[i], b[i], v[i]);
	}

	/** Number of distinct pairs. */
	int size() {
		return size;
	}

	void forEach(final Visitor visitor) {
		for (int i = 0; i < keyA.length; i++)
			if (keyA[i] != EMPTY) visitor.visit(keyA[i], keyB[i], values[i]);
	}
}
