package org.unet3d.data;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.blocks.PrimitiveBlocks;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Copies boxes of a 3D (XYZ) image into flat primitive arrays, the bridge between ImgLib2 and the
 * network. Boxes may reach outside the image: the image is mirrored there (at the border voxels,
 * like ImgLib2's extendMirrorSingle), also for views that are crops of a larger image. Arrays are
 * in X-fastest order, which is ND4J's C order for {@code [D, H, W]}, so no transpose is needed
 * later. Not thread-safe; make one reader per thread with {@link #copyForThread()}.
 */
public final class BlockReader {

	private enum Kind { UINT8, INT8, UINT16, INT16, INT32, UINT32, FLOAT32, FLOAT64 }

	private final PrimitiveBlocks<?> blocks; // over the image itself: only boxes inside are copied through it
	private final Kind kind;
	private final long[] dims;
	private Object buffer;
	private float[] floats = new float[0];
	private int[] ints = new int[0];

	private BlockReader(final PrimitiveBlocks<?> blocks, final Kind kind, final long[] dims) {
		this.blocks = blocks;
		this.kind = kind;
		this.dims = dims;
	}

	/** A reader over a 3D image (X, Y, Z), mirrored beyond its borders. */
	public static <T extends RealType<T> & NativeType<T>> BlockReader of(final RandomAccessibleInterval<T> xyz) {
		if (xyz.numDimensions() != 3)
			throw new IllegalArgumentException("BlockReader needs a 3D image, got " + xyz.numDimensions() + "D");
		final RandomAccessibleInterval<T> zero = Views.zeroMin(xyz);
		return new BlockReader(PrimitiveBlocks.of(zero), kindOf(zero.getType()), zero.dimensionsAsLongArray());
	}

	private static Kind kindOf(final Object type) {
		if (type instanceof UnsignedByteType) return Kind.UINT8;
		if (type instanceof ByteType) return Kind.INT8;
		if (type instanceof UnsignedShortType) return Kind.UINT16;
		if (type instanceof ShortType) return Kind.INT16;
		if (type instanceof IntType) return Kind.INT32;
		if (type instanceof UnsignedIntType) return Kind.UINT32;
		if (type instanceof FloatType) return Kind.FLOAT32;
		if (type instanceof DoubleType) return Kind.FLOAT64;
		throw new IllegalArgumentException("Unsupported pixel type " + type.getClass().getSimpleName() +
			"; convert the image to 8-bit, 16-bit or 32-bit first (Image > Type).");
	}

	/** A reader over the same image for use in another thread. */
	public BlockReader copyForThread() {
		return new BlockReader(blocks.independentCopy(), kind, dims);
	}

	private boolean inside(final long[] min, final int[] size) {
		for (int d = 0; d < 3; d++)
			if (min[d] < 0 || min[d] + size[d] > dims[d]) return false;
		return true;
	}

	/** Per axis, the source coordinate of each position of the box, mirrored into the image. */
	private int[][] mirrored(final long[] min, final int[] size, final long[] srcMin, final int[] srcSize) {
		final int[][] idx = new int[3][];
		for (int d = 0; d < 3; d++) {
			final long n = dims[d];
			long lo = Long.MAX_VALUE;
			long hi = Long.MIN_VALUE;
			final long[] src = new long[size[d]];
			for (int i = 0; i < size[d]; i++) {
				final long p = Mirror.index(min[d] + i, n);
				src[i] = p;
				lo = Math.min(lo, p);
				hi = Math.max(hi, p);
			}
			srcMin[d] = lo;
			srcSize[d] = (int) (hi - lo + 1);
			idx[d] = new int[size[d]];
			for (int i = 0; i < size[d]; i++)
				idx[d][i] = (int) (src[i] - lo);
		}
		return idx;
	}

	/**
	 * Copies the box starting at {@code minXYZ} of size {@code sizeXYZ} as floats into
	 * {@code dest[offset ...]}, with {@code dest[offset + x + sx * (y + sy * z)]}.
	 */
	public void readFloat(final long[] minXYZ, final int[] sizeXYZ, final float[] dest, final int offset) {
		if (inside(minXYZ, sizeXYZ)) {
			copyFloat(minXYZ, sizeXYZ, dest, offset);
			return;
		}
		final long[] srcMin = new long[3];
		final int[] srcSize = new int[3];
		final int[][] idx = mirrored(minXYZ, sizeXYZ, srcMin, srcSize);
		final int sn = srcSize[0] * srcSize[1] * srcSize[2];
		if (floats.length < sn) floats = new float[sn];
		copyFloat(srcMin, srcSize, floats, 0);
		int i = offset;
		for (int z = 0; z < sizeXYZ[2]; z++)
			for (int y = 0; y < sizeXYZ[1]; y++) {
				final int row = srcSize[0] * (idx[1][y] + srcSize[1] * idx[2][z]);
				for (int x = 0; x < sizeXYZ[0]; x++)
					dest[i++] = floats[row + idx[0][x]];
			}
	}

	/**
	 * Copies the box as integer values (for label images) into {@code dest[0 ... n)}. Fractional
	 * values are reported as {@code Integer.MIN_VALUE}, so callers can reject labels that are not
	 * class ids.
	 */
	public void readInt(final long[] minXYZ, final int[] sizeXYZ, final int[] dest) {
		if (inside(minXYZ, sizeXYZ)) {
			copyInt(minXYZ, sizeXYZ, dest);
			return;
		}
		final long[] srcMin = new long[3];
		final int[] srcSize = new int[3];
		final int[][] idx = mirrored(minXYZ, sizeXYZ, srcMin, srcSize);
		final int sn = srcSize[0] * srcSize[1] * srcSize[2];
		if (ints.length < sn) ints = new int[sn];
		copyInt(srcMin, srcSize, ints);
		int i = 0;
		for (int z = 0; z < sizeXYZ[2]; z++)
			for (int y = 0; y < sizeXYZ[1]; y++) {
				final int row = srcSize[0] * (idx[1][y] + srcSize[1] * idx[2][z]);
				for (int x = 0; x < sizeXYZ[0]; x++)
					dest[i++] = ints[row + idx[0][x]];
			}
	}

	/** {@link #readFloat} for a box inside the image. */
	private void copyFloat(final long[] minXYZ, final int[] sizeXYZ, final float[] dest, final int offset) {
		final int n = sizeXYZ[0] * sizeXYZ[1] * sizeXYZ[2];
		switch (kind) {
			case FLOAT32:
				if (offset == 0 && dest.length == n) {
					blocks.copy(minXYZ, dest, sizeXYZ);
					return;
				}
				final float[] f = (float[]) fill(minXYZ, sizeXYZ, n);
				System.arraycopy(f, 0, dest, offset, n);
				return;
			case UINT8: {
				final byte[] b = (byte[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[offset + i] = b[i] & 0xff;
				return;
			}
			case INT8: {
				final byte[] b = (byte[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[offset + i] = b[i];
				return;
			}
			case UINT16: {
				final short[] s = (short[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[offset + i] = s[i] & 0xffff;
				return;
			}
			case INT16: {
				final short[] s = (short[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[offset + i] = s[i];
				return;
			}
			case INT32: {
				final int[] a = (int[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[offset + i] = a[i];
				return;
			}
			case UINT32: {
				final int[] a = (int[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[offset + i] = a[i] & 0xffffffffL;
				return;
			}
			case FLOAT64: {
				final double[] d = (double[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[offset + i] = (float) d[i];
				return;
			}
			default:
				throw new IllegalStateException(kind.name());
		}
	}

	/** {@link #readInt} for a box inside the image. */
	private void copyInt(final long[] minXYZ, final int[] sizeXYZ, final int[] dest) {
		final int n = sizeXYZ[0] * sizeXYZ[1] * sizeXYZ[2];
		switch (kind) {
			case UINT8: {
				final byte[] b = (byte[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[i] = b[i] & 0xff;
				return;
			}
			case INT8: {
				final byte[] b = (byte[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[i] = b[i];
				return;
			}
			case UINT16: {
				final short[] s = (short[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[i] = s[i] & 0xffff;
				return;
			}
			case INT16: {
				final short[] s = (short[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[i] = s[i];
				return;
			}
			case INT32:
			case UINT32:
				blocks.copy(minXYZ, dest, sizeXYZ);
				return;
			case FLOAT32: {
				final float[] f = (float[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[i] = f[i] == Math.rint(f[i]) && Math.abs(f[i]) < 1e9 ? (int) f[i] : Integer.MIN_VALUE;
				return;
			}
			case FLOAT64: {
				final double[] d = (double[]) fill(minXYZ, sizeXYZ, n);
				for (int i = 0; i < n; i++)
					dest[i] = d[i] == Math.rint(d[i]) && Math.abs(d[i]) < 1e9 ? (int) d[i] : Integer.MIN_VALUE;
				return;
			}
			default:
				throw new IllegalStateException(kind.name());
		}
	}

	private Object fill(final long[] min, final int[] size, final int n) {
		if (buffer == null || java.lang.reflect.Array.getLength(buffer) != n) buffer = newBuffer(n);
		blocks.copy(min, buffer, size);
		return buffer;
	}

	private Object newBuffer(final int n) {
		switch (kind) {
			case UINT8:
			case INT8:
				return new byte[n];
			case UINT16:
			case INT16:
				return new short[n];
			case INT32:
			case UINT32:
				return new int[n];
			case FLOAT32:
				return new float[n];
			case FLOAT64:
				return new double[n];
			default:
				throw new IllegalStateException(kind.name());
		}
	}
}
