package org.unet3d.metrics;

/**
 * 3D connected components (6-connectivity) of the foreground of a label image, slice by slice so
 * that only two slices of labels are held, never the whole volume. Foreground is every voxel whose
 * value is not the boundary class (nor the ignore value, if one is set).
 * <p>
 * Two passes over the slices, in z order both times. {@link #scan} gives each x-run of foreground a
 * provisional label and joins it (union-find) with the runs it touches in the row above and in the
 * slice before. {@link #finish} resolves the unions. {@link #replay} then numbers the runs again in
 * the same order, which gives the same provisional labels, and writes each voxel's component id
 * (the smallest provisional label of its component; ids are not consecutive). Memory: two slices
 * of longs plus 8 bytes per x-run.
 */
final class ComponentLabeler {

	private final int sx;
	private final int sy;
	private final int boundary;
	private final boolean hasIgnore;
	private final int ignore;
	private final UnionFind sets = new UnionFind();
	private long[] previous;
	private long[] current;
	private boolean hasPrevious;
	private long replayed;
	private long components = -1;

	ComponentLabeler(final int sx, final int sy, final int boundary, final boolean hasIgnore, final int ignore) {
		this.sx = sx;
		this.sy = sy;
		this.boundary = boundary;
		this.hasIgnore = hasIgnore;
		this.ignore = ignore;
	}

	boolean isForeground(final int v) {
		return v != boundary && !(hasIgnore && v == ignore);
	}

	/** First pass: the next slice's values, {@code values[x + sx * y]}. */
	void scan(final int[] values) {
		if (components >= 0) throw new IllegalStateException("scan after finish");
		if (current == null) {
			current = new long[sx * sy];
			previous = new long[sx * sy];
		}
		final long[] swap = previous;
		previous = current;
		current = swap;
		for (int y = 0; y < sy; y++) {
			long run = 0;
			long lastUp = 0;
			long lastBack = 0;
			for (int x = 0, i = y * sx; x < sx; x++, i++) {
				if (!isForeground(values[i])) {
					current[i] = 0;
					run = 0;
					continue;
				}
				if (run == 0) {
					run = sets.add();
					lastUp = 0;
					lastBack = 0;
				}
				current[i] = run;
				if (y > 0) {
					final long up = current[i - sx];
					if (up != 0 && up != lastUp) sets.union(run, up);
					lastUp = up;
				}
				if (hasPrevious) {
					final long back = previous[i];
					if (back != 0 && back != lastBack) sets.union(run, back);
					lastBack = back;
				}
			}
		}
		hasPrevious = true;
	}

	/** Ends the first pass; returns the number of components. */
	long finish() {
		components = sets.flatten();
		previous = null;
		current = null;
		return components;
	}

	/**
	 * Second pass: writes the component id of each voxel of the next slice into {@code ids}, 0 for
	 * background. Slices must come in the same order as in {@link #scan}.
	 */
	void replay(final int[] values, final long[] ids) {
		if (components < 0) throw new IllegalStateException("replay before finish");
		long next = replayed;
		for (int y = 0; y < sy; y++) {
			long id = 0;
			for (int x = 0, i = y * sx; x < sx; x++, i++) {
				if (isForeground(values[i])) {
					if (id == 0) id = sets.root(++next);
					ids[i] = id;
				}
				else {
					ids[i] = 0;
					id = 0;
				}
			}
		}
		replayed = next;
	}
}
