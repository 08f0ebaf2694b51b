package org.unet3d.objects;

import java.io.IOException;
import java.util.concurrent.CancellationException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;

import org.unet3d.data.BlockReader;
import org.unet3d.progress.Progress;

/**
 * 3D connected components of a class label image too big for memory, a slab of z-slices at a
 * time: only one slab (two ints per voxel), the last slice before it and one int per piece of an
 * object in a slab are held. The ids equal those of {@link ConnectedComponents} on the whole
 * stack: 1..N in x-fastest order of each object's first voxel.
 * <p>
 * Two passes. First, each slab is labelled in memory, its pieces get provisional numbers (in slab
 * order, and within a slab in x-fastest order of their first voxel), and the pieces that touch
 * across the face to the slab before are joined (union-find, the smallest number as root). The
 * smallest provisional number of an object is then that of the piece holding its first voxel,
 * so numbering the roots in increasing order numbers the objects by first voxel. Second, each slab
 * is read and labelled again, which gives the same pieces, and written with the final ids.
 */
public final class SlabComponents {

	/** Reads the class ids of a slab of whole z-slices. */
	public interface Source {

		/** Fills {@code values} (width * height * depth, X fastest) with slices {@code z0 .. z0 + depth - 1}. */
		void read(int z0, int depth, int[] values) throws IOException;
	}

	/** Receives the object ids of a slab; the array is reused for the next slab. */
	public interface Sink {

		/**
		 * Called once, after the objects are counted and before the first slab is written (e.g. to
		 * choose a 16- or 32-bit file); does nothing by default.
		 *
		 * @param count N, the number of objects: ids are 1..N
		 */
		default void begin(final int count) throws IOException {}

		void write(int z0, int depth, int[] ids) throws IOException;
	}

	private SlabComponents() {}

	/**
	 * Labels the components of each class, slab by slab, and writes their ids into {@code sink}.
	 *
	 * @param slabDepth slices per slab (at least 1)
	 * @return N, the number of objects
	 * @throws IllegalArgumentException if a slab has 2^31 voxels or more, or there are 2^31 objects
	 * @throws CancellationException if the user canceled
	 */
	public static int label(final int width, final int height, final int depth, final Source source,
		final int background, final Connectivity connectivity, final int slabDepth, final Sink sink,
		final Progress progress) throws IOException
	{
		if (slabDepth < 1) throw new IllegalArgumentException("A slab needs at least one slice, got " + slabDepth + ".");
		final int plane = width * height;
		final int slab = Math.min(slabDepth, depth);
		if ((long) width * height * slab > StackShape.MAX_VOXELS) throw new IllegalArgumentException("A slab of " +
			slab + " slices of " + width + " x " + height + " voxels has 2^31 voxels or more; use thinner slabs.");
		final IntUnionFind sets = new IntUnionFind();
		final Slab piece = new Slab(width, height, background, connectivity);
		final int[] lastValues = new int[plane];
		final int[] lastIds = new int[plane];
		final int[][] across = crossOffsets(connectivity);
		final long total = 2L * depth;
		int provisional = 0;
		for (int z0 = 0; z0 < depth; z0 += slab) {
			final int d = Math.min(slab, depth - z0);
			check(progress, z0, total);
			piece.load(source, z0, d);
			final int[] values = piece.values;
			final int[] local = piece.ids;
			if ((long) provisional + piece.pieces > StackShape.MAX_VOXELS) throw new IllegalArgumentException(
				"More than 2^31 pieces of objects; the stack has too many objects to number. Crop it.");
			sets.grow(provisional + piece.pieces);
			if (z0 > 0) for (int y = 0, i = 0; y < height; y++)
				for (int x = 0; x < width; x++, i++) {
					final int v = values[i];
					if (v == background) continue;
					for (final int[] o : across) {
						final int px = x + o[0];
						final int py = y + o[1];
						if (px < 0 || py < 0 || px >= width || py >= height) continue;
						final int j = px + width * py;
						if (lastValues[j] == v) sets.union(provisional + local[i], lastIds[j]);
					}
				}
			final int lastStart = (d - 1) * plane;
			for (int i = 0; i < plane; i++) {
				lastValues[i] = values[lastStart + i];
				lastIds[i] = values[lastStart + i] == background ? 0 : provisional + local[lastStart + i];
			}
			provisional += piece.pieces;
		}
		final int[] number = sets.numberSets();
		int count = 0;
		for (int p = 1; p <= provisional; p++)
			count = Math.max(count, number[p]);
		sink.begin(count);
		int offset = 0;
		for (int z0 = 0; z0 < depth; z0 += slab) {
			final int d = Math.min(slab, depth - z0);
			check(progress, depth + z0, total);
			piece.load(source, z0, d);
			final int[] local = piece.ids;
			for (int i = 0; i < local.length; i++)
				if (local[i] != 0) local[i] = number[offset + local[i]];
			offset += piece.pieces;
			sink.write(z0, d, local);
		}
		progress.progress(total, total);
		return count;
	}

	/** One slab in memory: its class ids and its pieces, numbered 1..pieces. */
	private static final class Slab {

		private final int width;
		private final int height;
		private final int background;
		private final Connectivity connectivity;
		int[] values = new int[0];
		int[] ids = new int[0];
		int pieces;

		Slab(final int width, final int height, final int background, final Connectivity connectivity) {
			this.width = width;
			this.height = height;
			this.background = background;
			this.connectivity = connectivity;
		}

		void load(final Source source, final int z0, final int depth) throws IOException {
			final int n = width * height * depth;
			if (values.length != n) {
				values = new int[n];
				ids = new int[n];
			}
			else java.util.Arrays.fill(ids, 0);
			source.read(z0, depth, values);
			pieces = ConnectedComponents.label(values, background, ids, new StackShape(width, height, depth, null),
				connectivity, Progress.NONE);
		}
	}

	/** The offsets {dx, dy} into the slice before (dz = -1) that touch a voxel. */
	private static int[][] crossOffsets(final Connectivity connectivity) {
		if (connectivity == Connectivity.SIX) return new int[][] { { 0, 0 } };
		final int[][] o = new int[9][];
		for (int dy = -1, k = 0; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++)
				o[k++] = new int[] { dx, dy };
		return o;
	}

	private static void check(final Progress progress, final long done, final long total) {
		if (progress.isCanceled()) throw new CancellationException("Connected components canceled");
		progress.progress(done, total);
	}

	/**
	 * A source over a 3D class label image (X, Y, Z) of whole numbers.
	 *
	 * @throws IllegalArgumentException on reading a fractional value, naming the fix
	 */
	public static <T extends RealType<T> & NativeType<T>> Source source(final RandomAccessibleInterval<T> classes) {
		if (classes.numDimensions() != 3) throw new IllegalArgumentException("Connected components need a 3D label " +
			"image (X, Y, Z), got " + classes.numDimensions() + "D.");
		final BlockReader reader = BlockReader.of(classes);
		final boolean integer = classes.getType() instanceof IntegerType;
		final int width = (int) classes.dimension(0);
		final int height = (int) classes.dimension(1);
		return (z0, depth, values) -> {
			reader.readInt(new long[] { 0, 0, z0 }, new int[] { width, height, depth }, values);
			if (!integer) for (int i = 0; i < width * height * depth; i++)
				if (values[i] == Integer.MIN_VALUE) throw new IllegalArgumentException("The label image has a value that " +
					"is not a whole number (or is 10^9 or more) in slice z=" + (z0 + i / (width * height)) + "; connected " +
					"components need class ids. Is this a probability map? Label the class image that segmentation made.");
		};
	}
}
