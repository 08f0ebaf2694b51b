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
 * network. Boxes may reach outside the image: the image is mirrored there. Arrays are in X-fastest
 * order, which is ND4J's C order for {@code [D, H, W]}, so no transpose is needed later.
 * Not thread-safe; make one reader per thread with {@link #copyForThread()}.
 */
public final class BlockReader {

	private enum Kind { UINT8, INT8, UINT16, INT16, INT32, UINT32, FLOAT32, FLOAT64 }

	private final PrimitiveBlocks<?> blocks;
	private final Kind kind;
	private Object buffer;

	private BlockReader(final PrimitiveBlocks<?> blocks, final Kind kind) {
		this.blocks = blocks;
		this.kind = kind;
	}

	/** A reader over a 3D image (X, Y, Z), mirrored beyond its borders. */
	public static <T extends RealType<T> & NativeType<T>> BlockReader of(final RandomAccessibleInterval<T> xyz) {
		if (xyz.numDimensions() != 3)
			throw new IllegalArgumentException("BlockReader needs a 3D image, got " + xyz.numDimensions() + "D");
		final RandomAccessibleInterval<T> zero = Views.zeroMin(xyz);
		final boolean canMirror = zero.dimension(0) > 1 && zero.dimension(1) > 1 && zero.dimension(2) > 1;
		final PrimitiveBlocks<T> blocks = PrimitiveBlocks.of(canMirror ? Views.extendMirrorSingle(zero) : Views
			.extendBorder(zero));
		return new BlockReader(blocks, kindOf(zero.getType()));
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
		return new BlockReader(blocks.independentCopy(), kind);
	}

	/**
	 * Copies the box starting at {@code minXYZ} of size {@code sizeXYZ} as floats into
	 * {@code dest[offset ...]}, with {@code dest[offset + x + sx * (y + sy * z)]}.
	 */
	public void readFloat(final long[] minXYZ, final int[] sizeXYZ, final float[] dest, final int offset) {
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

	/**
	 * Copies the box as integer values (for label images) into {@code dest[0 ... n)}. Fractional
	 * values are reported as {@code Integer.MIN_VALUE}, so callers can reject labels that are not
	 * class ids.
	 */
	public void readInt(final long[] minXYZ, final int[] sizeXYZ, final int[] dest) {
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
