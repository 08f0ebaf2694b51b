package org.unet3d.zarr;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

import net.imglib2.img.cell.CellGrid;

/**
 * What a Zarr v2 array's {@code .zarray} says: shape, chunk shape, voxel type, compressor, fill
 * value for missing chunks and how chunk file names are separated. We read and write C order
 * without filters; everything else is refused with a message saying how to convert.
 * <p>
 * Axis order: Zarr lists axes slowest first ({@code z, y, x} or {@code c, z, y, x}); ImgLib2 lists
 * them fastest first. {@link #shape()} and {@link #chunks()} are in Zarr's order, as in the file;
 * {@link #imageDimensions()}, {@link #chunkDimensions()} and {@link #cellGrid()} are in image order
 * ({@code x, y, z[, c]}), which is simply the reverse: a C-order chunk is already an ImgLib2 cell.
 * Immutable.
 */
public final class ArrayMetadata {

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping()
		.create();

	private final long[] shape;
	private final int[] chunks;
	private final DataType dataType;
	private final ByteOrder byteOrder;
	private final Compressor compressor;
	private final double fillValue;
	private final String separator;

	private ArrayMetadata(final long[] shape, final int[] chunks, final DataType dataType, final ByteOrder byteOrder,
		final Compressor compressor, final double fillValue, final String separator)
	{
		this.shape = shape;
		this.chunks = chunks;
		this.dataType = dataType;
		this.byteOrder = byteOrder;
		this.compressor = compressor;
		this.fillValue = fillValue;
		this.separator = separator;
	}

	/**
	 * The description of a new array for an image of {@code dimensions} (image order, x first) cut
	 * into chunks of {@code chunkDimensions} (image order; each at most the image size is sensible),
	 * with fill value 0 and "/" between the parts of chunk names (nested folders, as OME-NGFF
	 * recommends).
	 */
	public static ArrayMetadata forImage(final long[] dimensions, final int[] chunkDimensions, final DataType dataType,
		final Compressor compressor)
	{
		if (dimensions.length != chunkDimensions.length) throw new IllegalArgumentException("Image has " +
			dimensions.length + " axes but the chunk size " + Arrays.toString(chunkDimensions) + " has " +
			chunkDimensions.length);
		final long[] shape = reverse(dimensions);
		final int[] chunks = reverse(chunkDimensions);
		for (int d = 0; d < shape.length; d++) {
			if (shape[d] < 1) throw new IllegalArgumentException("Image sizes must be positive, got " + Arrays.toString(
				dimensions));
			if (chunks[d] < 1) throw new IllegalArgumentException("Chunk sizes must be positive, got " + Arrays.toString(
				chunkDimensions));
		}
		final String tooLarge = chunkTooLarge(chunks, dataType);
		if (tooLarge != null) throw new IllegalArgumentException("Cannot make " + tooLarge + ".");
		return new ArrayMetadata(shape, chunks, dataType, ByteOrder.LITTLE_ENDIAN, compressor, 0, "/");
	}

	/** The same array with another fill value (the value of voxels in chunks that were never written). */
	public ArrayMetadata withFillValue(final double fill) {
		if (dataType != DataType.FLOAT32 && (fill != Math.rint(fill) || fill < 0 || fill > maxValue(dataType)))
			throw new IllegalArgumentException("Fill value " + fill + " does not fit " + dataType);
		return new ArrayMetadata(shape, chunks, dataType, byteOrder, compressor, fill, separator);
	}

	/** The same array with "." (flat, e.g. {@code 0.3.1}) or "/" (nested, {@code 0/3/1}) chunk names. */
	public ArrayMetadata withSeparator(final String sep) {
		if (!".".equals(sep) && !"/".equals(sep)) throw new IllegalArgumentException(
			"The dimension separator is \".\" or \"/\", got \"" + sep + "\"");
		return new ArrayMetadata(shape, chunks, dataType, byteOrder, compressor, fillValue, sep);
	}

	/** Shape in Zarr order (slowest axis first, e.g. z, y, x). */
	public long[] shape() {
		return shape.clone();
	}

	/** Chunk shape in Zarr order (slowest axis first). */
	public int[] chunks() {
		return chunks.clone();
	}

	/** Image size in image order (x, y, z[, c]). */
	public long[] imageDimensions() {
		return reverse(shape);
	}

	/** Chunk size in image order (x, y, z[, c]). */
	public int[] chunkDimensions() {
		return reverse(chunks);
	}

	/** The chunks as ImgLib2 cells, in image order; edge cells are cut at the image border. */
	public CellGrid cellGrid() {
		return new CellGrid(imageDimensions(), chunkDimensions());
	}

	public int numDimensions() {
		return shape.length;
	}

	public DataType dataType() {
		return dataType;
	}

	/** The byte order of the stored voxels (we write little-endian; big-endian files are read too). */
	public ByteOrder byteOrder() {
		return byteOrder;
	}

	public Compressor compressor() {
		return compressor;
	}

	/** The value of voxels in chunks that were never written (NaN is allowed for floats). */
	public double fillValue() {
		return fillValue;
	}

	/** "." or "/" between the grid positions in chunk file names. */
	public String separator() {
		return separator;
	}

	/** Voxels in one (full) chunk: edge chunks are stored full-size too. */
	public int chunkVoxels() {
		long n = 1;
		for (final int c : chunks)
			n *= c;
		return (int) n;
	}

	/** Bytes of one uncompressed chunk. */
	public int chunkBytes() {
		return chunkVoxels() * dataType.bytes();
	}

	/** The chunk's name relative to the array folder, from its grid position in image order (x first). */
	public String chunkKey(final long[] gridPosition) {
		final StringBuilder b = new StringBuilder();
		for (int d = gridPosition.length - 1; d >= 0; d--) {
			b.append(gridPosition[d]);
			if (d > 0) b.append(separator);
		}
		return b.toString();
	}

	/** The contents of {@code .zarray}. */
	public String toJson() {
		final JsonObject o = new JsonObject();
		o.add("chunks", GSON.toJsonTree(chunks));
		o.add("compressor", compressor.toJson());
		o.addProperty("dimension_separator", separator);
		o.addProperty("dtype", dataType.dtype());
		o.add("fill_value", fillJson());
		o.add("filters", JsonNull.INSTANCE);
		o.addProperty("order", "C");
		o.add("shape", GSON.toJsonTree(shape));
		o.addProperty("zarr_format", 2);
		return GSON.toJson(o) + "\n";
	}

	private JsonElement fillJson() {
		if (Double.isNaN(fillValue)) return new JsonPrimitive("NaN");
		if (Double.isInfinite(fillValue)) return new JsonPrimitive(fillValue > 0 ? "Infinity" : "-Infinity");
		if (dataType != DataType.FLOAT32) return new JsonPrimitive((long) fillValue);
		return new JsonPrimitive(fillValue);
	}

	/**
	 * Reads {@code .zarray} contents.
	 *
	 * @param file the file the text came from, named in messages
	 * @throws ZarrFormatException if it is damaged or describes what we do not read, naming the file
	 */
	public static ArrayMetadata parse(final String json, final Path file) throws ZarrFormatException {
		final JsonObject o;
		try {
			final JsonElement e = JsonParser.parseString(json);
			if (!e.isJsonObject()) throw ZarrFormatException.damaged(file, "it is not a JSON object");
			o = e.getAsJsonObject();
		}
		catch (final JsonParseException | IllegalStateException e) {
			throw ZarrFormatException.damaged(file, "it is not valid JSON (" + e.getMessage() + ")");
		}
		final JsonElement format = o.get("zarr_format");
		if (format == null || !format.isJsonPrimitive() || !format.getAsJsonPrimitive().isNumber())
			throw ZarrFormatException.damaged(file, "it has no zarr_format");
		if (format.getAsInt() != 2) throw ZarrFormatException.unsupported(file, "Zarr format " + format.getAsString());
		final long[] shape = longs(o, "shape", file);
		final long[] chunkLongs = longs(o, "chunks", file);
		if (chunkLongs.length != shape.length) throw ZarrFormatException.damaged(file, "its chunks " + Arrays.toString(
			chunkLongs) + " and shape " + Arrays.toString(shape) + " have different numbers of axes");
		final int[] chunks = new int[shape.length];
		for (int d = 0; d < shape.length; d++) {
			if (shape[d] < 1) throw ZarrFormatException.damaged(file, "its shape " + Arrays.toString(shape) +
				" has an empty axis");
			if (chunkLongs[d] < 1 || chunkLongs[d] > Integer.MAX_VALUE) throw ZarrFormatException.damaged(file,
				"its chunk shape " + Arrays.toString(chunkLongs) + " is not positive");
			chunks[d] = (int) chunkLongs[d];
		}
		final JsonElement order = o.get("order");
		if (order != null && order.isJsonPrimitive() && "F".equals(order.getAsString())) throw ZarrFormatException
			.unsupported(file, "Fortran order (\"order\": \"F\")");
		if (order == null || !order.isJsonPrimitive() || !"C".equals(order.getAsString())) throw ZarrFormatException
			.damaged(file, "its order is " + order + ", not \"C\" or \"F\"");
		final JsonElement filters = o.get("filters");
		if (filters != null && !filters.isJsonNull() && !(filters.isJsonArray() && filters.getAsJsonArray().size() == 0))
			throw ZarrFormatException.unsupported(file, "filters " + filters);
		final JsonElement dtype = o.get("dtype");
		if (dtype != null && !dtype.isJsonPrimitive()) throw ZarrFormatException.unsupported(file,
			"a structured voxel type " + dtype);
		final ByteOrder[] byteOrder = new ByteOrder[1];
		final DataType type = DataType.parse(dtype == null ? null : dtype.getAsString(), file, byteOrder);
		final String tooLarge = chunkTooLarge(chunks, type);
		if (tooLarge != null) throw ZarrFormatException.unsupported(file, tooLarge);
		final Compressor compressor = Compressor.fromJson(o.get("compressor"), file);
		final double fill = fill(o.get("fill_value"), type, file);
		final JsonElement sep = o.get("dimension_separator");
		final String separator = sep == null || sep.isJsonNull() ? "." : sep.getAsString();
		if (!".".equals(separator) && !"/".equals(separator)) throw ZarrFormatException.damaged(file,
			"its dimension_separator is \"" + separator + "\", not \".\" or \"/\"");
		return new ArrayMetadata(shape, chunks, type, byteOrder[0], compressor, fill, separator);
	}

	private static long[] longs(final JsonObject o, final String key, final Path file) throws ZarrFormatException {
		final JsonElement e = o.get(key);
		if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() == 0) throw ZarrFormatException.damaged(file,
			"it has no " + key);
		final JsonArray a = e.getAsJsonArray();
		final long[] v = new long[a.size()];
		for (int i = 0; i < v.length; i++) {
			final JsonElement x = a.get(i);
			if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) throw ZarrFormatException.damaged(file,
				"its " + key + " " + a + " is not a list of whole numbers");
			final double d = x.getAsDouble();
			if (d != Math.rint(d)) throw ZarrFormatException.damaged(file, "its " + key + " " + a +
				" is not a list of whole numbers");
			v[i] = x.getAsLong();
		}
		return v;
	}

	private static double fill(final JsonElement e, final DataType type, final Path file) throws ZarrFormatException {
		if (e == null || e.isJsonNull()) return 0;
		if (!e.isJsonPrimitive()) throw ZarrFormatException.damaged(file, "its fill_value " + e + " is not a number");
		final JsonPrimitive p = e.getAsJsonPrimitive();
		final double v;
		if (p.isNumber()) v = p.getAsDouble();
		else if (p.isString() && type == DataType.FLOAT32) {
			switch (p.getAsString()) {
				case "NaN":
					return Double.NaN;
				case "Infinity":
					return Double.POSITIVE_INFINITY;
				case "-Infinity":
					return Double.NEGATIVE_INFINITY;
				default:
					throw ZarrFormatException.damaged(file, "its fill_value " + e + " is not a number");
			}
		}
		else throw ZarrFormatException.damaged(file, "its fill_value " + e + " is not a number");
		if (type != DataType.FLOAT32 && (v != Math.rint(v) || v < 0 || v > maxValue(type)))
			throw ZarrFormatException.damaged(file, "its fill_value " + e + " does not fit " + type.dtype());
		return v;
	}

	private static double maxValue(final DataType type) {
		return type == DataType.UINT8 ? 255 : type == DataType.UINT16 ? 65535 : 4294967295.0;
	}

	/** Why chunks of this shape cannot be held in one Java array, or null if they can. */
	private static String chunkTooLarge(final int[] chunks, final DataType type) {
		long n = type.bytes();
		for (final int c : chunks)
			n *= c;
		return n <= Integer.MAX_VALUE - 16 ? null : "chunks of " + Arrays.toString(chunks) + " voxels (" + (n >> 20) +
			" MiB each), which are too large: chunks must be under 2 GiB (64^3 to 256^3 voxels is usual)";
	}

	private static long[] reverse(final long[] a) {
		final long[] r = new long[a.length];
		for (int i = 0; i < a.length; i++)
			r[i] = a[a.length - 1 - i];
		return r;
	}

	private static int[] reverse(final int[] a) {
		final int[] r = new int[a.length];
		for (int i = 0; i < a.length; i++)
			r[i] = a[a.length - 1 - i];
		return r;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof ArrayMetadata)) return false;
		final ArrayMetadata m = (ArrayMetadata) o;
		return Arrays.equals(shape, m.shape) && Arrays.equals(chunks, m.chunks) && dataType == m.dataType && byteOrder
			.equals(m.byteOrder) && compressor.equals(m.compressor) && Double.compare(fillValue, m.fillValue) == 0 &&
			separator.equals(m.separator);
	}

	@Override
	public int hashCode() {
		return Objects.hash(Arrays.hashCode(shape), Arrays.hashCode(chunks), dataType, compressor, separator);
	}

	@Override
	public String toString() {
		return "shape " + Arrays.toString(shape) + ", chunks " + Arrays.toString(chunks) + ", " + dataType.dtype() +
			", compressor " + compressor + ", fill " + fillValue + ", separator \"" + separator + "\"";
	}
}
