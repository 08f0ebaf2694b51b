package org.unet3d.inference;

import java.io.Serializable;
import java.util.Arrays;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;

/**
 * A stack cut into output blocks, the unit of work when a segmentation is spread over many
 * workers: boxes of whole output chunks ({@code blockChunks} chunks along each axis, fewer at the
 * far border), so a worker that segments a block writes exactly its own chunks. Blocks are numbered
 * x fastest, then y, then z. Coordinates are x, y, z, as in image order. Immutable and serializable.
 */
public final class BlockGrid implements Serializable {

	private static final long serialVersionUID = 1L;

	private final long[] dims;
	private final int[] block;
	private final long[] counts;

	private BlockGrid(final long[] dims, final int[] block) {
		this.dims = dims;
		this.block = block;
		counts = new long[3];
		for (int d = 0; d < 3; d++)
			counts[d] = (dims[d] + block[d] - 1) / block[d];
	}

	/**
	 * @param dimsXYZ stack size
	 * @param chunkXYZ size of the output chunks
	 * @param blockChunksXYZ chunks per block along each axis (at least 1)
	 */
	public static BlockGrid of(final long[] dimsXYZ, final int[] chunkXYZ, final int[] blockChunksXYZ) {
		final int[] b = new int[3];
		for (int d = 0; d < 3; d++) {
			if (dimsXYZ[d] < 1 || chunkXYZ[d] < 1) throw new IllegalArgumentException("Stack size " + Arrays.toString(
				dimsXYZ) + " and chunk size " + Arrays.toString(chunkXYZ) + " must be positive");
			if (blockChunksXYZ[d] < 1) throw new IllegalArgumentException("A block is at least one chunk along each " +
				"axis, got " + Arrays.toString(blockChunksXYZ) + " chunks");
			final long size = (long) chunkXYZ[d] * blockChunksXYZ[d];
			if (size > Integer.MAX_VALUE / 4) throw new IllegalArgumentException("Blocks of " + size + " voxels along " +
				"an axis are too large; use fewer chunks per block.");
			b[d] = (int) Math.min(size, dimsXYZ[d]); // one block along an axis the stack does not fill
		}
		if ((long) b[0] * b[1] * b[2] > Integer.MAX_VALUE / 2) throw new IllegalArgumentException("Blocks of " + b[0] +
			" x " + b[1] + " x " + b[2] + " voxels are too large (over 2^30); use fewer chunks per block.");
		return new BlockGrid(dimsXYZ.clone(), b);
	}

	/** Number of blocks. */
	public long count() {
		return counts[0] * counts[1] * counts[2];
	}

	/** The box of block {@code index} (x, y, z), cut at the stack border. */
	public Interval block(final long index) {
		if (index < 0 || index >= count()) throw new IndexOutOfBoundsException("Block " + index + " of " + count());
		final long[] pos = { index % counts[0], index / counts[0] % counts[1], index / (counts[0] * counts[1]) };
		final long[] min = new long[3];
		final long[] max = new long[3];
		for (int d = 0; d < 3; d++) {
			min[d] = pos[d] * block[d];
			max[d] = Math.min(dims[d], min[d] + block[d]) - 1;
		}
		return new FinalInterval(min, max);
	}

	/** Voxels of block {@code index}. */
	public long voxels(final long index) {
		final Interval b = block(index);
		return b.dimension(0) * b.dimension(1) * b.dimension(2);
	}

	/** Size of a whole block x, y, z (blocks at the far border are smaller). */
	public int[] blockSize() {
		return block.clone();
	}

	/** Stack size x, y, z. */
	public long[] dimensions() {
		return dims.clone();
	}

	@Override
	public String toString() {
		return count() + " blocks of " + block[0] + " x " + block[1] + " x " + block[2] + " voxels (x, y, z)";
	}
}
