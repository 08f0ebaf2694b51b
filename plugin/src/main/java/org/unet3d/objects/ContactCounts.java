package org.unet3d.objects;

/**
 * How many voxel faces each pair of objects shares: an open-addressing hash map from a pair of
 * ids (smaller first) to a count, in primitive arrays. Not thread-safe.
 */
final class ContactCounts {

	/** Visits one pair. */
	interface Visitor {

		void visit(int a, int b, long faces);
	}

	private static final long EMPTY = -1;

	private long[] keys;
	private long[] counts;
	private int size;

	ContactCounts() {
		allocate(1 << 8);
	}

	private void allocate(final int capacity) {
		keys = new long[capacity];
		counts = new long[capacity];
		java.util.Arrays.fill(keys, EMPTY);
		size = 0;
	}

	/** Adds one shared face between objects {@code a} and {@code b} (a != b, both positive). */
	void add(final int a, final int b) {
		add(Math.min(a, b) * (1L << 32) + Math.max(a, b), 1);
	}

	private void add(final long key, final long n) {
		final int mask = keys.length - 1;
		long h = key * 0x9E3779B97F4A7C15L;
		int i = (int) (h ^ h >>> 32) & mask;
		while (keys[i] != EMPTY) {
			if (keys[i] == key) {
				counts[i] += n;
				return;
			}
			i = (i + 1) & mask;
		}
		keys[i] = key;
		counts[i] = n;
		if (++size * 2 > keys.length) {
			final long[] k = keys;
			final long[] c = counts;
			allocate(k.length * 2);
			for (int j = 0; j < k.length; j++)
				if (k[j] != EMPTY) add(k[j], c[j]);
		}
	}

	void forEach(final Visitor visitor) {
		for (int i = 0; i < keys.length; i++)
			if (keys[i] != EMPTY) visitor.visit((int) (keys[i] >>> 32), (int) keys[i], counts[i]);
	}
}
