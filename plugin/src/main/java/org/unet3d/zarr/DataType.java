package org.unet3d.zarr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The voxel types we read and write in Zarr ({@code dtype}): unsigned 8, 16 and 32 bit integers and
 * 32-bit floats. In memory a chunk is a primitive array ({@code byte[]}, {@code short[]},
 * {@code int[]}, {@code float[]}), the same arrays ImgLib2's images hold; on disk it is written
 * little-endian and read in either byte order.
 */
public enum DataType {

	UINT8("u1", 1),
	UINT16("u2", 2),
	UINT32("u4", 4),
	FLOAT32("f4", 4);

	private final String code;
	private final int bytes;

	DataType(final String code, final int bytes) {
		this.code = code;
		this.bytes = bytes;
	}

	/** Bytes per voxel. */
	public int bytes() {
		return bytes;
	}

	/** The {@code dtype} string we write: little-endian ({@code |u1} for bytes, which have no order). */
	public String dtype() {
		return (bytes == 1 ? "|" : "<") + code;
	}

	/**
	 * The type and byte order of a {@code dtype} string such as {@code <u2} or {@code >f4}.
	 *
	 * @throws ZarrFormatException for any other type, naming {@code file} and the fix
	 */
	static DataType parse(final String dtype, final Path file, final ByteOrder[] order) throws ZarrFormatException {
		if (dtype != null && dtype.length() == 3) {
			final char o = dtype.charAt(0);
			for (final DataType t : values())
				if (t.code.equals(dtype.substring(1)) && (o == '<' || o == '>' || o == '|' && t.bytes == 1)) {
					order[0] = o == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
					return t;
				}
		}
		throw new ZarrFormatException(file + " has voxels of type " + (dtype == null ? "(none given)" : "\"" + dtype +
			"\"") + ", which this plugin does not read: it reads unsigned 8, 16 and 32 bit integers and 32-bit floats " +
			"(|u1, <u2, <u4, <f4). Convert the array, e.g. in Python: a.astype(\"float32\") or a.astype(\"uint16\").");
	}

	/** The ImgLib2 pixel type of this voxel type. */
	@SuppressWarnings("unchecked")
	public <T extends RealType<T> & NativeType<T>> T imgLib2Type() {
		switch (this) {
			case UINT8:
				return (T) new UnsignedByteType();
			case UINT16:
				return (T) new UnsignedShortType();
			case UINT32:
				return (T) new UnsignedIntType();
			default:
				return (T) new FloatType();
		}
	}

	/** The voxel type of an ImgLib2 pixel type, or null if we cannot write that type. */
	public static DataType of(final Object imgLib2Type) {
		if (imgLib2Type instanceof UnsignedByteType) return UINT8;
		if (imgLib2Type instanceof UnsignedShortType) return UINT16;
		if (imgLib2Type instanceof UnsignedIntType) return UINT32;
		if (imgLib2Type instanceof FloatType) return FLOAT32;
		return null;
	}

	/** A new primitive array of {@code n} voxels, all set to {@code fill}. */
	public Object newArray(final int n, final double fill) {
		switch (this) {
			case UINT8: {
				final byte[] a = new byte[n];
				if (fill != 0) Arrays.fill(a, (byte) (long) fill);
				return a;
			}
			case UINT16: {
				final short[] a = new short[n];
				if (fill != 0) Arrays.fill(a, (short) (long) fill);
				return a;
			}
			case UINT32: {
				final int[] a = new int[n];
				if (fill != 0) Arrays.fill(a, (int) (long) fill);
				return a;
			}
			default: {
				final float[] a = new float[n];
				if (Double.doubleToRawLongBits(fill) != 0) Arrays.fill(a, (float) fill);
				return a;
			}
		}
	}

	/** Number of voxels in a primitive array of this type. */
	int length(final Object array) {
		switch (this) {
			case UINT8:
				return ((byte[]) array).length;
			case UINT16:
				return ((short[]) array).length;
			case UINT32:
				return ((int[]) array).length;
			default:
				return ((float[]) array).length;
		}
	}

	/** Checks that {@code array} is this type's primitive array (byte[], short[], int[] or float[]). */
	void checkArray(final Object array) {
		final Class<?> expected = this == UINT8 ? byte[].class : this == UINT16 ? short[].class : this == UINT32
			? int[].class : float[].class;
		if (array == null || array.getClass() != expected) throw new IllegalArgumentException("A " + this +
			" chunk is a " + expected.getSimpleName() + ", got " + (array == null ? "null" : array.getClass()
				.getSimpleName()));
	}

	/** Voxels from their bytes in the given order (the byte array holds exactly the voxels). */
	Object decode(final byte[] raw, final ByteOrder order) {
		final ByteBuffer b = ByteBuffer.wrap(raw).order(order);
		final int n = raw.length / bytes;
		switch (this) {
			case UINT8:
				return raw;
			case UINT16: {
				final short[] a = new short[n];
				b.asShortBuffer().get(a);
				return a;
			}
			case UINT32: {
				final int[] a = new int[n];
				b.asIntBuffer().get(a);
				return a;
			}
			default: {
				final float[] a = new float[n];
				b.asFloatBuffer().get(a);
				return a;
			}
		}
	}

	/** The little-endian bytes of a primitive array of this type (for bytes, the array itself). */
	byte[] encode(final Object array) {
		checkArray(array);
		final int n = length(array);
		if (this == UINT8) return (byte[]) array;
		final ByteBuffer b = ByteBuffer.allocate(n * bytes).order(ByteOrder.LITTLE_ENDIAN);
		switch (this) {
			case UINT16:
				b.asShortBuffer().put((short[]) array);
				break;
			case UINT32:
				b.asIntBuffer().put((int[]) array);
				break;
			default:
				b.asFloatBuffer().put((float[]) array);
		}
		return b.array();
	}

	/** ImgLib2's data access over a primitive array of this type (no copy). */
	ArrayDataAccess<?> access(final Object array) {
		switch (this) {
			case UINT8:
				return new ByteArray((byte[]) array);
			case UINT16:
				return new ShortArray((short[]) array);
			case UINT32:
				return new IntArray((int[]) array);
			default:
				return new FloatArray((float[]) array);
		}
	}
}
