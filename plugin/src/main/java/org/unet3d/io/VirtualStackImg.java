package org.unet3d.io;

import ij.ImageStack;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.unet3d.data.PlaneCache;

/**
 * A lazily loading ImgLib2 image over an ImageJ stack that is not in memory (a virtual stack, e.g.
 * from File &gt; Import &gt; TIFF Virtual Stack or {@code IJ.openVirtual}): each plane is read from
 * the stack when first touched and kept in a small least-recently-used cache, so a stack far bigger
 * than memory can be read block by block. One cell per plane; axes X, Y, Z for one channel, else
 * X, Y, C, Z (ImageJ's plane order). Safe to read from several threads.
 */
public final class VirtualStackImg implements PlaneCache {

	/** Memory the cache may use until segmentation reserves more (or fewer, at least 4 planes). */
	static final long DEFAULT_CACHE_BYTES = 64L << 20;

	private final ImageStack stack;
	private final String title;
	private final int bitDepth;
	private final long planeBytes;
	private final LazyCellImg<?, ?> img;
	private final Map<Integer, Cell<?>> cache = new LinkedHashMap<>(16, 0.75f, true);
	private int capacity;
	private long loads;

	@SuppressWarnings({ "rawtypes", "unchecked" })
	VirtualStackImg(final ImageStack stack, final String title, final int bitDepth, final int channels,
		final int slices)
	{
		this.stack = stack;
		this.title = title;
		this.bitDepth = bitDepth;
		final int w = stack.getWidth(), h = stack.getHeight();
		planeBytes = (long) w * h * (bitDepth / 8);
		capacity = (int) Math.max(4, Math.min(channels * (long) slices, DEFAULT_CACHE_BYTES / Math.max(1, planeBytes)));
		final long[] dims = channels == 1 ? new long[] { w, h, slices } : new long[] { w, h, channels, slices };
		final int[] cellDims = channels == 1 ? new int[] { w, h, 1 } : new int[] { w, h, 1, 1 };
		final CellGrid grid = new CellGrid(dims, cellDims);
		final LazyCellImg.Get get = index -> plane((int) index, cellDims, grid);
		final NativeType type;
		switch (bitDepth) {
			case 8:
				type = new UnsignedByteType();
				break;
			case 16:
				type = new UnsignedShortType();
				break;
			case 32:
				type = new FloatType();
				break;
			default:
				throw new IllegalArgumentException("Unsupported image type (" + bitDepth + "-bit) in \"" + title + "\"; " +
					"convert to 8-, 16- or 32-bit (Image > Type).");
		}
		img = new LazyCellImg(grid, type, get);
	}

	/** The image (a {@code LazyCellImg} of 8-bit, 16-bit or float pixels). */
	public LazyCellImg<?, ?> img() {
		return img;
	}

	@Override
	public long planeBytes() {
		return planeBytes;
	}

	@Override
	public synchronized void reserve(final int planes) {
		capacity = Math.max(capacity, planes);
	}

	/** How many planes the cache holds at most now. */
	public synchronized int capacity() {
		return capacity;
	}

	/** How many times a plane was read from the stack (for tests and diagnostics). */
	public synchronized long loads() {
		return loads;
	}

	private Cell<?> plane(final int index, final int[] cellDims, final CellGrid grid) {
		synchronized (this) {
			final Cell<?> c = cache.get(index);
			if (c != null) return c;
		}
		final Cell<?> cell = new Cell<>(cellDims, position(index, grid), read(index + 1));
		synchronized (this) {
			loads++;
			cache.put(index, cell);
			while (cache.size() > capacity)
				cache.remove(cache.keySet().iterator().next());
		}
		return cell;
	}

	private static long[] position(final int index, final CellGrid grid) {
		final long[] cellPos = new long[grid.numDimensions()];
		grid.getCellGridPositionFlat(index, cellPos);
		final long[] min = new long[cellPos.length];
		for (int d = 0; d < min.length; d++)
			min[d] = cellPos[d] * grid.cellDimension(d);
		return min;
	}

	/** Reads plane {@code n} (1-based) from the stack. */
	private ArrayDataAccess<?> read(final int n) {
		final Object pixels;
		try {
			pixels = stack.getPixels(n);
		}
		catch (final RuntimeException e) {
			throw new UncheckedIOException(new java.io.IOException("Cannot read plane " + n + " of \"" + title + "\": " +
				e.getMessage(), e));
		}
		if (bitDepth == 8 && pixels instanceof byte[]) return new ByteArray((byte[]) pixels);
		if (bitDepth == 16 && pixels instanceof short[]) return new ShortArray((short[]) pixels);
		if (bitDepth == 32 && pixels instanceof float[]) return new FloatArray((float[]) pixels);
		throw new UncheckedIOException(new java.io.IOException("Cannot read plane " + n + " of \"" + title + "\" (got " +
			(pixels == null ? "nothing" : pixels.getClass().getSimpleName()) + "): the file may be truncated, damaged or " +
			"no longer where it was opened from."));
	}
}
