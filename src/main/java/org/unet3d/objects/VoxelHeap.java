package org.unet3d.objects;

/**
 * A priority queue of voxels ordered by a float value, lowest first, and among equal values by the
 * order they were added (first in, first out), which makes the watershed deterministic and splits
 * plateaus evenly between the seeds that reach them. A binary heap of primitive longs (the value's
 * order-preserving bits above a 31-bit arrival number) beside the voxel indices: 12 bytes per
 * queued voxel, no boxing. Up to 2^31 additions.
 */
final class VoxelHeap {

	private long[] keys = new long[1 << 10];
	private int[] voxels = new int[1 << 10];
	private int size;
	private int arrivals;

	/** Adds a voxel; NaN counts as +infinity. */
	void add(final int voxel, final float value) {
		if (arrivals == Integer.MAX_VALUE) throw new IllegalStateException("More than 2^31 voxels queued");
		if (size == keys.length) {
			keys = java.util.Arrays.copyOf(keys, size * 2);
			voxels = java.util.Arrays.copyOf(voxels, size * 2);
		}
		final long key = (long) sortable(value) << 32 | arrivals++;
		int i = size++;
		while (i > 0) {
			final int parent = (i - 1) >>> 1;
			if (keys[parent] <= key) break;
			keys[i] = keys[parent];
			voxels[i] = voxels[parent];
			i = parent;
		}
		keys[i] = key;
		voxels[i] = voxel;
	}

	/** Removes and returns the voxel with the lowest value (the earliest among equals). */
	int remove() {
		final int top = voxels[0];
		final long key = keys[--size];
		final int voxel = voxels[size];
		int i = 0;
		while (true) {
			int child = 2 * i + 1;
			if (child >= size) break;
			if (child + 1 < size && keys[child + 1] < keys[child]) child++;
			if (keys[child] >= key) break;
			keys[i] = keys[child];
			voxels[i] = voxels[child];
			i = child;
		}
		keys[i] = key;
		voxels[i] = voxel;
		return top;
	}

	boolean isEmpty() {
		return size == 0;
	}

	/** An int whose signed order is the float order (-0 before +0; NaN as +infinity). */
	static int sortable(final float value) {
		final int bits = Float.floatToIntBits(value != value ? Float.POSITIVE_INFINITY : value);
		return bits < 0 ? bits ^ 0x7fffffff : bits;
	}
}
