package org.unet3d.objects;

/**
 * The queue of the watershed flood: voxels ordered by a float level, lowest first, and among equal
 * levels first in, first out, which makes the flood deterministic and splits plateaus evenly
 * between the seeds that reach them. Monotone: a voxel added below the level of the last voxel
 * taken out is queued at that level (water already there), so levels never go down.
 * <p>
 * A radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, "Faster algorithms for the shortest path
 * problem", J. ACM 37, 1990) over the 32 bits of the level: bucket b holds the voxels whose level
 * first differs from the last level taken out in bit b - 1 (bucket 0: equal to it). Taking out
 * empties bucket 0 in arrival order; when it is empty, the lowest non-empty bucket is spread into
 * the lower ones, in order, which keeps equal levels in arrival order. Each voxel moves at most 32
 * times, through arrays read and written in sequence: 8 bytes per queued voxel and cache-friendly,
 * unlike a binary heap.
 */
final class VoxelQueue {

	private final int[][] voxels = new int[33][];
	private final int[][] levels = new int[33][];
	private final int[] sizes = new int[33];
	private int head; // first unread item of bucket 0
	private int last; // unsigned: the level last taken out
	private int count;

	VoxelQueue() {
		for (int b = 0; b < 33; b++) {
			voxels[b] = new int[16];
			levels[b] = new int[16];
		}
	}

	/** Adds a voxel at {@code level} (NaN counts as +infinity), or at the current level if that is higher. */
	void add(final int voxel, final float level) {
		final int u = unsigned(level);
		push(voxel, Integer.compareUnsigned(u, last) < 0 ? last : u);
		count++;
	}

	private void push(final int voxel, final int u) {
		final int b = u == last ? 0 : 32 - Integer.numberOfLeadingZeros(u ^ last);
		int n = sizes[b];
		if (n == voxels[b].length) {
			if (b == 0 && head > 0) { // reuse the space of items already taken out
				System.arraycopy(voxels[0], head, voxels[0], 0, n - head);
				System.arraycopy(levels[0], head, levels[0], 0, n - head);
				n -= head;
				head = 0;
			}
			if (n == voxels[b].length) {
				voxels[b] = java.util.Arrays.copyOf(voxels[b], n * 2);
				levels[b] = java.util.Arrays.copyOf(levels[b], n * 2);
			}
		}
		voxels[b][n] = voxel;
		levels[b][n] = u;
		sizes[b] = n + 1;
	}

	/** Removes and returns the voxel of the lowest level, the earliest among equals. */
	int remove() {
		if (head == sizes[0]) spread();
		count--;
		return voxels[0][head++];
	}

	/**
	 * Bucket 0 is empty: takes the lowest non-empty bucket, makes its lowest level the last one and
	 * spreads it. Its voxels of that level stay in place (in order) and the array becomes bucket 0;
	 * the others go to lower buckets, so plateaus are not copied.
	 */
	private void spread() {
		int b = 1;
		while (sizes[b] == 0)
			b++;
		final int n = sizes[b];
		final int[] v = voxels[b];
		final int[] l = levels[b];
		int min = l[0];
		for (int i = 1; i < n; i++)
			if (Integer.compareUnsigned(l[i], min) < 0) min = l[i];
		last = min;
		voxels[b] = voxels[0];
		levels[b] = levels[0];
		sizes[b] = 0;
		sizes[0] = 0;
		head = 0;
		int kept = 0;
		for (int i = 0; i < n; i++) {
			if (l[i] == min) {
				v[kept] = v[i];
				l[kept++] = min;
			}
			else push(v[i], l[i]);
		}
		voxels[0] = v;
		levels[0] = l;
		sizes[0] = kept;
	}

	boolean isEmpty() {
		return count == 0;
	}

	/** An int whose unsigned order is the float order (-0 before +0; NaN as +infinity). */
	static int unsigned(final float value) {
		final int bits = Float.floatToIntBits(value != value ? Float.POSITIVE_INFINITY : value);
		return bits < 0 ? ~bits : bits | 0x80000000;
	}
}
