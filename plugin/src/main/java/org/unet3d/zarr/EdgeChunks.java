package org.unet3d.zarr;

/**
 * Converts between a full-size chunk, as Zarr stores every chunk, and the part of it inside the
 * image, which is smaller for chunks at the far border. Arrays are primitive ({@code byte[]} ...)
 * in image order, x fastest.
 */
final class EdgeChunks {

	private EdgeChunks() {}

	/** True if {@code part} is the whole chunk (an inner chunk). */
	static boolean isFull(final int[] part, final int[] full) {
		return java.util.Arrays.equals(part, full);
	}

	/** The voxels of {@code full} (size {@code fullDims}) in the box {@code 0 .. partDims - 1}. */
	static Object crop(final DataType type, final Object full, final int[] fullDims, final int[] partDims) {
		final Object part = type.newArray(voxels(partDims), 0);
		copyRows(full, fullDims, part, partDims, partDims, true);
		return part;
	}

	/** A full-size chunk holding {@code part} in its first corner and {@code fill} elsewhere. */
	static Object pad(final DataType type, final Object part, final int[] partDims, final int[] fullDims,
		final double fill)
	{
		final Object full = type.newArray(voxels(fullDims), fill);
		copyRows(full, fullDims, part, partDims, partDims, false);
		return full;
	}

	static int voxels(final int[] dims) {
		int n = 1;
		for (final int d : dims)
			n *= d;
		return n;
	}

	/** Copies the rows (runs along x) of the box {@code box} between a full and a part array. */
	private static void copyRows(final Object full, final int[] fullDims, final Object part, final int[] partDims,
		final int[] box, final boolean fullToPart)
	{
		final int n = box.length;
		int rows = 1;
		for (int d = 1; d < n; d++)
			rows *= box[d];
		final int[] pos = new int[n];
		for (int r = 0; r < rows; r++) {
			int fullOffset = 0;
			int partOffset = 0;
			int fullStride = 1;
			int partStride = 1;
			for (int d = 0; d < n; d++) {
				fullOffset += pos[d] * fullStride;
				partOffset += pos[d] * partStride;
				fullStride *= fullDims[d];
				partStride *= partDims[d];
			}
			if (fullToPart) System.arraycopy(full, fullOffset, part, partOffset, box[0]);
			else System.arraycopy(part, partOffset, full, fullOffset, box[0]);
			for (int d = 1; d < n; d++) {
				if (++pos[d] < box[d]) break;
				pos[d] = 0;
			}
		}
	}
}
