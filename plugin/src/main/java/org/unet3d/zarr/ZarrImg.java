package org.unet3d.zarr;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

import org.unet3d.data.PlaneCache;

/**
 * A lazily loading ImgLib2 image over a Zarr array, for volumes far bigger than memory: each chunk
 * is one cell, read and decompressed when first touched and kept in a small least-recently-used
 * cache (64 MiB unless told otherwise, at least 4 chunks). Axes are the array's in image order:
 * x, y, z for a {@code z, y, x} array, x, y, z, c for {@code c, z, y, x}. Pixel types are
 * UnsignedByte, UnsignedShort, UnsignedInt or Float. Safe to read from several threads; a chunk
 * wanted by several threads at once is read once.
 * <p>
 * A damaged chunk surfaces as an {@link UncheckedIOException} (whose cause is a
 * {@link ZarrFormatException} naming the file) from whichever access touched it.
 */
public final class ZarrImg {

	/** Memory the cache may use unless told otherwise. */
	public static final long DEFAULT_CACHE_BYTES = 64L << 20;

	private final ZarrArray array;
	private final LazyCellImg<?, ?> img;
	private final int[] chunkDims;
	private final Map<Long, Cell<?>> cache = new LinkedHashMap<>(16, 0.75f, true);
	private final Map<Long, FutureTask<Cell<?>>> loading = new HashMap<>();
	private int capacity;
	private long loads;

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private ZarrImg(final ZarrArray array, final long cacheBytes) {
		this.array = array;
		final ArrayMetadata m = array.metadata();
		chunkDims = m.chunkDimensions();
		capacity = (int) Math.max(4, Math.min(Integer.MAX_VALUE, cacheBytes / m.chunkBytes()));
		final CellGrid grid = m.cellGrid();
		final LazyCellImg.Get get = index -> cell(index, grid);
		img = new LazyCellImg(grid, (NativeType) m.dataType().imgLib2Type(), get);
	}

	/** The image of an array, with the default cache. */
	public static ZarrImg open(final ZarrArray array) {
		return new ZarrImg(array, DEFAULT_CACHE_BYTES);
	}

	/** The image of an array, caching up to {@code cacheBytes} of chunks (at least 4 chunks). */
	public static ZarrImg open(final ZarrArray array, final long cacheBytes) {
		return new ZarrImg(array, cacheBytes);
	}

	/** The image as a {@code LazyCellImg}: one cell per chunk. */
	public LazyCellImg<?, ?> img() {
		return img;
	}

	/** The image with its pixel type (the caller knows it from {@link DataType#imgLib2Type()}). */
	@SuppressWarnings("unchecked")
	public <T extends RealType<T> & NativeType<T>> RandomAccessibleInterval<T> image() {
		return (RandomAccessibleInterval<T>) img;
	}

	public ZarrArray array() {
		return array;
	}

	/** Bytes of one chunk in memory. */
	public long chunkBytes() {
		return array.metadata().chunkBytes();
	}

	/** Lets the cache hold at least {@code chunks} chunks (e.g. all chunks one tile touches). */
	public synchronized void reserve(final int chunks) {
		capacity = Math.max(capacity, chunks);
	}

	/**
	 * The cache seen as planes (one z-slice of one channel each), for segmentation, which reads all
	 * tiles of one z-row before the next and reserves the planes such a row spans: keeping
	 * {@code n} planes keeps every chunk of the z-ranges of chunks that {@code n / channels}
	 * consecutive slices can touch, so each chunk is read from disk about once. A plane's bytes
	 * are those of the chunks of one chunk layer shared out over its slices and channels. Chunk
	 * layers span more slices than asked for, so the cache grows beyond {@code n} planes only up to
	 * a quarter of the Java heap; past that some chunks are read twice rather than memory running
	 * out.
	 */
	public PlaneCache planes() {
		final long[] dims = array.metadata().imageDimensions();
		final long chunksPerLayer = chunksAlong(dims, 0) * chunksAlong(dims, 1);
		long channels = 1;
		long channelChunks = 1;
		for (int d = 3; d < dims.length; d++) {
			channels *= dims[d];
			channelChunks *= chunksAlong(dims, d);
		}
		final long layerChunks = chunksPerLayer * channelChunks;
		final long planesPerLayer = (long) chunkDims[2] * channels;
		final long planeBytes = Math.max(1, layerChunks * chunkBytes() / planesPerLayer);
		final long channelCount = channels;
		return new PlaneCache() {

			@Override
			public long planeBytes() {
				return planeBytes;
			}

			@Override
			public void reserve(final int planes) {
				final long slices = Math.min(dims[2], (planes + channelCount - 1) / channelCount);
				final long layers = Math.min(chunksAlong(dims, 2), (slices - 1 + chunkDims[2] - 1) / chunkDims[2] + 1);
				final long asked = (long) planes * planeBytes / chunkBytes() + 1;
				final long allowed = Math.max(asked, Runtime.getRuntime().maxMemory() / 4 / chunkBytes());
				ZarrImg.this.reserve((int) Math.min(Integer.MAX_VALUE, Math.min(allowed, layers * layerChunks)));
			}
		};
	}

	private long chunksAlong(final long[] dims, final int d) {
		return (dims[d] + chunkDims[d] - 1) / chunkDims[d];
	}

	/** How many chunks the cache holds at most now. */
	public synchronized int capacity() {
		return capacity;
	}

	/** How many chunks are in the cache now. */
	public synchronized int cached() {
		return cache.size();
	}

	/** How many times a chunk was read from disk (for tests and diagnostics). */
	public synchronized long loads() {
		return loads;
	}

	private Cell<?> cell(final long index, final CellGrid grid) {
		final FutureTask<Cell<?>> task;
		final boolean mine;
		synchronized (this) {
			final Cell<?> c = cache.get(index);
			if (c != null) return c;
			final FutureTask<Cell<?>> running = loading.get(index);
			mine = running == null;
			task = mine ? new FutureTask<>(() -> load(index, grid)) : running;
			if (mine) loading.put(index, task);
		}
		if (mine) task.run();
		try {
			final Cell<?> cell = task.get();
			if (mine) synchronized (this) {
				loads++;
				cache.put(index, cell);
				loading.remove(index);
				while (cache.size() > capacity)
					cache.remove(cache.keySet().iterator().next());
			}
			return cell;
		}
		catch (final ExecutionException e) {
			if (mine) synchronized (this) {
				loading.remove(index);
			}
			final Throwable t = e.getCause();
			if (t instanceof IOException) throw new UncheckedIOException(t.getMessage(), (IOException) t);
			if (t instanceof RuntimeException) throw (RuntimeException) t;
			if (t instanceof Error) throw (Error) t;
			throw new IllegalStateException(t);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new UncheckedIOException(new InterruptedIOException("Interrupted while reading " + array.dir()));
		}
	}

	private Cell<?> load(final long index, final CellGrid grid) throws IOException {
		final int n = grid.numDimensions();
		final long[] min = new long[n];
		final int[] dims = new int[n];
		grid.getCellDimensions(index, min, dims);
		final long[] pos = new long[n];
		grid.getCellGridPositionFlat(index, pos);
		final DataType type = array.metadata().dataType();
		final Object full = array.readChunk(pos);
		final Object voxels = EdgeChunks.isFull(dims, chunkDims) ? full : EdgeChunks.crop(type, full, chunkDims,
			dims);
		return new Cell<>(dims, min, type.access(voxels));
	}
}
