package org.unet3d.objects;

/**
 * Disjoint sets over ids 1, 2, 3, ... (a growing int array): a union hangs the larger root under
 * the smaller, so each set's root is its smallest id. 4 bytes per id.
 */
final class IntUnionFind {

	private int[] parent = new int[1 << 10];
	private int size;

	/** Makes ids up to {@code n} exist, each new one in a set of its own. */
	void grow(final int n) {
		if (n <= size) return;
		if (n >= parent.length) parent = java.util.Arrays.copyOf(parent, Math.max(n + 1, (int) Math.min(
			Integer.MAX_VALUE - 8, 2L * parent.length)));
		for (int i = size + 1; i <= n; i++)
			parent[i] = i;
		size = n;
	}

	int size() {
		return size;
	}

	/** The root (smallest id) of the set of {@code i}, halving the path on the way. */
	int find(int i) {
		while (parent[i] != i) {
			final int g = parent[parent[i]];
			parent[i] = g;
			i = g;
		}
		return i;
	}

	void union(final int a, final int b) {
		final int ra = find(a);
		final int rb = find(b);
		if (ra < rb) parent[rb] = ra;
		else if (rb < ra) parent[ra] = rb;
	}

	/**
	 * Numbers the sets 1..N in the order of their roots and returns, per id, its set's number (index
	 * 0 unused, 0).
	 */
	int[] numberSets() {
		final int[] number = new int[size + 1];
		int n = 0;
		for (int i = 1; i <= size; i++) {
			final int r = find(i);
			number[i] = r == i ? ++n : number[r];
		}
		return number;
	}
}
