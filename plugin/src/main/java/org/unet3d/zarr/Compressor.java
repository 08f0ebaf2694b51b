package org.unet3d.zarr;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

/**
 * How a chunk's bytes are compressed on disk (the {@code compressor} of {@code .zarray}): none,
 * zlib, gzip (both from the JDK) or Zstandard (pure Java, from aircompressor). The same bytes in
 * always give the same bytes out, so rewriting a chunk gives an identical file. Immutable and
 * thread-safe.
 */
public final class Compressor {

	/** The compression methods we read and write, by their numcodecs id. */
	public enum Kind {
		NONE, ZLIB, GZIP, ZSTD;

		/** The numcodecs {@code id} ("zlib", "gzip", "zstd"). */
		public String id() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** No compression. */
	public static final Compressor NONE = new Compressor(Kind.NONE, 0);

	/** The Zstandard level aircompressor writes (it has no other). */
	private static final int ZSTD_LEVEL = 3;

	private final Kind kind;
	private final int level;

	private Compressor(final Kind kind, final int level) {
		this.kind = kind;
		this.level = level;
	}

	/** zlib (deflate with the zlib header) at a level from 1 (fast) to 9 (small). */
	public static Compressor zlib(final int level) {
		return new Compressor(Kind.ZLIB, checkLevel(level));
	}

	/** gzip at a level from 1 (fast) to 9 (small). */
	public static Compressor gzip(final int level) {
		return new Compressor(Kind.GZIP, checkLevel(level));
	}

	/** Zstandard (level 3). */
	public static Compressor zstd() {
		return new Compressor(Kind.ZSTD, ZSTD_LEVEL);
	}

	/**
	 * A compressor by name, for command-line options: "none", "zlib", "gzip" or "zstd", the first two
	 * optionally with a level ("zlib:6"; default 5).
	 */
	public static Compressor parse(final String text) {
		final String t = text.trim().toLowerCase(Locale.ROOT);
		final String[] p = t.split(":", 2);
		try {
			final int level = p.length > 1 ? Integer.parseInt(p[1]) : 5;
			switch (p[0]) {
				case "none":
				case "raw":
					if (p.length == 1) return NONE;
					break;
				case "zlib":
					return zlib(level);
				case "gzip":
					return gzip(level);
				case "zstd":
					if (p.length == 1) return zstd();
					break;
				default:
			}
		}
		catch (final IllegalArgumentException e) {
			// fall through to the message below
		}
		throw new IllegalArgumentException("Unknown compressor \"" + text + "\". Use none, zlib, gzip or zstd " +
			"(zlib and gzip may have a level 1-9, e.g. zlib:6).");
	}

	private static int checkLevel(final int level) {
		if (level < 1 || level > 9) throw new IllegalArgumentException("Compression level must be 1 to 9, got " +
			level);
		return level;
	}

	public Kind kind() {
		return kind;
	}

	/** The compression level (0 for none). */
	public int level() {
		return level;
	}

	/** The {@code compressor} entry of {@code .zarray}: null, or numcodecs' configuration. */
	JsonElement toJson() {
		if (kind == Kind.NONE) return JsonNull.INSTANCE;
		final JsonObject o = new JsonObject();
		o.add("id", new JsonPrimitive(kind.id()));
		o.add("level", new JsonPrimitive(level));
		return o;
	}

	/**
	 * Reads a {@code compressor} entry of {@code .zarray}.
	 *
	 * @throws ZarrFormatException for compressors we do not read (blosc, lz4, ...), naming the file
	 */
	static Compressor fromJson(final JsonElement json, final Path file) throws ZarrFormatException {
		if (json == null || json.isJsonNull()) return NONE;
		if (!json.isJsonObject() || !json.getAsJsonObject().has("id")) throw ZarrFormatException.damaged(file,
			"its compressor " + json + " has no id");
		final JsonObject o = json.getAsJsonObject();
		final String id = o.get("id").getAsString();
		final int level = o.has("level") && o.get("level").isJsonPrimitive() ? o.get("level").getAsInt() : 1;
		switch (id) {
			case "zlib":
				return new Compressor(Kind.ZLIB, level);
			case "gzip":
				return new Compressor(Kind.GZIP, level);
			case "zstd":
				return new Compressor(Kind.ZSTD, level);
			case "blosc":
				throw ZarrFormatException.unsupported(file, "the blosc compressor" + (o.has("cname") ? " (" + o.get(
					"cname").getAsString() + ")" : ""));
			default:
				throw ZarrFormatException.unsupported(file, "the " + id + " compressor");
		}
	}

	/** Compresses a chunk's bytes. */
	byte[] compress(final byte[] raw) {
		switch (kind) {
			case NONE:
				return raw;
			case ZLIB: {
				final Deflater d = new Deflater(level);
				try {
					d.setInput(raw);
					d.finish();
					final ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 2));
					final byte[] buf = new byte[1 << 16];
					while (!d.finished())
						out.write(buf, 0, d.deflate(buf));
					return out.toByteArray();
				}
				finally {
					d.end();
				}
			}
			case GZIP: {
				final ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 2));
				try (GZIPOutputStream gz = new LeveledGzip(out, level)) {
					gz.write(raw);
				}
				catch (final IOException e) {
					throw new IllegalStateException("gzip into memory failed", e);
				}
				return out.toByteArray();
			}
			default: {
				final ZstdCompressor z = new ZstdCompressor();
				final byte[] out = new byte[z.maxCompressedLength(raw.length)];
				final int n = z.compress(raw, 0, raw.length, out, 0, out.length);
				return java.util.Arrays.copyOf(out, n);
			}
		}
	}

	/**
	 * Decompresses a chunk that must hold exactly {@code expected} bytes.
	 *
	 * @throws ZarrFormatException if the data is damaged, truncated or of another size, naming {@code file}
	 */
	byte[] decompress(final byte[] stored, final int expected, final Path file) throws ZarrFormatException {
		final byte[] out;
		try {
			switch (kind) {
				case NONE:
					out = stored;
					break;
				case ZLIB:
					out = inflate(stored, expected, file);
					break;
				case GZIP:
					out = readUpTo(new GZIPInputStream(new ByteArrayInputStream(stored)), expected);
					break;
				default:
					out = unzstd(stored, expected, file);
			}
		}
		catch (final IOException | DataFormatException | RuntimeException e) {
			if (e instanceof ZarrFormatException) throw (ZarrFormatException) e;
			throw damagedChunk(file, "its " + kind.id() + " data cannot be decompressed (" + e.getMessage() + ")", e);
		}
		if (out.length != expected) throw damagedChunk(file, "it holds " + (out.length > expected ? "more than " +
			expected : out.length + " instead of " + expected) + " bytes" + (kind == Kind.NONE ? "" : " after " +
				kind.id() + " decompression"), null);
		return out;
	}

	private static byte[] inflate(final byte[] stored, final int expected, final Path file) throws DataFormatException,
		ZarrFormatException
	{
		final Inflater inf = new Inflater();
		try {
			inf.setInput(stored);
			final byte[] out = new byte[expected];
			int n = 0;
			while (n < expected && !inf.finished()) {
				final int k = inf.inflate(out, n, expected - n);
				if (k == 0 && (inf.needsInput() || inf.needsDictionary())) throw damagedChunk(file,
					"its zlib data ends early (the file is truncated)", null);
				n += k;
			}
			if (n < expected) return java.util.Arrays.copyOf(out, n);
			if (!inf.finished() && inf.inflate(new byte[1]) > 0) return new byte[expected + 1];
			return out;
		}
		finally {
			inf.end();
		}
	}

	private static byte[] unzstd(final byte[] stored, final int expected, final Path file) throws ZarrFormatException {
		final long size = ZstdDecompressor.getDecompressedSize(stored, 0, stored.length);
		if (size >= 0 && size != expected) throw damagedChunk(file, "its zstd frame holds " + size + " instead of " +
			expected + " bytes", null);
		final byte[] out = new byte[expected];
		final int n = new ZstdDecompressor().decompress(stored, 0, stored.length, out, 0, expected);
		return n == expected ? out : java.util.Arrays.copyOf(out, n);
	}

	/** Reads up to {@code expected + 1} bytes (one more shows that there are too many). */
	private static byte[] readUpTo(final InputStream in, final int expected) throws IOException {
		try (InputStream s = in) {
			final byte[] out = new byte[expected];
			int n = 0;
			while (n < expected) {
				final int k = s.read(out, n, expected - n);
				if (k < 0) return java.util.Arrays.copyOf(out, n);
				n += k;
			}
			return s.read() >= 0 ? new byte[expected + 1] : out;
		}
	}

	static ZarrFormatException damagedChunk(final Path file, final String problem, final Throwable cause) {
		return new ZarrFormatException("Chunk file " + file + " is damaged: " + problem + ". Delete it and write " +
			"that part of the image again (a resumed run rewrites missing chunks), or restore it from a copy.", cause);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Compressor && ((Compressor) o).kind == kind && ((Compressor) o).level == level;
	}

	@Override
	public int hashCode() {
		return Objects.hash(kind, level);
	}

	@Override
	public String toString() {
		return kind == Kind.NONE ? "none" : kind == Kind.ZSTD ? "zstd" : kind.id() + ":" + level;
	}

	/** gzip at a chosen level (the JDK's stream has no constructor for it). */
	private static final class LeveledGzip extends GZIPOutputStream {

		LeveledGzip(final ByteArrayOutputStream out, final int level) throws IOException {
			super(out, 1 << 16);
			def.setLevel(level);
		}
	}
}
