package org.unet3d.zarr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.blocks.PrimitiveBlocks;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.type.NativeType;
import net.imglib2.util.Intervals;

import org.unet3d.progress.Progress;

/**
 * Writes an image into a Zarr array chunk by chunk, each chunk file atomically. The unit of work
 * is a block of whole chunks: a worker that computes one block (on this machine or on a cluster
 * executor) writes exactly the chunks inside it and no others, so blocks can be written in any
 * order, in parallel, and again after a failure with the same result. Voxels come from any
 * {@link RandomAccessible} in image coordinates (x, y, z[, c]) whose pixel type is the array's
 * ({@link DataType#imgLib2Type()}); only the voxels of the chunks being written are read from it.
 * A writer holds no state of its own: several threads may use one at the same time, each with a
 * source it may read from.
 */
public final class ChunkWriter {

	private final ZarrArray array;
	private final ArrayMetadata metadata;
	private final CellGrid grid;
	private final int[] chunkDims;

	private ChunkWriter(final ZarrArray array) {
		this.array = array;
		metadata = array.metadata();
		grid = metadata.cellGrid();
		chunkDims = metadata.chunkDimensions();
	}

	/** A writer into {@code array}. */
	public static ChunkWriter of(final ZarrArray array) {
		return new ChunkWriter(array);
	}

	/** The interval (image coordinates) covered by the chunk at {@code gridPosition}, cut at the border. */
	public Interval chunkInterval(final long[] gridPosition) {
		final int n = gridPosition.length;
		final long[] min = new long[n];
		final long[] max = new long[n];
		final long[] dims = grid.getImgDimensions();
		for (int d = 0; d < n; d++) {
			min[d] = gridPosition[d] * chunkDims[d];
			max[d] = Math.min(dims[d], min[d] + chunkDims[d]) - 1;
		}
		return new FinalInterval(min, max);
	}

	/**
	 * The grid positions of the chunks that make up {@code block}, x fastest.
	 *
	 * @throws IllegalArgumentException if the block is not made of whole chunks (each side starts on a
	 *           chunk border and ends on one or at the image border)
	 */
	public List<long[]> chunksIn(final Interval block) {
		final int n = grid.numDimensions();
		final long[] dims = grid.getImgDimensions();
		boolean aligned = block.numDimensions() == n;
		for (int d = 0; aligned && d < n; d++)
			aligned = block.min(d) >= 0 && block.max(d) < dims[d] && block.min(d) % chunkDims[d] == 0 && ((block.max(d) +
				1) % chunkDims[d] == 0 || block.max(d) == dims[d] - 1);
		if (!aligned) throw new IllegalArgumentException("Block " + Arrays.toString(Intervals.minAsLongArray(block)) +
			" to " + Arrays.toString(Intervals.maxAsLongArray(block)) + " is not made of whole chunks of " + Arrays
				.toString(chunkDims) + " inside the image " + Arrays.toString(dims) + " (x, y, z order): a block must " +
			"start and end on chunk borders, or end at the image border.");
		final long[] from = new long[n];
		final long[] to = new long[n];
		for (int d = 0; d < n; d++) {
			from[d] = block.min(d) / chunkDims[d];
			to[d] = block.max(d) / chunkDims[d];
		}
		final List<long[]> chunks = new ArrayList<>();
		final long[] pos = from.clone();
		while (true) {
			chunks.add(pos.clone());
			int d = 0;
			while (d < n && ++pos[d] > to[d]) {
				pos[d] = from[d];
				d++;
			}
			if (d == n) return chunks;
		}
	}

	/** Writes one chunk, its voxels copied from {@code source}. */
	public <T extends NativeType<T>> void writeChunk(final long[] gridPosition, final RandomAccessible<T> source)
		throws IOException
	{
		writeChunk(gridPosition, blocksOf(source));
	}

	/**
	 * Writes every chunk of {@code block} (see {@link #chunksIn(Interval)}) from {@code source}, which
	 * needs to cover only the block.
	 *
	 * @throws CancellationException if the user canceled (the chunks written so far stay, complete)
	 */
	public <T extends NativeType<T>> void writeBlock(final Interval block, final RandomAccessible<T> source,
		final Progress progress) throws IOException
	{
		write(chunksIn(block), blocksOf(source), progress);
	}

	/**
	 * Writes the whole image, chunk by chunk.
	 *
	 * @throws CancellationException if the user canceled (the chunks written so far stay, complete)
	 */
	public <T extends NativeType<T>> void writeAll(final RandomAccessibleInterval<T> source, final Progress progress)
		throws IOException
	{
		if (!Arrays.equals(source.dimensionsAsLongArray(), grid.getImgDimensions())) throw new IllegalArgumentException(
			"The image is " + Arrays.toString(source.dimensionsAsLongArray()) + " voxels but the Zarr array " + array
				.dir() + " is " + Arrays.toString(grid.getImgDimensions()) + " (x, y, z order)");
		write(chunksIn(new FinalInterval(grid.getImgDimensions())), blocksOf(net.imglib2.view.Views.zeroMin(source)),
			progress);
	}

	private void write(final List<long[]> chunks, final PrimitiveBlocks<?> blocks, final Progress progress)
		throws IOException
	{
		for (int i = 0; i < chunks.size(); i++) {
			if (progress.isCanceled()) throw new CancellationException("Writing " + array.dir() + " canceled");
			writeChunk(chunks.get(i), blocks);
			progress.progress(i + 1, chunks.size());
		}
	}

	private <T extends NativeType<T>> PrimitiveBlocks<T> blocksOf(final RandomAccessible<T> source) {
		final T type = source.getType();
		if (DataType.of(type) != metadata.dataType()) throw new IllegalArgumentException("The Zarr array " + array
			.dir() + " holds " + metadata.dataType() + " voxels but the image gives " + type.getClass().getSimpleName() +
			"; convert the image to " + metadata.dataType().imgLib2Type().getClass().getSimpleName() + " first.");
		return PrimitiveBlocks.of(source, PrimitiveBlocks.OnFallback.ACCEPT);
	}

	private void writeChunk(final long[] gridPosition, final PrimitiveBlocks<?> blocks) throws IOException {
		final Interval box = chunkInterval(gridPosition);
		final int[] dims = Intervals.dimensionsAsIntArray(box);
		final DataType type = metadata.dataType();
		final Object voxels;
		if (EdgeChunks.isFull(dims, chunkDims)) {
			voxels = type.newArray(EdgeChunks.voxels(chunkDims), 0);
			blocks.copy(Intervals.minAsLongArray(box), voxels, dims);
		}
		else {
			final Object part = type.newArray(EdgeChunks.voxels(dims), 0);
			blocks.copy(Intervals.minAsLongArray(box), part, dims);
			voxels = EdgeChunks.pad(type, part, dims, chunkDims, metadata.fillValue());
		}
		array.writeChunk(gridPosition, voxels);
	}
}
