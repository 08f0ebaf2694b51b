package org.unet3d.zarr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.io.AtomicFiles;
import org.unet3d.progress.Progress;

/**
 * An OME-Zarr image (OME-NGFF 0.4 on Zarr v2): a folder with {@code .zgroup}, {@code .zattrs}
 * ({@link Multiscales}) and one Zarr array per resolution level, level 0 the full resolution.
 * Opens such an image, or a bare Zarr array (uncalibrated, unless its parent folder is an OME-Zarr
 * image that lists it), as a lazily read {@link Volume} with the voxel size of the chosen level;
 * creates new images to be filled chunk by chunk with {@link ChunkWriter}.
 */
public final class OmeZarr {

	/** What {@link #create} does when the folder already exists. */
	public enum IfExists {
		/** Refuse, naming the folder and the fix. */
		REFUSE,
		/** Delete the old image's arrays and metadata (only files that Zarr names so) and start anew. */
		REPLACE,
		/** Keep the chunks already written if the image is the same (shape, chunks, type, voxel size). */
		RESUME
	}

	/**
	 * Names of files and folders that belong to a Zarr v2 image (chunks, metadata, consolidated
	 * metadata, our temporary files).
	 */
	static final Pattern ZARR_NAME = Pattern.compile("\\d+(\\.\\d+)*|\\.zarray|\\.zattrs|\\.zgroup|\\.zmetadata|" +
		"\\..+\\.part");

	private final Path dir;
	private final List<String> axes;
	private final List<Path> levels;
	private final List<VoxelSize> voxelSizes;

	private OmeZarr(final Path dir, final List<String> axes, final List<Path> levels, final List<VoxelSize> voxelSizes) {
		this.dir = dir;
		this.axes = Collections.unmodifiableList(axes);
		this.levels = Collections.unmodifiableList(levels);
		this.voxelSizes = Collections.unmodifiableList(voxelSizes);
	}

	/**
	 * Opens an OME-Zarr image, or a Zarr array.
	 *
	 * @throws ZarrFormatException if it is no Zarr we read, naming the file, what it found and the fix
	 * @throws IOException if it cannot be read
	 */
	public static OmeZarr open(final Path path) throws IOException {
		final Path dir = path.toAbsolutePath().normalize();
		if (Files.isRegularFile(dir.resolve(".zarray"))) return openArray(dir);
		if (Files.isRegularFile(dir.resolve("zarr.json"))) throw ZarrFormatException.unsupported(dir.resolve(
			"zarr.json"), "Zarr format 3");
		if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir + " does not exist or is not a folder. Give " +
			"the path of a .zarr folder.");
		final Path zattrs = dir.resolve(".zattrs");
		if (!Files.isRegularFile(zattrs)) throw new ZarrFormatException(dir + " is not an OME-Zarr image: it has no " +
			".zattrs" + (Files.isRegularFile(dir.resolve(".zgroup")) ? "" : " and no .zarray") + ". Give the path of " +
			"an OME-Zarr image (the folder with .zattrs) or of a Zarr v2 array (the folder with .zarray).");
		Multiscales m = Multiscales.parse(read(zattrs), zattrs);
		final List<Path> levels = new ArrayList<>();
		for (final Multiscales.Level l : m.levels())
			levels.add(dir.resolve(l.path()).normalize());
		final ZarrArray first = ZarrArray.open(levels.get(0));
		m = m.withAxesFor(first.metadata().numDimensions(), zattrs);
		final List<VoxelSize> sizes = new ArrayList<>();
		for (int i = 0; i < levels.size(); i++)
			sizes.add(m.voxelSize(i));
		checkDimensions(first, m.axes().size());
		return new OmeZarr(dir, names(m), levels, sizes);
	}

	/** A bare array: described by its parent's multiscales if they list it, else uncalibrated. */
	private static OmeZarr openArray(final Path dir) throws IOException {
		final ZarrArray array = ZarrArray.open(dir);
		final int n = array.metadata().numDimensions();
		final Path parent = dir.getParent();
		final Path zattrs = parent == null ? null : parent.resolve(".zattrs");
		if (zattrs != null && Files.isRegularFile(zattrs)) {
			final String json = read(zattrs);
			if (json.contains("\"multiscales\"")) {
				final Multiscales m = Multiscales.parse(json, zattrs).withAxesFor(n, zattrs);
				for (int i = 0; i < m.levels().size(); i++)
					if (parent.resolve(m.levels().get(i).path()).normalize().equals(dir)) {
						checkDimensions(array, m.axes().size());
						return new OmeZarr(dir, names(m), Collections.singletonList(dir), Collections.singletonList(m
							.voxelSize(i)));
					}
			}
		}
		if (n != 3 && n != 4) throw new ZarrFormatException(dir.resolve(".zarray") + " describes a " + n +
			"D array; without OME-NGFF axes we read 3D (z, y, x) or 4D (c, z, y, x) arrays. Give the path of an " +
			"OME-Zarr image, or save the array as a z-stack.");
		final List<String> axes = n == 3 ? Arrays.asList("z", "y", "x") : Arrays.asList("c", "z", "y", "x");
		return new OmeZarr(dir, axes, Collections.singletonList(dir), Collections.singletonList(VoxelSize.UNCALIBRATED));
	}

	private static void checkDimensions(final ZarrArray array, final int axes) throws ZarrFormatException {
		if (array.metadata().numDimensions() != axes) throw ZarrFormatException.damaged(array.dir().resolve(".zarray"),
			"its array has " + array.metadata().numDimensions() + " axes but the image's .zattrs lists " + axes);
	}

	private static List<String> names(final Multiscales m) {
		final List<String> names = new ArrayList<>();
		for (final Multiscales.Axis a : m.axes())
			names.add(a.name());
		return names;
	}

	private static String read(final Path file) throws IOException {
		return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
	}

	/**
	 * Creates an OME-Zarr image with one level, array "0" described by {@code level0} (3D: axes
	 * z, y, x; 4D: c, z, y, x), and writes its {@code .zgroup}, {@code .zattrs} and
	 * {@code 0/.zarray}; the chunks are written afterwards with {@link ChunkWriter}. The parent
	 * folder must exist.
	 *
	 * @param name the image name stored in the metadata (e.g. the source file's name)
	 * @throws IOException if the folder exists and {@code ifExists} does not allow using it, or for
	 *           {@link IfExists#RESUME} holds a different image; the message names the fix
	 */
	public static OmeZarr create(final Path path, final ArrayMetadata level0, final VoxelSize voxelSize,
		final String name, final IfExists ifExists) throws IOException
	{
		final Path dir = path.toAbsolutePath().normalize();
		final int n = level0.numDimensions();
		if (n != 3 && n != 4) throw new IllegalArgumentException("An OME-Zarr volume has 3 (x, y, z) or 4 (x, y, z, c) " +
			"axes, got " + n);
		final Multiscales multiscales = Multiscales.forImage(name, n == 4, voxelSize);
		final Path parent = dir.getParent();
		if (parent == null || !Files.isDirectory(parent)) throw new IOException("Cannot write " + dir + ": folder " +
			parent + " does not exist. Create it or choose another output path.");
		if (Files.exists(dir)) {
			if (!Files.isDirectory(dir)) throw new IOException("Cannot write " + dir + ": it is a file. Choose another " +
				"output path.");
			if (ifExists == IfExists.RESUME && Files.isRegularFile(dir.resolve(".zattrs"))) return resume(dir, level0,
				voxelSize);
			if (!isEmpty(dir)) {
				if (ifExists == IfExists.REFUSE) throw new IOException(dir + " already exists. Choose another name, or " +
					"allow overwriting (overwrite=true).");
				if (!Files.isRegularFile(dir.resolve(".zgroup")) && !Files.isRegularFile(dir.resolve(".zarray")))
					throw new IOException(dir + " already exists and is not a Zarr image, so it is not replaced. Choose " +
						"another output path.");
				deleteZarrFiles(dir);
			}
		}
		Files.createDirectories(dir);
		final ZarrArray array = ZarrArray.create(dir.resolve("0"), level0);
		final byte[] group = "{\n  \"zarr_format\": 2\n}\n".getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(dir.resolve(".zgroup").toFile(), out -> out.write(group));
		final byte[] attrs = multiscales.toJson().getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(dir.resolve(".zattrs").toFile(), out -> out.write(attrs));
		return new OmeZarr(dir, names(multiscales), Collections.singletonList(array.dir()), Collections.singletonList(
			voxelSize));
	}

	/**
	 * Writes a whole volume as a new OME-Zarr image, chunk by chunk: axes z, y, x for one channel,
	 * else c, z, y, x with one channel per chunk.
	 *
	 * @param chunkXYZ chunk size along x, y and z (64 to 256 is usual)
	 * @throws IllegalArgumentException if the voxels are not 8-, 16-, 32-bit unsigned or float
	 * @throws java.util.concurrent.CancellationException if the user canceled
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static OmeZarr write(final Volume<?> volume, final Path path, final int[] chunkXYZ,
		final Compressor compressor, final String name, final IfExists ifExists, final Progress progress)
		throws IOException
	{
		final DataType type = DataType.of(volume.type());
		if (type == null) throw new IllegalArgumentException("OME-Zarr images are written with unsigned 8-, 16- or " +
			"32-bit or float voxels, not " + volume.type().getClass().getSimpleName() + ". Convert the image first " +
			"(Image > Type).");
		final boolean channels = volume.channels() > 1;
		final RandomAccessibleInterval source = channels ? volume.pixels() : volume.channel(0);
		final long[] dims = source.dimensionsAsLongArray();
		final int[] chunk = new int[dims.length];
		for (int d = 0; d < dims.length; d++)
			chunk[d] = d < 3 ? (int) Math.max(1, Math.min(chunkXYZ[d], dims[d])) : 1;
		final OmeZarr out = create(path, ArrayMetadata.forImage(dims, chunk, type, compressor), volume.voxelSize(), name,
			ifExists);
		ChunkWriter.of(out.array(0)).writeAll(source, progress);
		return out;
	}

	/** The existing image, if it is the one that would be created. */
	private static OmeZarr resume(final Path dir, final ArrayMetadata level0, final VoxelSize voxelSize)
		throws IOException
	{
		final OmeZarr old = open(dir);
		final ArrayMetadata had = old.array(0).metadata();
		if (!had.equals(level0) || !old.voxelSize(0).equals(voxelSize)) throw new IOException(dir + " holds another " +
			"image than the one to be written (it has " + had + ", voxel " + old.voxelSize(0) + "; this run writes " +
			level0 + ", voxel " + voxelSize + "), so it cannot be resumed. Choose another output path, or allow " +
			"overwriting (overwrite=true) to start again.");
		return old;
	}

	static boolean isEmpty(final Path dir) throws IOException {
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
			return !s.iterator().hasNext();
		}
	}

	/** Deletes what Zarr wrote under {@code dir}: chunk files, metadata, level folders; leaves anything else. */
	static void deleteZarrFiles(final Path dir) throws IOException {
		Files.walkFileTree(dir, new SimpleFileVisitor<Path>() {

			@Override
			public FileVisitResult preVisitDirectory(final Path d, final BasicFileAttributes attrs) {
				return d.equals(dir) || ZARR_NAME.matcher(d.getFileName().toString()).matches() ? FileVisitResult.CONTINUE
					: FileVisitResult.SKIP_SUBTREE;
			}

			@Override
			public FileVisitResult visitFile(final Path f, final BasicFileAttributes attrs) throws IOException {
				if (ZARR_NAME.matcher(f.getFileName().toString()).matches()) Files.delete(f);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(final Path d, final IOException e) throws IOException {
				if (e != null) throw e;
				if (!d.equals(dir) && isEmpty(d)) Files.delete(d);
				return FileVisitResult.CONTINUE;
			}
		});
	}

	/** The image folder (or the array folder, for a bare array). */
	public Path dir() {
		return dir;
	}

	/** The axis names, slowest first (Zarr's order), e.g. [c, z, y, x]. */
	public List<String> axes() {
		return axes;
	}

	/** Number of resolution levels (1 for a bare array). */
	public int levels() {
		return levels.size();
	}

	/** The voxel size of a level (uncalibrated for a bare array). */
	public VoxelSize voxelSize(final int level) {
		checkLevel(level);
		return voxelSizes.get(level);
	}

	/** The Zarr array of a level. */
	public ZarrArray array(final int level) throws IOException {
		checkLevel(level);
		return ZarrArray.open(levels.get(level));
	}

	/**
	 * Level {@code level} as a lazily read volume (axes X, Y, Z, C; a time axis of one point is
	 * dropped), caching up to {@code cacheBytes} of chunks; the image behind it is
	 * {@link #image(int, long)}.
	 *
	 * @throws ZarrFormatException if the image has several time points
	 */
	public Volume<?> volume(final int level, final long cacheBytes) throws IOException {
		return volume(level, image(level, cacheBytes));
	}

	/** Level 0 as a lazily read volume with the default cache. */
	public Volume<?> volume() throws IOException {
		return volume(0, ZarrImg.DEFAULT_CACHE_BYTES);
	}

	/** The lazily read image of a level, in image order (the reverse of {@link #axes()}). */
	public ZarrImg image(final int level, final long cacheBytes) throws IOException {
		return ZarrImg.open(array(level), cacheBytes);
	}

	/**
	 * The volume over a level's image (from {@link #image(int, long)}, so the caller can size its
	 * cache): axes reordered as views, no voxel is copied.
	 */
	public <T extends RealType<T> & NativeType<T>> Volume<T> volume(final int level, final ZarrImg image)
		throws ZarrFormatException
	{
		RandomAccessibleInterval<T> xyz = image.image();
		final int t = axes.indexOf("t");
		if (t >= 0) {
			final int d = axes.size() - 1 - t;
			if (xyz.dimension(d) != 1) throw new ZarrFormatException(dir + " is a time series of " + xyz.dimension(d) +
				" time points. 3D U-Net works on one 3D stack: save one time point as its own image.");
			xyz = Views.hyperSlice(xyz, d, 0);
		}
		return Volume.of(xyz, voxelSize(level));
	}

	private void checkLevel(final int level) {
		if (level < 0 || level >= levels.size()) throw new IllegalArgumentException("Resolution level " + level +
			" does not exist in " + dir + ": it has levels 0 to " + (levels.size() - 1) + " (0 is the full resolution).");
	}

	@Override
	public String toString() {
		return dir + " (axes " + axes + ", " + levels.size() + " level(s), voxel " + voxelSizes.get(0) + ")";
	}
}
