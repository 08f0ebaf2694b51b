package org.unet3d.zarr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.unet3d.io.AtomicFiles;

/**
 * One Zarr v2 array on disk: a folder with {@code .zarray} and one file per chunk. Reads and writes
 * whole chunks as primitive arrays in image order (x fastest), addressed by their grid position in
 * image order (x first). A chunk that was never written reads as the fill value. Each chunk file is
 * written atomically (a temporary file beside it, then renamed), so a reader or a crashed run never
 * sees half a chunk, and writing the same voxels again gives the same bytes. Thread-safe: threads
 * (or machines) may read and write different chunks at the same time.
 */
public final class ZarrArray {

	/** A chunk file name: grid positions separated by "." (a leftover temporary file starts with "."). */
	private static final Pattern FLAT_KEY = Pattern.compile("\\d+(\\.\\d+)*");
	private static final Pattern NUMBER = Pattern.compile("\\d+");

	private final Path dir;
	private final ArrayMetadata metadata;
	private final long[] gridSize;

	private ZarrArray(final Path dir, final ArrayMetadata metadata) {
		this.dir = dir;
		this.metadata = metadata;
		gridSize = metadata.cellGrid().getGridDimensions();
	}

	/**
	 * Opens the array in folder {@code dir}.
	 *
	 * @throws ZarrFormatException if it is no Zarr v2 array or one we do not read, naming the file and the fix
	 * @throws IOException if it cannot be read
	 */
	public static ZarrArray open(final Path dir) throws IOException {
		final Path zarray = dir.resolve(".zarray");
		if (!Files.isRegularFile(zarray)) {
			if (Files.isRegularFile(dir.resolve("zarr.json"))) throw ZarrFormatException.unsupported(dir.resolve(
				"zarr.json"), "Zarr format 3");
			if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir + " does not exist or is not a folder. " +
				"Give the path of a .zarr folder.");
			throw new ZarrFormatException(dir + " is not a Zarr array: it has no .zarray file. Give the path of a " +
				"Zarr v2 array or OME-Zarr image.");
		}
		final ArrayMetadata metadata = ArrayMetadata.parse(new String(Files.readAllBytes(zarray),
			StandardCharsets.UTF_8), zarray);
		if (metadata.separator().equals(".") && metadata.numDimensions() > 1 && Files.isDirectory(dir.resolve("0")))
			throw new ZarrFormatException(zarray + " says chunk names are flat (\"dimension_separator\": \".\" or " +
				"none), but the chunks are in nested folders (" + dir.resolve("0") + "). Add \"dimension_separator\": " +
				"\"/\" to " + zarray + ".");
		return new ZarrArray(dir, metadata);
	}

	/**
	 * Creates a new, empty array in folder {@code dir} (made if missing) by writing its {@code .zarray}.
	 * Chunks already in the folder stay: replacing an array of another layout is the caller's
	 * decision (see {@link OmeZarr#create}).
	 */
	public static ZarrArray create(final Path dir, final ArrayMetadata metadata) throws IOException {
		Files.createDirectories(dir);
		final byte[] json = metadata.toJson().getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(dir.resolve(".zarray").toFile(), out -> out.write(json));
		return new ZarrArray(dir, metadata);
	}

	/** The array's folder. */
	public Path dir() {
		return dir;
	}

	public ArrayMetadata metadata() {
		return metadata;
	}

	/** The file of the chunk at {@code gridPosition} (image order), whether it exists or not. */
	public Path chunkFile(final long[] gridPosition) {
		checkPosition(gridPosition);
		return dir.resolve(metadata.chunkKey(gridPosition));
	}

	/** True if the chunk's file exists (it was written, or is one that another tool left out). */
	public boolean exists(final long[] gridPosition) {
		return Files.isRegularFile(chunkFile(gridPosition));
	}

	/**
	 * Reads a whole chunk, always full-size (edge chunks included, as Zarr stores them): a
	 * {@code byte[]}, {@code short[]}, {@code int[]} or {@code float[]} in image order, x fastest.
	 * A missing chunk is all fill value.
	 *
	 * @throws ZarrFormatException if the chunk file is damaged, naming it
	 */
	public Object readChunk(final long[] gridPosition) throws IOException {
		final Path file = chunkFile(gridPosition);
		final byte[] stored;
		try {
			stored = Files.readAllBytes(file);
		}
		catch (final NoSuchFileException e) {
			return metadata.dataType().newArray(metadata.chunkVoxels(), metadata.fillValue());
		}
		catch (final IOException e) {
			throw new IOException("Cannot read chunk file " + file + ": " + e.getMessage(), e);
		}
		final byte[] raw = metadata.compressor().decompress(stored, metadata.chunkBytes(), file);
		return metadata.dataType().decode(raw, metadata.byteOrder());
	}

	/**
	 * Writes a whole chunk atomically: {@code voxels} is full-size (for an edge chunk, the voxels
	 * beyond the image border are stored too; fill them with the fill value) in image order.
	 */
	public void writeChunk(final long[] gridPosition, final Object voxels) throws IOException {
		metadata.dataType().checkArray(voxels);
		if (metadata.dataType().length(voxels) != metadata.chunkVoxels()) throw new IllegalArgumentException(
			"A chunk has " + metadata.chunkVoxels() + " voxels, got " + metadata.dataType().length(voxels));
		final Path file = chunkFile(gridPosition);
		final byte[] stored = metadata.compressor().compress(metadata.dataType().encode(voxels));
		if (!metadata.separator().equals(".")) Files.createDirectories(file.getParent());
		AtomicFiles.write(file.toFile(), out -> out.write(stored));
	}

	/**
	 * The grid positions (image order) of all chunks whose files exist, e.g. to redo only the
	 * missing part of an interrupted run. Leftover temporary files are not chunks.
	 */
	public List<long[]> existingChunks() throws IOException {
		final List<long[]> found = new ArrayList<>();
		final int n = metadata.numDimensions();
		if (metadata.separator().equals(".")) {
			try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
				for (final Path p : s) {
					final String name = p.getFileName().toString();
					if (!FLAT_KEY.matcher(name).matches() || !Files.isRegularFile(p)) continue;
					final String[] parts = name.split("\\.");
					if (parts.length == n) addIfInGrid(found, parts);
				}
			}
		}
		else collectNested(dir, new ArrayList<>(), n, found);
		return found;
	}

	private void collectNested(final Path folder, final List<String> prefix, final int n, final List<long[]> found)
		throws IOException
	{
		try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
			for (final Path p : s) {
				final String name = p.getFileName().toString();
				if (!NUMBER.matcher(name).matches()) continue;
				prefix.add(name);
				if (prefix.size() == n) {
					if (Files.isRegularFile(p)) addIfInGrid(found, prefix.toArray(new String[0]));
				}
				else if (Files.isDirectory(p)) collectNested(p, prefix, n, found);
				prefix.remove(prefix.size() - 1);
			}
		}
	}

	private void addIfInGrid(final List<long[]> found, final String[] zarrOrder) {
		final long[] grid = gridSize;
		final long[] pos = new long[zarrOrder.length];
		for (int d = 0; d < pos.length; d++) {
			try {
				pos[d] = Long.parseLong(zarrOrder[zarrOrder.length - 1 - d]);
			}
			catch (final NumberFormatException e) {
				return;
			}
			if (pos[d] >= grid[d]) return;
		}
		found.add(pos);
	}

	private void checkPosition(final long[] gridPosition) {
		final long[] grid = gridSize;
		boolean ok = gridPosition.length == grid.length;
		for (int d = 0; ok && d < grid.length; d++)
			ok = gridPosition[d] >= 0 && gridPosition[d] < grid[d];
		if (!ok) throw new IndexOutOfBoundsException("Chunk " + java.util.Arrays.toString(gridPosition) +
			" is outside the chunk grid " + java.util.Arrays.toString(grid) + " of " + dir);
	}

	@Override
	public String toString() {
		return dir + " (" + metadata + ")";
	}
}
