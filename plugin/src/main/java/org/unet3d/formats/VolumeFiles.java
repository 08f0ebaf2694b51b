package org.unet3d.formats;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.blocks.PrimitiveBlocks;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.unet3d.data.NanHandling;
import org.unet3d.data.NonFiniteVoxels;
import org.unet3d.data.PlaneCache;
import org.unet3d.data.StackWriter;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.io.AtomicFiles;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.LabelLut;
import org.unet3d.io.TiffIO;
import org.unet3d.io.TiffStackWriter;
import org.unet3d.progress.Progress;
import org.unet3d.zarr.ArrayMetadata;
import org.unet3d.zarr.Compressor;
import org.unet3d.zarr.DataType;
import org.unet3d.zarr.OmeZarr;
import org.unet3d.zarr.SlabWriter;
import org.unet3d.zarr.ZarrImg;

/**
 * The one place that tells the stack file formats apart: a path is an OME-Zarr image (a folder
 * named {@code .zarr}, or any folder holding Zarr metadata) or otherwise a TIFF (or another file
 * ImageJ reads). Opens either as a {@link Volume} that is read as needed (a TIFF slice by slice,
 * an OME-Zarr image chunk by chunk, so neither needs to fit in memory), with its cache; writes
 * either plane by plane ({@link #create}); checks float voxels for NaN ({@link #checkFinite});
 * converts one format into the other ({@link #convert}). Voxel sizes travel with the images.
 */
public final class VolumeFiles {

	/** The name ending of OME-Zarr images. */
	public static final String ZARR = ".zarr";

	/**
	 * The lazily read OME-Zarr images behind the pixels of volumes that {@link #open} returned (by
	 * the pixels, so that a volume with a corrected voxel size finds its cache too).
	 */
	private static final Map<Object, ZarrImg> ZARR_IMAGES = Collections.synchronizedMap(new WeakHashMap<>());

	private VolumeFiles() {}

	/**
	 * True if {@code file} names an OME-Zarr image or Zarr array: a name ending in {@code .zarr}
	 * (existing or to be written), or an existing folder with Zarr metadata.
	 */
	public static boolean isZarr(final File file) {
		if (file.getName().toLowerCase(Locale.ROOT).endsWith(ZARR)) return true;
		return file.isDirectory() && (new File(file, ".zattrs").isFile() || new File(file, ".zarray").isFile() ||
			new File(file, ".zgroup").isFile() || new File(file, "zarr.json").isFile());
	}

	/**
	 * Opens a stack file as a volume read as needed: a TIFF as a virtual stack (slice by slice; other
	 * formats ImageJ reads are loaded into memory), an OME-Zarr image (its full resolution) chunk by
	 * chunk, through a cache of at most 64 MB or an eighth of the heap (segmentation grows it as it
 * needs). {@link #planeCache} gives its cache.
	 *
	 * @throws IOException if the file cannot be read, naming it and the problem
	 * @throws IllegalArgumentException if it is not a 3D stack, saying how to fix it
	 */
	public static Volume<?> open(final File file) throws IOException {
		return open(file, 0);
	}

	/**
	 * {@link #open} at a resolution level of an OME-Zarr image (0 = full resolution; a TIFF has only
	 * level 0).
	 *
	 * @throws IllegalArgumentException if the image has no such level
	 */
	public static Volume<?> open(final File file, final int level) throws IOException {
		if (!isZarr(file)) {
			if (level != 0) throw new IllegalArgumentException(file + " is a TIFF, which has one resolution level (0), " +
				"not " + level + ".");
			return TiffIO.openVolume(file);
		}
		final OmeZarr zarr = OmeZarr.open(file.toPath());
		final ZarrImg img = zarr.image(level, Math.min(ZarrImg.DEFAULT_CACHE_BYTES, Runtime.getRuntime().maxMemory() /
			8));
		final Volume<?> v = zarr.volume(level, img);
		ZARR_IMAGES.put(v.pixels(), img);
		return v;
	}

	/**
	 * Opens a label stack file (one channel of class ids): a TIFF into memory, an OME-Zarr image
	 * chunk by chunk. Axes x, y, z.
	 *
	 * @throws IllegalArgumentException if it has several channels or is not a 3D stack
	 */
	public static RandomAccessibleInterval<?> openLabels(final File file) throws IOException {
		if (!isZarr(file)) return TiffIO.readLabels(file);
		final Volume<?> v = open(file);
		if (v.channels() > 1) throw new IllegalArgumentException("Label image \"" + file.getName() + "\" has " + v
			.channels() + " channels; labels must be a single-channel stack of class ids (0, 1, 2, ...).");
		return v.channel(0);
	}

	/**
	 * Opens an image for training: a TIFF into memory (training reads it again and again), an
	 * OME-Zarr image chunk by chunk.
	 */
	public static Volume<?> openForTraining(final File file) throws IOException {
		return isZarr(file) ? open(file) : TiffIO.readVolume(file);
	}

	/**
	 * The cache of a volume read from disk, for segmentation to size, or null for one in memory: the
	 * planes of a TIFF virtual stack, or the chunks of an OME-Zarr image seen as planes.
	 */
	public static PlaneCache planeCache(final Volume<?> volume) {
		final ZarrImg zarr = ZARR_IMAGES.get(volume.pixels());
		return zarr != null ? zarr.planes() : ImagePlusBridge.planeCache(volume);
	}

	/** How much of a volume to read at once when scanning it: its chunks for OME-Zarr, else whole planes. */
	static int[] scanBlock(final Volume<?> volume) {
		final ZarrImg zarr = ZARR_IMAGES.get(volume.pixels());
		if (zarr == null) return NonFiniteVoxels.defaultBlock(volume);
		final int[] c = zarr.array().metadata().chunkDimensions();
		return new int[] { c[0], c[1], c[2] };
	}

	/**
	 * Applies the {@code nan=} option to an image before any work: an integer image comes back as it
	 * is; a float image is scanned (block by block, each OME-Zarr chunk once) and refused at its first
	 * NaN or infinite voxel, or read with such voxels replaced.
	 *
	 * @param name the image's name for the message
	 * @throws IllegalArgumentException naming the first non-finite voxel and the option
	 * @throws CancellationException if the user canceled the scan
	 */
	public static Volume<?> checkFinite(final Volume<?> volume, final String name, final NanHandling nan,
		final Progress progress)
	{
		if (isFloat(volume.type()) && nan.refuses()) progress.status("Checking " + name + " for NaN and infinite " +
			"voxels...");
		return nan.apply(volume, name, scanBlock(volume), progress);
	}

	/**
	 * {@link #checkFinite} for a label image (axes x, y, z): a float label image must hold numbers
	 * too.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static RandomAccessibleInterval<?> checkFiniteLabels(final RandomAccessibleInterval<?> labels,
		final String name, final NanHandling nan, final Progress progress)
	{
		if (!isFloat(labels.getType())) return labels;
		final Volume<?> v = checkFinite(Volume.of((RandomAccessibleInterval) labels, VoxelSize.UNCALIBRATED), name, nan,
			progress);
		return v.channel(0);
	}

	private static boolean isFloat(final Object type) {
		return type instanceof FloatType || type instanceof net.imglib2.type.numeric.real.DoubleType;
	}

	/**
	 * Checks before any work that a stack can be written to {@code file}: a TIFF file (see
	 * {@link AtomicFiles#checkWritable}) or an OME-Zarr folder (see {@link SlabWriter#checkWritable}).
	 *
	 * @throws IOException naming the path and the fix
	 */
	public static void checkWritable(final File file, final boolean overwrite) throws IOException {
		if (isZarr(file)) SlabWriter.checkWritable(file.toPath(), overwrite);
		else AtomicFiles.checkWritable(file, overwrite);
	}

	/**
	 * Starts writing a stack file plane by plane: an OME-Zarr image if {@code file} is one (see
	 * {@link #isZarr}), else an ImageJ TIFF. Either appears under its name only when
	 * {@link StackWriter#finish()} succeeds.
	 *
	 * @param overwrite replace an existing file (only once the new one is complete)
	 */
	public static StackWriter create(final File file, final StackLayout layout, final boolean overwrite)
		throws IOException
	{
		if (isZarr(file)) {
			final int[] c = layout.chunksZYX();
			final boolean channels = layout.channels() > 1;
			final long[] dims = channels ? new long[] { layout.width(), layout.height(), layout.depth(), layout
				.channels() } : new long[] { layout.width(), layout.height(), layout.depth() };
			final int[] chunks = channels ? new int[] { c[2], c[1], c[0], 1 } : new int[] { c[2], c[1], c[0] };
			return SlabWriter.create(file.toPath(), ArrayMetadata.forImage(dims, chunks, dataType(layout.voxels()), layout
				.compressor()), layout.voxelSize(), baseName(file.getName()), overwrite);
		}
		if (layout.width() > Integer.MAX_VALUE || layout.height() > Integer.MAX_VALUE || layout.depth() >
			Integer.MAX_VALUE) throw new IllegalArgumentException("A TIFF stack cannot hold " + layout + "; write an " +
				"OME-Zarr image (a path ending in .zarr) instead.");
		final TiffStackWriter.Layout t = TiffStackWriter.layout((int) layout.width(), (int) layout.height(), (int) layout
			.depth()).channels(layout.channels()).type(tiffType(layout.voxels())).voxelSize(layout.voxelSize());
		if (layout.labels() && layout.voxels() != StackLayout.Voxels.FLOAT32) t.lut(LabelLut.colorModel());
		if (!Double.isNaN(layout.displayMin())) t.displayRange(layout.displayMin(), layout.displayMax());
		return t.open(file, overwrite);
	}

	private static DataType dataType(final StackLayout.Voxels v) {
		switch (v) {
			case UINT8:
				return DataType.UINT8;
			case UINT16:
				return DataType.UINT16;
			default:
				return DataType.FLOAT32;
		}
	}

	private static TiffStackWriter.PixelType tiffType(final StackLayout.Voxels v) {
		switch (v) {
			case UINT8:
				return TiffStackWriter.PixelType.UINT8;
			case UINT16:
				return TiffStackWriter.PixelType.UINT16;
			default:
				return TiffStackWriter.PixelType.FLOAT32;
		}
	}

	/**
	 * Converts a stack file into another format (TIFF into OME-Zarr or back, or into the same format
	 * with other chunks), plane by plane, so neither needs to fit in memory. Voxel size, channels and
	 * voxel values are kept: 8-bit, 16-bit and float stay so; 32-bit integer voxels (OME-Zarr) become
	 * 32-bit float, which holds them exactly up to 16,777,216. NaN voxels are copied as they are.
	 *
	 * @param chunksZYX chunk size z, y, x of an OME-Zarr output (cut at the image size), null for
	 *          {@link StackLayout#DEFAULT_CHUNKS_ZYX}
	 * @param compressor of an OME-Zarr output, null for {@link StackLayout#DEFAULT_COMPRESSOR}
	 * @return what was written
	 * @throws IOException if the input cannot be read or the output cannot be written (checked first)
	 * @throws IllegalArgumentException for a 32-bit integer voxel above 16,777,216 (nothing is written)
	 * @throws CancellationException if the user canceled (nothing is written)
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static StackLayout convert(final File input, final File output, final int[] chunksZYX,
		final Compressor compressor, final boolean overwrite, final Progress progress) throws IOException
	{
		if (input.getAbsoluteFile().equals(output.getAbsoluteFile())) throw new IllegalArgumentException("Input and " +
			"output are the same path (" + input + "); choose another output path.");
		checkWritable(output, overwrite);
		final Volume<?> v = open(input);
		final Object type = v.type();
		final StackLayout.Voxels voxels = type instanceof UnsignedByteType ? StackLayout.Voxels.UINT8
			: type instanceof UnsignedShortType ? StackLayout.Voxels.UINT16 : type instanceof FloatType ||
				type instanceof UnsignedIntType ? StackLayout.Voxels.FLOAT32 : null;
		if (voxels == null) throw new IllegalArgumentException(input + " has " + type.getClass().getSimpleName() +
			" voxels; stacks are converted with 8-bit, 16-bit or 32-bit float voxels. Convert it first (Image > Type).");
		final StackLayout out = StackLayout.of(v.width(), v.height(), v.depth()).withChannels(v.channels()).withVoxels(
			voxels).withVoxelSize(v.voxelSize()).withChunks(chunksZYX).withCompressor(compressor);
		final PlaneCache cache = planeCache(v);
		if (cache != null) cache.reserve(v.channels());
		if (v.width() * v.height() > Integer.MAX_VALUE) throw new IllegalArgumentException(input + " has planes of " +
			"over 2^31 voxels, which cannot be converted plane by plane.");
		final int n = (int) (v.width() * v.height());
		final PrimitiveBlocks<?> blocks = PrimitiveBlocks.of((RandomAccessibleInterval) v.pixels(),
			PrimitiveBlocks.OnFallback.ACCEPT);
		final int[] size = { (int) v.width(), (int) v.height(), 1, 1 };
		final long planes = v.depth() * v.channels();
		progress.status("Converting " + input.getName() + " to " + output.getName() + "...");
		try (StackWriter w = create(output, out, overwrite)) {
			final byte[] bytes = voxels == StackLayout.Voxels.UINT8 ? new byte[n] : null;
			final short[] shorts = voxels == StackLayout.Voxels.UINT16 ? new short[n] : null;
			final int[] ints = type instanceof UnsignedIntType ? new int[n] : null;
			final float[] floats = voxels == StackLayout.Voxels.FLOAT32 ? new float[n] : null;
			for (long p = 0; p < planes; p++) {
				if (progress.isCanceled()) throw new CancellationException("Conversion canceled");
				final long[] min = { 0, 0, p / v.channels(), p % v.channels() };
				if (bytes != null) {
					blocks.copy(min, bytes, size);
					w.write(bytes);
				}
				else if (shorts != null) {
					blocks.copy(min, shorts, size);
					w.write(shorts);
				}
				else if (ints != null) {
					blocks.copy(min, ints, size);
					for (int i = 0; i < n; i++) {
						final long value = ints[i] & 0xffffffffL;
						if (value > 1 << 24) throw new IllegalArgumentException(input + " has the value " + value + " at x=" +
							i % size[0] + ", y=" + i / size[0] + ", z=" + min[2] + ", which 32-bit float cannot hold exactly " +
							"(it holds whole numbers up to 16777216). Keep this image as OME-Zarr.");
						floats[i] = value;
					}
					w.write(floats);
				}
				else {
					blocks.copy(min, floats, size);
					w.write(floats);
				}
				progress.progress(p + 1, planes);
			}
			w.finish();
		}
		return out;
	}

	/**
	 * A file name without its image extension ({@code .tif}, {@code .tiff}, {@code .ome.tif},
	 * {@code .zarr}, {@code .ome.zarr}), else without the last extension.
	 */
	public static String baseName(final String name) {
		final String lower = name.toLowerCase(Locale.ROOT);
		for (final String ext : Arrays.asList(".ome.tiff", ".ome.tif", ".tiff", ".tif", ".ome.zarr", ZARR))
			if (lower.endsWith(ext)) return name.substring(0, name.length() - ext.length());
		final int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}
}
