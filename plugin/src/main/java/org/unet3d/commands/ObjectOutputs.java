package org.unet3d.commands;

import ij.ImagePlus;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;

import org.unet3d.data.BlockReader;
import org.unet3d.data.StackWriter;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.formats.StackLayout;
import org.unet3d.formats.VolumeFiles;
import org.unet3d.io.AtomicFiles;
import org.unet3d.io.ObjectImages;
import org.unet3d.objects.ObjectLabels;
import org.unet3d.objects.ObjectMeasurement;
import org.unet3d.objects.ObjectMeasurements;
import org.unet3d.objects.SlabComponents;

/**
 * Where the objects of one stack go, received slab by slab of z-slices (so components of stacks
 * bigger than memory never need the whole stack): a file (a TIFF, or an OME-Zarr image for a path
 * ending in {@code .zarr}, see {@link VolumeFiles}), an image kept in memory to show,
 * and the measurements of every object (with the intensities of the first channel of an image,
 * if given), saved as CSV at the end. Files are checked before the work starts and appear only
 * when complete; {@link #close()} before {@link #finish} leaves none behind.
 */
final class ObjectOutputs implements SlabComponents.Sink, Closeable {

	/** Slices per slab when objects made in memory are passed on. */
	static final int SLAB = 16;

	private final File imageFile;
	private final boolean keepImage;
	private final File csv;
	private final boolean overwrite;
	private final int width;
	private final int height;
	private final int depth;
	private final VoxelSize voxelSize;
	private final BlockReader intensity;
	private StackWriter file;
	private ObjectImages.Writer writer;
	private ObjectImages.Collector collector;
	private ObjectMeasurements measurements;
	private float[] intensities = new float[0];
	private int count = -1;

	/**
	 * @param imageFile the TIFF or OME-Zarr image to write, or null
	 * @param keepImage whether to keep the image in memory (to show it)
	 * @param csv the measurements file to write, or null
	 * @param intensity the image whose first channel is measured in each object, or null
	 */
	ObjectOutputs(final File imageFile, final boolean keepImage, final File csv, final boolean overwrite,
		final long width, final long height, final long depth, final VoxelSize voxelSize, final Volume<?> intensity)
	{
		if (width * height > Integer.MAX_VALUE / 2 || depth > Integer.MAX_VALUE) throw new IllegalArgumentException(
			"Slices of " + width + " x " + height + " voxels are too large to label objects; crop the stack in x and y.");
		this.imageFile = imageFile;
		this.keepImage = keepImage;
		this.csv = csv;
		this.overwrite = overwrite;
		this.width = (int) width;
		this.height = (int) height;
		this.depth = (int) depth;
		this.voxelSize = voxelSize;
		this.intensity = intensity == null ? null : reader(intensity.channel(0));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static BlockReader reader(final RandomAccessibleInterval channel) {
		return BlockReader.of(channel);
	}

	/** Checks the output files before the work. */
	void checkWritable() throws IOException {
		if (imageFile != null) VolumeFiles.checkWritable(imageFile, overwrite);
		if (csv != null) AtomicFiles.checkWritable(csv, overwrite);
	}

	@Override
	public void begin(final int objects) throws IOException {
		count = objects;
		if (imageFile != null) {
			file = VolumeFiles.create(imageFile, StackLayout.of(width, height, depth).withVoxels(ObjectImages.bitDepth(
				objects) == 16 ? StackLayout.Voxels.UINT16 : StackLayout.Voxels.FLOAT32).withVoxelSize(voxelSize).asLabels()
				.withDisplayRange(0, ObjectImages.displayMax(objects)), overwrite);
			writer = ObjectImages.writer(file, width * height, objects);
		}
		if (keepImage) collector = ObjectImages.collector(width, height, depth, objects);
		measurements = new ObjectMeasurements(width, height, depth, voxelSize, objects);
	}

	@Override
	public void write(final int z0, final int slabDepth, final int[] ids) throws IOException {
		if (writer != null) writer.write(ids, slabDepth);
		if (collector != null) collector.add(ids, slabDepth);
		float[] values = null;
		if (intensity != null) {
			final int n = width * height * slabDepth;
			if (intensities.length < n) intensities = new float[n];
			intensity.readFloat(new long[] { 0, 0, z0 }, new int[] { width, height, slabDepth }, intensities, 0);
			values = intensities;
		}
		measurements.add(z0, slabDepth, ids, values);
	}

	/** Passes objects made in memory on, slab by slab. */
	void writeAll(final ObjectLabels objects) throws IOException {
		begin(objects.count());
		final int plane = width * height;
		final int[] ids = objects.ids();
		final int[] slab = new int[plane * Math.min(SLAB, depth)];
		for (int z0 = 0; z0 < depth; z0 += SLAB) {
			final int d = Math.min(SLAB, depth - z0);
			System.arraycopy(ids, z0 * plane, slab, 0, d * plane);
			write(z0, d, slab);
		}
	}

	/** What the objects came to. */
	static final class Result {

		final int count;
		final ImagePlus image;
		final List<ObjectMeasurement> rows;

		Result(final int count, final ImagePlus image, final List<ObjectMeasurement> rows) {
			this.count = count;
			this.image = image;
			this.rows = rows;
		}
	}

	/**
	 * Completes the files (the image, then the measurements) and returns the image kept in memory
	 * (or null) and the measurements.
	 *
	 * @param like the image whose calibration the image in memory gets (may be null)
	 */
	Result finish(final String title, final ImagePlus like) throws IOException {
		if (count < 0) throw new IllegalStateException("No objects were written");
		if (file != null) file.finish();
		final List<ObjectMeasurement> rows = measurements.rows();
		if (csv != null) {
			final byte[] text = ObjectMeasurements.csv(rows, voxelSize.unit()).getBytes(
				java.nio.charset.StandardCharsets.UTF_8);
			AtomicFiles.checkWritable(csv, overwrite);
			AtomicFiles.write(csv, out -> out.write(text));
		}
		return new Result(count, collector == null ? null : collector.image(title, like), rows);
	}

	@Override
	public void close() throws IOException {
		if (file != null) file.close();
	}
}
