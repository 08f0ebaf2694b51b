package org.unet3d.zarr;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import net.imglib2.FinalInterval;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

import org.unet3d.data.StackWriter;
import org.unet3d.data.VoxelSize;
import org.unet3d.progress.Progress;

/**
 * Writes a new OME-Zarr image plane by plane (z order, channels fastest; see {@link StackWriter}),
 * so a result computed slice by slice, such as a segmentation, can be saved past memory: the
 * planes of one layer of chunks (the chunk depth along z, all channels) are held, and when the
 * layer is complete its chunks are written, each file atomically, and the planes reused. The image
 * is built in a hidden folder beside the target ({@code .NAME.*.part}) and renamed to the target
 * by {@link #finish()}; {@link #close()} before that deletes it, so a reader never sees a half
 * image under the target name. Replacing an existing image (overwrite) swaps the new one in first
 * and then deletes the old one. 8-bit, 16-bit unsigned and 32-bit float voxels.
 */
public final class SlabWriter implements StackWriter {

	private final Path target;
	private final Path pending;
	private final boolean overwrite;
	private final ZarrArray array;
	private final ChunkWriter chunks;
	private final DataType type;
	private final long width, height, depth;
	private final int channels;
	private final int layerDepth;
	private final Object[] planes; // index: channel * layerDepth + z within the layer
	private long written;
	private boolean done;

	private SlabWriter(final Path target, final Path pending, final boolean overwrite, final OmeZarr image)
		throws IOException
	{
		this.target = target;
		this.pending = pending;
		this.overwrite = overwrite;
		array = image.array(0);
		chunks = ChunkWriter.of(array);
		final ArrayMetadata m = array.metadata();
		type = m.dataType();
		final long[] dims = m.imageDimensions();
		width = dims[0];
		height = dims[1];
		depth = dims[2];
		channels = dims.length > 3 ? (int) dims[3] : 1;
		layerDepth = (int) Math.min(depth, m.chunkDimensions()[2]);
		if (width * height > Integer.MAX_VALUE) throw new IllegalArgumentException("Planes of " + width + " x " + height +
			" voxels are too large to write (over 2^31 voxels)");
		planes = new Object[channels * layerDepth];
		for (int i = 0; i < planes.length; i++) // now, so that memory planned after this counts them
			planes[i] = newPlane();
	}

	/**
	 * Starts writing an OME-Zarr image with one level described by {@code level0} (axes x, y, z for
	 * one channel, x, y, z, c for several; 8-bit, 16-bit or float voxels).
	 *
	 * @param name the image name stored in the metadata
	 * @param overwrite replace an existing image at {@code target} once the new one is complete
	 * @throws IOException if {@code target} cannot be written (see {@link #checkWritable})
	 */
	public static SlabWriter create(final Path target, final ArrayMetadata level0, final VoxelSize voxelSize,
		final String name, final boolean overwrite) throws IOException
	{
		final Path abs = target.toAbsolutePath().normalize();
		checkWritable(abs, overwrite);
		if (level0.dataType() == DataType.UINT32) throw new IllegalArgumentException("Planes are written as 8-bit, " +
			"16-bit or float voxels, not " + level0.dataType());
		final Path pending = newPendingFolder(abs);
		try {
			return new SlabWriter(abs, pending, overwrite, OmeZarr.create(pending, level0, voxelSize, name,
				OmeZarr.IfExists.REFUSE));
		}
		catch (final IOException | RuntimeException e) {
			deleteTree(pending);
			throw e;
		}
	}

	/**
	 * Checks before any work that an OME-Zarr image can be written at {@code target}: its folder
	 * exists and is writable, and {@code target} does not exist, or {@code overwrite} is set and it
	 * is a Zarr image (a folder of anything else is never replaced).
	 *
	 * @throws IOException naming the path and the fix
	 */
	public static void checkWritable(final Path target, final boolean overwrite) throws IOException {
		final Path abs = target.toAbsolutePath().normalize();
		final Path parent = abs.getParent();
		if (parent == null || !Files.isDirectory(parent)) throw new IOException("Cannot write " + abs + ": folder " +
			parent + " does not exist. Create it or choose another output path.");
		if (Files.exists(abs)) {
			if (!Files.isDirectory(abs)) throw new IOException("Cannot write " + abs + ": it is a file, not an OME-Zarr " +
				"folder. Choose another output path.");
			if (!overwrite) throw new IOException(abs + " already exists. Choose another name, or allow overwriting " +
				"(overwrite=true).");
			final String foreign = notZarr(abs);
			if (foreign != null) throw new IOException(abs + " already exists and holds files that are not part of a " +
				"Zarr image (" + foreign + "), so it is not replaced. Choose another output path.");
		}
		if (!Files.isWritable(parent)) throw new IOException("Cannot write " + abs + ": folder " + parent +
			" is not writable. Choose another output path.");
	}

	/** The first file or folder in {@code dir} that Zarr would not have written, or null. */
	private static String notZarr(final Path dir) throws IOException {
		final String[] found = { null };
		Files.walkFileTree(dir, new SimpleFileVisitor<Path>() {

			@Override
			public FileVisitResult preVisitDirectory(final Path d, final BasicFileAttributes attrs) {
				if (d.equals(dir) || OmeZarr.ZARR_NAME.matcher(d.getFileName().toString()).matches()) return FileVisitResult.CONTINUE;
				found[0] = dir.relativize(d).toString();
				return FileVisitResult.TERMINATE;
			}

			@Override
			public FileVisitResult visitFile(final Path f, final BasicFileAttributes attrs) {
				if (OmeZarr.ZARR_NAME.matcher(f.getFileName().toString()).matches()) return FileVisitResult.CONTINUE;
				found[0] = dir.relativize(f).toString();
				return FileVisitResult.TERMINATE;
			}
		});
		return found[0];
	}

	/** The image's level-0 array (in the hidden folder until {@link #finish()}). */
	public ZarrArray array() {
		return array;
	}

	/** How many planes have been written. */
	public long planesWritten() {
		return written;
	}

	@Override
	public void write(final byte[] plane) throws IOException {
		add(plane, plane.length, DataType.UINT8);
	}

	@Override
	public void write(final short[] plane) throws IOException {
		add(plane, plane.length, DataType.UINT16);
	}

	@Override
	public void write(final float[] plane) throws IOException {
		add(plane, plane.length, DataType.FLOAT32);
	}

	private void add(final Object plane, final int length, final DataType t) throws IOException {
		if (t != type) throw new IllegalArgumentException("This image holds " + type + " voxels, not " + t);
		if (length != width * height) throw new IllegalArgumentException("Plane of " + length + " voxels for a " +
			width + " x " + height + " image");
		if (done) throw new IllegalStateException(target + " was already finished or abandoned");
		if (written >= depth * channels) throw new IllegalStateException("All " + depth * channels +
			" planes were already written");
		final long z = written / channels;
		final int c = (int) (written % channels);
		final int zInLayer = (int) (z % layerDepth);
		System.arraycopy(plane, 0, planes[c * layerDepth + zInLayer], 0, length);
		written++;
		if (c == channels - 1 && (zInLayer == layerDepth - 1 || z == depth - 1)) writeLayer(z - zInLayer, zInLayer + 1);
	}

	private Object newPlane() {
		final int n = (int) (width * height);
		switch (type) {
			case UINT8:
				return new byte[n];
			case UINT16:
				return new short[n];
			default:
				return new float[n];
		}
	}

	/** Writes the chunks of the layer starting at slice {@code z0}, {@code slices} deep. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void writeLayer(final long z0, final int slices) throws IOException {
		final List<ArrayDataAccess> accesses = new ArrayList<>();
		for (int c = 0; c < channels; c++)
			for (int z = 0; z < slices; z++) {
				final Object p = planes[c * layerDepth + z];
				accesses.add(p instanceof byte[] ? new ByteArray((byte[]) p) : p instanceof short[] ? new ShortArray(
					(short[]) p) : new FloatArray((float[]) p));
			}
		final long[] dims = channels > 1 ? new long[] { width, height, slices, channels } : new long[] { width, height,
			slices };
		final PlanarImg img = new PlanarImg(accesses, dims, new Fraction());
		final NativeType linked = type == DataType.UINT8 ? new UnsignedByteType(img) : type == DataType.UINT16
			? new UnsignedShortType(img) : new FloatType(img);
		img.setLinkedType(linked);
		final long[] min = new long[dims.length];
		final long[] max = new long[dims.length];
		for (int d = 0; d < dims.length; d++)
			max[d] = dims[d] - 1;
		min[2] = z0;
		max[2] = z0 + slices - 1;
		final long[] offset = new long[dims.length];
		offset[2] = z0;
		chunks.writeBlock(new FinalInterval(min, max), Views.translate(img, offset), Progress.NONE);
	}

	/**
	 * Moves the complete image under the target name (replacing an old image there if allowed).
	 *
	 * @throws IllegalStateException if not all planes were written
	 */
	@Override
	public void finish() throws IOException {
		if (done) throw new IllegalStateException(target + " was already finished or abandoned");
		if (written != depth * channels) throw new IllegalStateException("Only " + written + " of " + depth * channels +
			" planes were written to " + target);
		try {
			Path old = null;
			if (Files.exists(target)) {
				if (!overwrite) throw new FileAlreadyExistsException(target + " already exists. Choose another name, or " +
					"allow overwriting (overwrite=true).");
				old = newPendingFolderName(target, "old");
				move(target, old);
			}
			move(pending, target);
			done = true;
			if (old != null) {
				OmeZarr.deleteZarrFiles(old);
				if (OmeZarr.isEmpty(old)) Files.delete(old);
			}
		}
		catch (final IOException e) {
			close();
			throw new IOException("Could not write " + target + ": " + e.getMessage() + ". Nothing was changed under " +
				"that name.", e);
		}
	}

	@Override
	public void close() throws IOException {
		if (done) return;
		done = true;
		deleteTree(pending);
	}

	private static void move(final Path from, final Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(from, to);
		}
	}

	/** A new, empty hidden folder beside {@code target}: {@code .NAME.<random>.part}. */
	private static Path newPendingFolder(final Path target) throws IOException {
		for (int tries = 0;; tries++)
			try {
				return Files.createDirectory(newPendingFolderName(target, "part"));
			}
			catch (final FileAlreadyExistsException e) {
				if (tries > 100) throw e;
			}
	}

	private static Path newPendingFolderName(final Path target, final String suffix) {
		return target.resolveSibling("." + target.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom
			.current().nextLong(), 36) + "." + suffix);
	}

	/** Deletes a folder we made, with everything in it. */
	private static void deleteTree(final Path dir) throws IOException {
		if (!Files.exists(dir)) return;
		Files.walkFileTree(dir, new SimpleFileVisitor<Path>() {

			@Override
			public FileVisitResult visitFile(final Path f, final BasicFileAttributes attrs) throws IOException {
				Files.delete(f);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(final Path d, final IOException e) throws IOException {
				if (e != null) throw e;
				Files.delete(d);
				return FileVisitResult.CONTINUE;
			}
		});
	}

	@Override
	public String toString() {
		return target + " (" + written + " of " + depth * channels + " planes written)";
	}
}
