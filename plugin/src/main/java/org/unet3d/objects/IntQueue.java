package org.unet3d.objects;

/** A first-in first-out queue of voxel indices, a growing ring of ints (no boxing). */
final class IntQueue {

	private int[] items = new int[1 << 10];
	private int head;
	private int size;

	void add(final int v) {
		if (size == items.length) {
			final int[] bigger = new int[items.length * 2];
			final int tail = items.length - head;
			System.arraycopy(items, head, bigger, 0, tail);
			System.arraycopy(items, 0, bigger, tail, head);
			items = bigger;
			head = 0;
		}
		items[(head + size) & (items.length - 1)] = v;
		size++;
	}

	int remove() {
		final int v = items[head];
		head = (head + 1) & (items.length - 1);
		size--;
		return v;
	}

	boolean isEmpty() {
		return size == 0;
	}

	int size() {
		return size;
	}

	/** The i-th item from the head (0 = next to be removed). */
	int get(final int i) {
		return items[(head + i) & (items.length - 1)];
	}

	void clear() {
		head = 0;
		size = 0;
	}
}
