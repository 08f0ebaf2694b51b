package org.unet3d.io;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.LUT;

import java.io.IOException;
import java.util.Locale;

import org.unet3d.data.StackWriter;

/**
 * Object label images (0 = background, ids 1..N, one id per nucleus or cell) as ImageJ images and
 * stack files (TIFF or OME-Zarr): unsigned 16-bit for fewer than 65536 objects, else 32-bit float, since ImageJ has no
 * 32-bit integer images (float holds ids exactly up to 2^24). With the label LUT (16-bit; ImageJ
 * keeps it in the TIFF), a display range that gives each of the first 255 ids a colour of its own,
 * and the calibration of the image the objects were made from.
 */
public final class ObjectImages {

	/** The most objects an image holds: float stores whole numbers exactly up to 2^24. */
	public static final int MAX_OBJECTS = 1 << 24;

	private ObjectImages() {}

	/** 16 for fewer than 65536 objects, else 32. */
	public static int bitDepth(final int count) {
		return count < 65536 ? 16 : 32;
	}

	/**
	 * An ImagePlus of object ids (copied into slice arrays of the chosen type).
	 *
	 * @param ids one id per voxel, X fastest, {@code width * height * depth} of them
	 * @param count N, the largest id
	 * @param like the image whose calibration the objects get (may be null)
	 * @throws IllegalArgumentException for more than {@link #MAX_OBJECTS} objects
	 */
	public static ImagePlus image(final int[] ids, final int width, final int height, final int depth,
		final int count, final String title, final ImagePlus like)
	{
		final Collector c = collector(width, height, depth, count);
		c.add(ids, depth);
		return c.image(title, like);
	}

	/**
	 * Starts collecting an object label image in memory slab by slab, in z order.
	 *
	 * @param count N, the largest id (chooses 16 or 32 bits)
	 * @throws IllegalArgumentException for more than {@link #MAX_OBJECTS} objects
	 */
	public static Collector collector(final int width, final int height, final int depth, final int count) {
		checkCount(count);
		return new Collector(width, height, depth, count);
	}

	/** Collects the z-slices of an object label image in memory; see {@link ObjectImages#collector}. */
	public static final class Collector {

		private final ImageStack stack;
		private final int plane;
		private final int depth;
		private final int count;

		private Collector(final int width, final int height, final int depth, final int count) {
			stack = new ImageStack(width, height);
			plane = width * height;
			this.depth = depth;
			this.count = count;
		}

		/** Adds {@code slices} z-slices of ids, X fastest, starting at {@code ids[0]}. */
		public void add(final int[] ids, final int slices) {
			for (int z = 0; z < slices; z++) {
				final int o = z * plane;
				if (bitDepth(count) == 16) {
					final short[] s = new short[plane];
					for (int i = 0; i < plane; i++)
						s[i] = (short) ids[o + i];
					stack.addSlice(null, s);
				}
				else {
					final float[] f = new float[plane];
					for (int i = 0; i < plane; i++)
						f[i] = ids[o + i];
					stack.addSlice(null, f);
				}
			}
		}

		/**
		 * The image, with the label LUT and the calibration of {@code like} (may be null).
		 *
		 * @throws IllegalStateException if not all slices were added
		 */
		public ImagePlus image(final String title, final ImagePlus like) {
			if (stack.getSize() != depth) throw new IllegalStateException(stack.getSize() + " of " + depth +
				" slices were added");
			final ImagePlus imp = new ImagePlus(title, stack);
			if (like != null) imp.setCalibration(like.getCalibration().copy());
			imp.getCalibration().disableDensityCalibration();
			imp.setLut(new LUT(LabelLut.colorModel(), 0, 255));
			imp.setDisplayRange(0, displayMax(count));
			return imp;
		}
	}

	/** The top of the display range: 255, so ids up to 255 each get their own LUT colour, or N. */
	public static double displayMax(final int count) {
		return Math.max(255, count);
	}

	private static void checkCount(final int count) {
		if (count > MAX_OBJECTS) throw new IllegalArgumentException(String.format(Locale.ROOT, "%d objects cannot be " +
			"stored in an ImageJ image, which holds object ids exactly only up to %d (32-bit float). Crop the stack, or " +
			"raise the minimum object volume.", count, MAX_OBJECTS));
	}

	/**
	 * Writes an object label image slab by slab into a stack file being written (a TIFF or an
	 * OME-Zarr image laid out with {@link #bitDepth} and {@link #displayMax}), for stacks bigger than
	 * memory; finishing or abandoning the file is the caller's.
	 *
	 * @param planeVoxels voxels per z-slice
	 * @param count N, the largest id (chooses 16-bit or 32-bit float planes)
	 * @throws IllegalArgumentException for more than {@link #MAX_OBJECTS} objects
	 */
	public static Writer writer(final StackWriter file, final int planeVoxels, final int count) {
		checkCount(count);
		return new Writer(file, planeVoxels, bitDepth(count) == 16);
	}

	/** Writes the z-slices of an object label image in order; see {@link ObjectImages#writer}. */
	public static final class Writer {

		private final StackWriter file;
		private final int plane;
		private final short[] shorts;
		private final float[] floats;

		private Writer(final StackWriter file, final int plane, final boolean shorts) {
			this.file = file;
			this.plane = plane;
			this.shorts = shorts ? new short[plane] : null;
			this.floats = shorts ? null : new float[plane];
		}

		/** Appends {@code slices} z-slices of ids, X fastest, starting at {@code ids[0]}. */
		public void write(final int[] ids, final int slices) throws IOException {
			for (int z = 0; z < slices; z++) {
				final int o = z * plane;
				if (shorts != null) {
					for (int i = 0; i < plane; i++)
						shorts[i] = (short) ids[o + i];
					file.write(shorts);
				}
				else {
					for (int i = 0; i < plane; i++)
						floats[i] = ids[o + i];
					file.write(floats);
				}
			}
		}
	}
}
