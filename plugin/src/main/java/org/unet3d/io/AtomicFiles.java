package org.unet3d.io;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader sees either the old file or the complete new one, never half of
 * it: the content goes into a temporary file beside the target, is flushed to disk, and only then
 * renamed over the target. A crash, a full disk or a kill leaves the old file untouched.
 */
public final class AtomicFiles {

	/** How a full disk is described in messages (after "Could not write FILE: "). */
	public static final String DISK_FULL = "the disk is full. Free some space or choose a folder on another disk";

	private AtomicFiles() {}

	/** Writes a file's content. */
	public interface Content {

		void writeTo(OutputStream out) throws IOException;
	}

	/** Writes a file's content into a path (used when a library insists on writing a file itself). */
	public interface FileContent {

		void writeTo(File file) throws IOException;
	}

	/**
	 * Checks an output path before long work starts, so a user learns of a typo before training for
	 * an hour.
	 *
	 * @throws IOException if the folder does not exist or is not writable, or the file exists and
	 *           {@code overwrite} is false
	 */
	public static void checkWritable(final File target, final boolean overwrite) throws IOException {
		final File abs = target.getAbsoluteFile();
		final File dir = abs.getParentFile();
		if (dir == null || !dir.isDirectory()) throw new IOException("Cannot write " + abs + ": folder " + dir +
			" does not exist. Create it or choose another output path.");
		if (abs.isDirectory()) throw new IOException("Cannot write " + abs + ": it is a folder. Give a file name.");
		if (abs.exists() && !overwrite) throw new IOException(abs + " already exists. Choose another name, or allow " +
			"overwriting (overwrite=true).");
		if (!canCreateFileIn(dir)) throw new IOException("Cannot write " + abs + ": folder " + dir +
			" is not writable. Choose another output path.");
	}

	/**
	 * True if a file can really be created in {@code dir}: permissions alone do not tell (an
	 * administrator passes every permission check, yet cannot write on a read-only disk or in /proc).
	 */
	private static boolean canCreateFileIn(final File dir) {
		if (!Files.isWritable(dir.toPath())) return false;
		try {
			Files.delete(Files.createTempFile(dir.toPath(), ".unet3d-", ".probe"));
			return true;
		}
		catch (final IOException | SecurityException e) {
			return false;
		}
	}

	/** Writes {@code target} atomically from a stream writer. */
	public static void write(final File target, final Content content) throws IOException {
		writeFile(target, tmp -> {
			try (FileChannel ch = FileChannel.open(tmp.toPath(), StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = new java.io.BufferedOutputStream(Channels
					.newOutputStream(ch), 1 << 16))
			{
				content.writeTo(out);
				out.flush();
				ch.force(true);
			}
		});
	}

	/** Writes {@code target} atomically, letting the writer fill a temporary file by name. */
	public static void writeFile(final File target, final FileContent content) throws IOException {
		final File abs = target.getAbsoluteFile();
		final File dir = abs.getParentFile();
		if (dir == null || !dir.isDirectory()) throw new IOException("Cannot write " + abs + ": folder " + dir +
			" does not exist");
		final Path tmp = Files.createTempFile(dir.toPath(), "." + abs.getName() + ".", ".part");
		boolean done = false;
		try {
			keepPermissions(tmp, abs.toPath());
			content.writeTo(tmp.toFile());
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
				ch.force(true);
			}
			try {
				Files.move(tmp, abs.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, abs.toPath(), StandardCopyOption.REPLACE_EXISTING);
			}
			done = true;
		}
		catch (final IOException e) {
			throw writeFailed(abs, e);
		}
		finally {
			if (!done) Files.deleteIfExists(tmp);
		}
	}

	/**
	 * Starts writing {@code target} piece by piece (e.g. a stack slice by slice): the content goes
	 * into a temporary file beside it, which replaces the target only on {@link PendingFile#commit()}.
	 * Closing without committing deletes the temporary file, so an error or a cancel leaves nothing
	 * under the final name.
	 */
	public static PendingFile begin(final File target) throws IOException {
		final File abs = target.getAbsoluteFile();
		final File dir = abs.getParentFile();
		if (dir == null || !dir.isDirectory()) throw new IOException("Cannot write " + abs + ": folder " + dir +
			" does not exist");
		final Path tmp = Files.createTempFile(dir.toPath(), "." + abs.getName() + ".", ".part");
		try {
			keepPermissions(tmp, abs.toPath());
			return new PendingFile(abs, tmp, FileChannel.open(tmp, StandardOpenOption.WRITE));
		}
		catch (final IOException | RuntimeException e) {
			Files.deleteIfExists(tmp);
			throw e;
		}
	}

	/** A file being written; see {@link AtomicFiles#begin(File)}. Not thread-safe. */
	public static final class PendingFile implements java.io.Closeable {

		private final File target;
		private final Path tmp;
		private final FileChannel channel;
		private boolean done;

		private PendingFile(final File target, final Path tmp, final FileChannel channel) {
			this.target = target;
			this.tmp = tmp;
			this.channel = channel;
		}

		/** The final name. */
		public File target() {
			return target;
		}

		/** Where to write the content (positioned at 0 at first). */
		public FileChannel channel() {
			return channel;
		}

		/** Writes the whole buffer at the channel's position. */
		public void write(final java.nio.ByteBuffer buffer) throws IOException {
			try {
				while (buffer.hasRemaining())
					channel.write(buffer);
			}
			catch (final IOException e) {
				throw writeFailed(target, e);
			}
		}

		/** Flushes the content to disk and moves it under the final name. */
		public void commit() throws IOException {
			if (done) throw new IllegalStateException(target + " was already committed or abandoned");
			try {
				channel.force(true);
				channel.close();
				try {
					Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				catch (final AtomicMoveNotSupportedException e) {
					Files.move(tmp, target.toPath(), StandardCopyOption.REPLACE_EXISTING);
				}
				done = true;
			}
			catch (final IOException e) {
				close();
				throw new IOException("Could not write " + target + ": " + describe(e) +
					". Nothing was changed under that name.", e);
			}
		}

		/** Abandons the file unless it was committed: deletes the temporary file. */
		@Override
		public void close() throws IOException {
			if (done) return;
			done = true;
			try {
				channel.close();
			}
			finally {
				Files.deleteIfExists(tmp);
			}
		}
	}

	/**
	 * Temporary files are private (rw-------); give the new file the old file's permissions, or the
	 * usual rw-r--r-- of a new file, so results in shared folders stay readable by colleagues.
	 */
	private static void keepPermissions(final Path tmp, final Path target) {
		try {
			final java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.exists(target) ? Files
				.getPosixFilePermissions(target) : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
			Files.setPosixFilePermissions(tmp, perms);
		}
		catch (final UnsupportedOperationException | IOException e) {
			// not a POSIX file system (Windows): nothing to do
		}
	}

	/**
	 * The error to report when writing {@code target} failed before anything was put under its name
	 * (e.g. while a library wrote a temporary file): names the file and, for a full disk, the fix.
	 */
	public static IOException writeFailed(final File target, final IOException e) {
		return new IOException("Could not write " + target.getAbsoluteFile() + ": " + describe(e) +
			". Nothing was changed under that name.", e);
	}

	/** What went wrong, in words; a full disk (ENOSPC, also reported as a quota) says how to fix it. */
	static String describe(final IOException e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			final String m = t.getMessage();
			if (m != null && (m.toLowerCase(java.util.Locale.ROOT).contains("no space left") || m.toLowerCase(
				java.util.Locale.ROOT).contains("disk quota exceeded"))) return DISK_FULL;
		}
		final String m = e.getMessage();
		return m == null ? e.getClass().getSimpleName() : m;
	}
}
