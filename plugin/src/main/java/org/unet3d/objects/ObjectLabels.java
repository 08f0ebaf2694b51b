package org.unet3d.objects;

import java.util.List;

import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Fraction;

/**
 * An object label image in memory: one id per voxel (X fastest, see {@link StackShape}), 0 for
 * background and 1..N for the N objects, with no gaps. The object makers, the seeds and the
 * watershed all hand their results over as this.
 */
public final class ObjectLabels {

	private final int[] ids;
	private final int count;
	private final StackShape shape;

	/**
	 * Wraps ids without copying.
	 *
	 * @param count N, the largest id; every id from 1 to N must occur
	 */
	ObjectLabels(final int[] ids, final int count, final StackShape shape) {
		shape.check(ids.length, "object label image");
		this.ids = ids;
		this.count = count;
		this.shape = shape;
	}

	/**
	 * Numbers the objects of an id image 1..N with no gaps, keeping their order (ids may be any
	 * non-negative ints; 0 stays background). The array is changed in place and wrapped.
	 */
	public static ObjectLabels compact(final int[] ids, final StackShape shape) {
		shape.check(ids.length, "object label image");
		int max = 0;
		for (final int v : ids) {
			if (v < 0) throw new IllegalArgumentException("Object ids must not be negative, found " + v + ".");
			if (v > max) max = v;
		}
		if (max > ids.length) return compactSparse(ids, shape); // few ids spread up to 2^31: no table of max entries
		final int[] used = new int[max + 1];
		for (final int v : ids)
			used[v] = 1;
		used[0] = 0;
		int n = 0;
		for (int v = 1; v <= max; v++)
			if (used[v] != 0) used[v] = ++n;
		if (n != max) for (int i = 0; i < ids.length; i++)
			ids[i] = used[ids[i]];
		return new ObjectLabels(ids, n, shape);
	}

	/** {@link #compact} by sorting a copy of the ids (for ids far larger than the number of voxels). */
	private static ObjectLabels compactSparse(final int[] ids, final StackShape shape) {
		final int[] sorted = ids.clone();
		java.util.Arrays.sort(sorted);
		int n = 0;
		for (int i = 0; i < sorted.length; i++)
			if (sorted[i] != 0 && (n == 0 || sorted[i] != sorted[n - 1])) sorted[n++] = sorted[i];
		for (int i = 0; i < ids.length; i++)
			if (ids[i] != 0) ids[i] = java.util.Arrays.binarySearch(sorted, 0, n, ids[i]) + 1;
		return new ObjectLabels(ids, n, shape);
	}

	/** The id of every voxel (the array itself, not a copy). */
	public int[] ids() {
		return ids;
	}

	/** N, the number of objects. */
	public int count() {
		return count;
	}

	public StackShape shape() {
		return shape;
	}

	/** 16 when the ids fit an unsigned 16-bit image (N < 65536), else 32. */
	public int bitDepth() {
		return count < 65536 ? 16 : 32;
	}

	/**
	 * The label image as one plane per z-slice, axes X, Y, Z: unsigned 16-bit when N < 65536, else
	 * signed 32-bit integers (ImageJ 1 shows 32-bit images as float, exact for ids up to 2^24).
	 */
	public PlanarImg<?, ?> toImg() {
		final int plane = shape.plane();
		final long[] dims = { shape.width(), shape.height(), shape.depth() };
		if (bitDepth() == 16) {
			final List<ShortArray> planes = new java.util.ArrayList<>(shape.depth());
			for (int z = 0; z < shape.depth(); z++) {
				final short[] s = new short[plane];
				for (int i = 0; i < plane; i++)
					s[i] = (short) ids[z * plane + i];
				planes.add(new ShortArray(s));
			}
			final PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(planes, dims, new Fraction());
			img.setLinkedType(new UnsignedShortType(img));
			return img;
		}
		final List<IntArray> planes = new java.util.ArrayList<>(shape.depth());
		for (int z = 0; z < shape.depth(); z++) {
			final int[] s = new int[plane];
			System.arraycopy(ids, z * plane, s, 0, plane);
			planes.add(new IntArray(s));
		}
		final PlanarImg<IntType, IntArray> img = new PlanarImg<>(planes, dims, new Fraction());
		img.setLinkedType(new IntType(img));
		return img;
	}

	/** Voxels per object, index = id (index 0 counts the background). */
	public long[] sizes() {
		final long[] sizes = new long[count + 1];
		for (final int v : ids)
			sizes[v]++;
		return sizes;
	}

	@Override
	public String toString() {
		return count + " objects in " + shape;
	}
}
