package org.unet3d.io;

import java.awt.image.IndexColorModel;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.unet3d.data.StackWriter;
import org.unet3d.data.VoxelSize;

/**
 * Writes an ImageJ TIFF stack one plane at a time, so a result far bigger than memory can be saved
 * while it is being computed. The file is what ImageJ itself writes (uncompressed, big-endian, one
 * strip per plane, the ImageJ description with stack/hyperstack dimensions, calibration and display
 * range, an optional 8- or 16-bit color table) and opens in ImageJ and Fiji as a calibrated stack. Planes
 * come in ImageJ order, channel fastest, then z. The file appears under its name only when
 * {@link #finish()} succeeds ({@link AtomicFiles#begin}); closing before that removes it.
 */
public final class TiffStackWriter implements StackWriter {

	/** Pixel types ImageJ stores in a TIFF. */
	public enum PixelType {
		UINT8(1), UINT16(2), FLOAT32(4);

		final int bytes;

		PixelType(final int bytes) {
			this.bytes = bytes;
		}
	}

	/** Above this many bytes TIFF offsets overflow; like ImageJ, only the first IFD is written then. */
	static final long MAX_CLASSIC_TIFF = 0xffffffffL;

	private static final int ENTRY = 12;

	private final AtomicFiles.PendingFile file;
	private final Layout layout;
	private final long planeBytes;
	private final long planes;
	private final long dataStart;
	private final byte[] ifdTemplate;
	private final boolean allIfds;
	private final ByteBuffer buffer;
	private long written;

	private TiffStackWriter(final AtomicFiles.PendingFile file, final Layout layout, final long limit)
		throws IOException
	{
		this.file = file;
		this.layout = layout;
		this.planeBytes = (long) layout.width * layout.height * layout.type.bytes;
		this.planes = (long) layout.channels * layout.slices;
		final byte[] description = layout.description().getBytes(StandardCharsets.US_ASCII);
		final int nEntries = entryCount();
		final int ifdSize = 2 + nEntries * ENTRY + 4;
		final long descriptionAt = 8 + ifdSize;
		final long resolutionAt = descriptionAt + even(description.length + 1);
		final long mapAt = resolutionAt + (layout.calibrated() ? 16 : 0);
		dataStart = mapAt + (layout.lut != null ? 768 * 2 : 0);
		final long dataEnd = dataStart + planes * planeBytes;
		allIfds = dataEnd + (planes - 1) * ifdSize <= limit;
		ifdTemplate = ifd(nEntries, description.length + 1, descriptionAt, resolutionAt, mapAt);
		final ByteBuffer head = ByteBuffer.allocate((int) dataStart).order(ByteOrder.BIG_ENDIAN);
		head.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
		head.put(ifdTemplate);
		patchIfd(head, 8, dataStart, planes > 1 && allIfds ? dataEnd : 0);
		head.position((int) descriptionAt);
		head.put(description).put((byte) 0);
		head.position((int) resolutionAt);
		if (layout.calibrated()) {
			putRational(head, 1 / layout.voxelSize.x());
			putRational(head, 1 / layout.voxelSize.y());
		}
		if (layout.lut != null) {
			head.position((int) mapAt);
			final int n = layout.lut.getMapSize();
			for (int band = 0; band < 3; band++)
				for (int i = 0; i < 256; i++) {
					final int rgb = i < n ? layout.lut.getRGB(i) : 0;
					final int v = rgb >> (16 - 8 * band) & 0xff;
					head.putShort((short) (v * 257));
				}
		}
		head.position(0);
		file.write(head);
		buffer = ByteBuffer.allocate((int) Math.min(planeBytes, 1 << 20)).order(ByteOrder.BIG_ENDIAN);
	}

	/** Describes the stack to write; start with {@link TiffStackWriter#layout}. */
	public static final class Layout {

		final int width;
		final int height;
		final int slices;
		int channels = 1;
		PixelType type = PixelType.UINT8;
		VoxelSize voxelSize = VoxelSize.UNCALIBRATED;
		IndexColorModel lut;
		double min = Double.NaN;
		double max = Double.NaN;

		Layout(final int width, final int height, final int slices) {
			if (width < 1 || height < 1 || slices < 1) throw new IllegalArgumentException("Stack size must be at least " +
				"1 x 1 x 1, got " + width + " x " + height + " x " + slices);
			this.width = width;
			this.height = height;
			this.slices = slices;
		}

		/** Channels per z-slice (planes are channel-fastest); default 1. */
		public Layout channels(final int c) {
			if (c < 1) throw new IllegalArgumentException("Channels must be >= 1");
			channels = c;
			return this;
		}

		public Layout type(final PixelType t) {
			type = t;
			return this;
		}

		/** Calibration (pixel width, height, voxel depth and unit). */
		public Layout voxelSize(final VoxelSize v) {
			voxelSize = v == null ? VoxelSize.UNCALIBRATED : v;
			return this;
		}

		/** A color table for 8- or 16-bit planes (e.g. {@link LabelLut#colorModel()}), as ImageJ stores it. */
		public Layout lut(final IndexColorModel cm) {
			lut = cm;
			return this;
		}

		/** Display range ImageJ applies when opening. */
		public Layout displayRange(final double lo, final double hi) {
			min = lo;
			max = hi;
			return this;
		}

		/**
		 * Starts writing.
		 *
		 * @param overwrite replace an existing file (only once the new one is complete)
		 */
		public TiffStackWriter open(final File target, final boolean overwrite) throws IOException {
			return open(target, overwrite, MAX_CLASSIC_TIFF);
		}

		TiffStackWriter open(final File target, final boolean overwrite, final long limit) throws IOException {
			if (lut != null && type == PixelType.FLOAT32) throw new IllegalArgumentException("A color table needs 8- or " +
				"16-bit planes");
			AtomicFiles.checkWritable(target, overwrite);
			final AtomicFiles.PendingFile f = AtomicFiles.begin(target);
			try {
				return new TiffStackWriter(f, this, limit);
			}
			catch (final IOException | RuntimeException e) {
				f.close();
				throw e;
			}
		}

		boolean calibrated() {
			return !voxelSize.equals(VoxelSize.UNCALIBRATED) && voxelSize.x() > 0 && voxelSize.y() > 0;
		}

		/** The ImageJ description: what ImageJ reads back as stack dimensions and calibration. */
		String description() {
			final StringBuilder s = new StringBuilder("ImageJ=1.54p\n");
			final long images = (long) channels * slices;
			s.append("images=").append(images).append('\n');
			if (channels > 1) s.append("channels=").append(channels).append('\n');
			if (slices > 1) s.append("slices=").append(slices).append('\n');
			if (channels > 1 && slices > 1) s.append("hyperstack=true\n");
			if (channels > 1) s.append("mode=grayscale\n");
			if (calibrated()) {
				s.append("unit=").append(asciiUnit(voxelSize.unit())).append('\n');
				s.append("spacing=").append(number(voxelSize.z())).append('\n');
			}
			s.append("loop=false\n");
			if (!Double.isNaN(min)) s.append("min=").append(number(min)).append('\n').append("max=").append(number(max))
				.append('\n');
			return s.toString();
		}
	}

	/** A stack of {@code width x height} pixels and {@code slices} z-slices. */
	public static Layout layout(final int width, final int height, final int slices) {
		return new Layout(width, height, slices);
	}

	/** How many planes have been written. */
	public long planesWritten() {
		return written;
	}

	/** Appends the next plane (8-bit). */
	@Override
	public void write(final byte[] plane) throws IOException {
		check(plane.length, PixelType.UINT8);
		for (int off = 0; off < plane.length;) {
			buffer.clear();
			final int n = Math.min(buffer.capacity(), plane.length - off);
			buffer.put(plane, off, n).flip();
			file.write(buffer);
			off += n;
		}
		written++;
	}

	/** Appends the next plane (16-bit, unsigned). */
	@Override
	public void write(final short[] plane) throws IOException {
		check(plane.length, PixelType.UINT16);
		final int step = buffer.capacity() / 2;
		for (int off = 0; off < plane.length;) {
			buffer.clear();
			final int n = Math.min(step, plane.length - off);
			buffer.asShortBuffer().put(plane, off, n);
			buffer.limit(2 * n);
			file.write(buffer);
			off += n;
		}
		written++;
	}

	/** Appends the next plane (32-bit float). */
	@Override
	public void write(final float[] plane) throws IOException {
		check(plane.length, PixelType.FLOAT32);
		final int step = buffer.capacity() / 4;
		for (int off = 0; off < plane.length;) {
			buffer.clear();
			final int n = Math.min(step, plane.length - off);
			buffer.asFloatBuffer().put(plane, off, n);
			buffer.limit(4 * n);
			file.write(buffer);
			off += n;
		}
		written++;
	}

	private void check(final int length, final PixelType t) {
		if (t != layout.type) throw new IllegalArgumentException("This stack holds " + layout.type + " planes, not " +
			t);
		if ((long) length * t.bytes != planeBytes) throw new IllegalArgumentException("Plane of " + length +
			" pixels for a " + layout.width + " x " + layout.height + " stack");
		if (written >= planes) throw new IllegalStateException("All " + planes + " planes were already written");
	}

	/**
	 * Writes the directories of planes 2, 3, ... and makes the file appear under its name.
	 *
	 * @throws IllegalStateException if not all planes were written
	 */
	@Override
	public void finish() throws IOException {
		if (written != planes) throw new IllegalStateException("Only " + written + " of " + planes +
			" planes were written to " + file.target());
		if (allIfds && planes > 1) {
			final long dataEnd = dataStart + planes * planeBytes;
			final int size = ifdTemplate.length;
			final ByteBuffer b = ByteBuffer.allocate((int) Math.min((planes - 1) * size, 1 << 20)).order(
				ByteOrder.BIG_ENDIAN);
			for (long p = 1; p < planes; p++) {
				if (b.remaining() < size) {
					b.flip();
					file.write(b);
					b.clear();
				}
				final int at = b.position();
				b.put(ifdTemplate);
				final long next = p + 1 < planes ? dataEnd + p * size : 0;
				patchIfd(b, at, dataStart + p * planeBytes, next);
				b.position(at + size);
			}
			b.flip();
			file.write(b);
		}
		file.commit();
	}

	/** Abandons the file unless {@link #finish()} succeeded. */
	@Override
	public void close() throws IOException {
		file.close();
	}

	// ---- IFD layout ----

	private int entryCount() {
		int n = 10; // subfile type, width, height, bits, photometric, description, offsets, samples, rows, counts
		if (layout.calibrated()) n += 3;
		if (layout.lut != null) n++;
		if (layout.type == PixelType.FLOAT32) n++;
		return n;
	}

	/** Offsets of the strip-offset value and next-IFD field in the template, set by {@link #ifd}. */
	private int stripOffsetField;
	private int nextIfdField;

	private byte[] ifd(final int nEntries, final int descriptionLength, final long descriptionAt,
		final long resolutionAt, final long mapAt)
	{
		final ByteBuffer b = ByteBuffer.allocate(2 + nEntries * ENTRY + 4).order(ByteOrder.BIG_ENDIAN);
		b.putShort((short) nEntries);
		entry(b, 254, 4, 1, 0); // NewSubfileType
		entry(b, 256, 4, 1, layout.width);
		entry(b, 257, 4, 1, layout.height);
		entry(b, 258, 3, 1, layout.type.bytes * 8); // BitsPerSample
		// Photometric: palette for 8-bit with a color table; else black is zero (ImageJ also writes the
		// color table of a 16-bit image as a 256-entry ColorMap with photometric 1, and reads it back)
		entry(b, 262, 3, 1, layout.lut != null && layout.type == PixelType.UINT8 ? 3 : 1);
		entry(b, 270, 2, descriptionLength, descriptionAt); // ImageDescription
		stripOffsetField = b.position() + 8;
		entry(b, 273, 4, 1, 0); // StripOffsets, patched per plane
		entry(b, 277, 3, 1, 1); // SamplesPerPixel
		entry(b, 278, 4, 1, layout.height); // RowsPerStrip
		entry(b, 279, 4, 1, planeBytes); // StripByteCounts
		if (layout.calibrated()) {
			entry(b, 282, 5, 1, resolutionAt);
			entry(b, 283, 5, 1, resolutionAt + 8);
			entry(b, 296, 3, 1, 1); // ResolutionUnit: none (the unit is in the description)
		}
		if (layout.lut != null) entry(b, 320, 3, 768, mapAt); // ColorMap
		if (layout.type == PixelType.FLOAT32) entry(b, 339, 3, 1, 3); // SampleFormat: IEEE float
		nextIfdField = b.position();
		b.putInt(0);
		return b.array();
	}

	private void patchIfd(final ByteBuffer b, final int at, final long stripOffset, final long next) {
		b.putInt(at + stripOffsetField, (int) stripOffset);
		b.putInt(at + nextIfdField, (int) next);
	}

	private static void entry(final ByteBuffer b, final int tag, final int type, final long count, final long value) {
		b.putShort((short) tag).putShort((short) type).putInt((int) count);
		if (type == 3 && count == 1) b.putShort((short) value).putShort((short) 0); // SHORT, left-justified
		else b.putInt((int) value);
	}

	private static void putRational(final ByteBuffer b, final double v) {
		long den = 1_000_000;
		while (den > 1 && v * den > Integer.MAX_VALUE)
			den /= 10;
		b.putInt((int) Math.max(1, Math.round(v * den))).putInt((int) den);
	}

	private static long even(final long n) {
		return (n + 1) / 2 * 2;
	}

	private static String number(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
	}

	/** ImageJ descriptions are ASCII; ImageJ reads "um" as micrometre. */
	private static String asciiUnit(final String unit) {
		if (unit == null || unit.isEmpty()) return "pixel";
		final String u = unit.replace("\u00b5", "u").replace("\u03bc", "u");
		final StringBuilder s = new StringBuilder();
		for (final char c : u.toCharArray())
			if (c >= 32 && c < 127 && c != '\n') s.append(c);
		return s.length() == 0 ? "pixel" : s.toString();
	}
}
