package org.unet3d.metrics;

/**
 * Disjoint sets over labels 1, 2, 3, ... (long, in pages, so the count is not limited to 2^31).
 * A union hangs the larger root under the smaller, so every label's parent is at most the label
 * itself and each set's root is its smallest label. 8 bytes per label.
 */
final class UnionFind {

	private static final int PAGE_BITS = 16;
	private static final int PAGE = 1 << PAGE_BITS;
	private static final int MASK = PAGE - 1;

	private long[][] pages = new long[4][];
	private long size;

	/** A new label in a set of its own. */
	long add() {
		final long id = ++size;
		final int page = (int) (id >>> PAGE_BITS);
		if (page >= pages.length) pages = java.util.Arrays.copyOf(pages, pages.length * 2);
		if (pages[page] == null) pages[page] = new long[PAGE];
		pages[page][(int) (id & MASK)] = id;
		return id;
	}

	private long parent(final long i) {
		return pages[(int) (i >>> PAGE_BITS)][(int) (i & MASK)];
	}

	private void setParent(final long i, final long p) {
		pages[(int) (i >>> PAGE_BITS)][(int) (i & MASK)] = p;
	}

	/** The root (smallest label) of the set holding {@code i}, halving the path on the way. */
	long find(long i) {
		long p = parent(i);
		while (p != i) {
			final long g = parent(p);
			setParent(i, g);
			i = g;
			p = parent(i);
		}
		return i;
	}

	void union(final long a, final long b) {
		final long ra = find(a);
		final long rb = find(b);
		if (ra < rb) setParent(rb, ra);
		else if (rb < ra) setParent(ra, rb);
	}

	/**
	 * Points every label straight at its root, so that {@link #root} is one look-up; returns the
	 * number of sets. Call after the last union.
	 */
	long flatten() {
		long roots = 0;
		for (long i = 1; i <= size; i++) {
			final long p = parent(i);
			if (p == i) roots++;
			else setParent(i, parent(p)); // p < i is already flat
		}
		return roots;
	}

	/** The root of {@code i}, valid after {@link #flatten()}. */
	long root(final long i) {
		return parent(i);
	}
}
