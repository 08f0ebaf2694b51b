package org.unet3d.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-to-one matching of truth to predicted objects over candidate pairs, the largest possible,
 * and among those the one of the highest total IoU. Each connected group of candidates is solved
 * on its own: a lone pair directly, larger groups by the Hungarian method (shortest augmenting
 * paths with potentials, O(n^2 m) for an n x m group). With IoU thresholds of 0.5 or more the groups
 * are lone pairs, except for exact ties at 0.5.
 */
final class OptimalMatching {

	private OptimalMatching() {}

	/**
	 * The matched candidates, as indices into the arrays.
	 *
	 * @param truth truth object index of each candidate pair
	 * @param pred predicted object index of each candidate pair
	 * @param iou the pair's IoU, in (0, 1]
	 */
	static int[] match(final int[] truth, final int[] pred, final double[] iou) {
		final int m = truth.length;
		final Map<Integer, Integer> truthNode = new HashMap<>();
		final Map<Integer, Integer> predNode = new HashMap<>();
		for (int e = 0; e < m; e++) {
			truthNode.putIfAbsent(truth[e], truthNode.size());
			predNode.putIfAbsent(pred[e], predNode.size());
		}
		final int nt = truthNode.size();
		final int[] parent = new int[nt + predNode.size()];
		for (int i = 0; i < parent.length; i++)
			parent[i] = i;
		for (int e = 0; e < m; e++)
			union(parent, truthNode.get(truth[e]), nt + predNode.get(pred[e]));
		final Map<Integer, List<Integer>> groups = new HashMap<>();
		for (int e = 0; e < m; e++)
			groups.computeIfAbsent(find(parent, truthNode.get(truth[e])), k -> new ArrayList<>()).add(e);
		final List<Integer> matched = new ArrayList<>();
		for (final List<Integer> edges : groups.values()) {
			if (edges.size() == 1) matched.add(edges.get(0));
			else matched.addAll(hungarian(edges, truth, pred, iou));
		}
		final int[] out = new int[matched.size()];
		for (int i = 0; i < out.length; i++)
			out[i] = matched.get(i);
		Arrays.sort(out);
		return out;
	}

	private static int find(final int[] parent, int i) {
		while (parent[i] != i) {
			parent[i] = parent[parent[i]];
			i = parent[i];
		}
		return i;
	}

	private static void union(final int[] parent, final int a, final int b) {
		final int ra = find(parent, a);
		final int rb = find(parent, b);
		if (ra != rb) parent[rb] = ra;
	}

	/** The best matching of one group of candidate pairs. */
	private static List<Integer> hungarian(final List<Integer> edges, final int[] truth, final int[] pred,
		final double[] iou)
	{
		final Map<Integer, Integer> rows = new HashMap<>();
		final Map<Integer, Integer> cols = new HashMap<>();
		for (final int e : edges) {
			rows.putIfAbsent(truth[e], rows.size());
			cols.putIfAbsent(pred[e], cols.size());
		}
		final boolean transpose = rows.size() > cols.size();
		final int n = transpose ? cols.size() : rows.size();
		final int mm = transpose ? rows.size() : cols.size();
		// weight: matches count first (n + 1 outweighs any IoU sum), IoU second; maximize = minimize -weight
		final double big = n + 1;
		final double[][] cost = new double[n + 1][mm + 1];
		final int[][] edge = new int[n + 1][mm + 1];
		for (final int[] row : edge)
			Arrays.fill(row, -1);
		for (final int e : edges) {
			int r = rows.get(truth[e]) + 1;
			int c = cols.get(pred[e]) + 1;
			if (transpose) {
				final int t = r;
				r = c;
				c = t;
			}
			cost[r][c] = -(big + iou[e]);
			edge[r][c] = e;
		}
		final int[] assigned = assign(cost, n, mm);
		final List<Integer> out = new ArrayList<>();
		for (int c = 1; c <= mm; c++) {
			final int r = assigned[c];
			if (r > 0 && edge[r][c] >= 0) out.add(edge[r][c]);
		}
		return out;
	}

	/**
	 * Minimum-cost assignment of every row to a different column (n <= m), cost indexed from 1;
	 * returns, per column, its row (0 = none).
	 */
	static int[] assign(final double[][] cost, final int n, final int m) {
		final double[] u = new double[n + 1];
		final double[] v = new double[m + 1];
		final int[] p = new int[m + 1];
		final int[] way = new int[m + 1];
		for (int i = 1; i <= n; i++) {
			p[0] = i;
			int j0 = 0;
			final double[] minv = new double[m + 1];
			Arrays.fill(minv, Double.POSITIVE_INFINITY);
			final boolean[] used = new boolean[m + 1];
			do {
				used[j0] = true;
				final int i0 = p[j0];
				double delta = Double.POSITIVE_INFINITY;
				int j1 = 0;
				for (int j = 1; j <= m; j++)
					if (!used[j]) {
						final double cur = cost[i0][j] - u[i0] - v[j];
						if (cur < minv[j]) {
							minv[j] = cur;
							way[j] = j0;
						}
						if (minv[j] < delta) {
							delta = minv[j];
							j1 = j;
						}
					}
				for (int j = 0; j <= m; j++)
					if (used[j]) {
						u[p[j]] += delta;
						v[j] -= delta;
					}
					else minv[j] -= delta;
				j0 = j1;
			}
			while (p[j0] != 0);
			do {
				final int j1 = way[j0];
				p[j0] = p[j1];
				j0 = j1;
			}
			while (j0 != 0);
		}
		return p;
	}
}
