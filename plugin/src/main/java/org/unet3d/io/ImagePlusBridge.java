package org.unet3d.io;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.LUT;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;

/**
 * The bridge between ImageJ 1 images and the ImgLib2 views the core works on. Wrapping never
 * copies pixels: the {@link PlanarImg} shares the stack's slice arrays (so the core must treat
 * input views as read-only, which it does). Label images come back the same way, as ImagePlus
 * over the core's slice arrays.
 */
public final class ImagePlusBridge {

	private ImagePlusBridge() {}

	/** The plane caches of volumes wrapped around virtual stacks. */
	private static final Map<Volume<?>, VirtualStackImg> CACHES = Collections.synchronizedMap(new WeakHashMap<>());

	/**
	 * Wraps an 8-, 16- or 32-bit z-stack, optionally with channels, as a {@link Volume} (X, Y, Z, C).
	 * A virtual stack (not in memory) is read lazily, plane by plane, through a small cache
	 * ({@link #planeCache}); it is never loaded as a whole. A {@link VolumeStack} gives back its
	 * volume (e.g. an OME-Zarr image, read chunk by chunk), with the image's calibration if the user
	 * changed it (Image &gt; Properties).
	 *
	 * @throws IllegalArgumentException for 2D images, time series and RGB images, saying how to fix them
	 */
	public static Volume<?> wrap(final ImagePlus imp) {
		check3D(imp);
		final VoxelSize vs = voxelSize(imp);
		if (imp.getStack() instanceof VolumeStack) {
			final Volume<?> v = ((VolumeStack) imp.getStack()).volume();
			final VoxelSize had = v.voxelSize();
			return vs.x() == had.x() && vs.y() == had.y() && vs.z() == had.z() ? v : v.withVoxelSize(vs);
		}
		if (imp.getStack().isVirtual()) {
			final VirtualStackImg lazy = new VirtualStackImg(imp.getStack(), imp.getTitle(), imp.getBitDepth(), imp
				.getNChannels(), imp.getNSlices());
			final Volume<?> v = wrapTyped(lazy.img(), vs);
			CACHES.put(v, lazy);
			return v;
		}
		return wrapTyped(planar(imp), vs);
	}

	/**
	 * The plane cache of a volume that {@link #wrap} made over a virtual stack (segmentation tells it
	 * how many planes to keep), or null for a stack in memory.
	 */
	public static VirtualStackImg planeCache(final Volume<?> volume) {
		return CACHES.get(volume);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Volume<?> wrapTyped(final RandomAccessibleInterval img, final VoxelSize vs) {
		if (img.numDimensions() == 3) return Volume.of(img, vs);
		return Volume.of(Views.permute(img, 2, 3), vs);
	}

	/**
	 * Wraps a label stack (one channel, 8-, 16- or 32-bit) as an XYZ image; values are checked
	 * later, where they are read. A virtual stack is read lazily; a {@link VolumeStack} gives its
	 * volume.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static RandomAccessibleInterval<?> wrapLabels(final ImagePlus imp) {
		check3D(imp);
		if (imp.getNChannels() > 1) throw new IllegalArgumentException("Label image \"" + imp.getTitle() + "\" has " +
			imp.getNChannels() + " channels; labels must be a single-channel stack of class ids (0, 1, 2, ...).");
		if (imp.getStack() instanceof VolumeStack) return ((VolumeStack) imp.getStack()).volume().channel(0);
		if (imp.getStack().isVirtual()) return new VirtualStackImg(imp.getStack(), imp.getTitle(), imp.getBitDepth(), 1,
			imp.getNSlices()).img();
		return planar(imp);
	}

	/** The voxel size from the image's calibration (1 x 1 x 1 pixel if uncalibrated). */
	public static VoxelSize voxelSize(final ImagePlus imp) {
		final Calibration c = imp.getCalibration();
		if (c == null || !(c.pixelWidth > 0 && c.pixelHeight > 0 && c.pixelDepth > 0)) return VoxelSize.UNCALIBRATED;
		return new VoxelSize(c.pixelWidth, c.pixelHeight, c.pixelDepth, c.getUnit());
	}

	/**
	 * Shows an 8- or 16-bit label image (XYZ {@link PlanarImg}) as an ImagePlus over the same
	 * slice arrays, with a label LUT and the calibration of {@code like} (may be null).
	 */
	public static ImagePlus labelImage(final PlanarImg<?, ?> labels, final String title, final ImagePlus like) {
		final int w = (int) labels.dimension(0);
		final int h = (int) labels.dimension(1);
		final ImageStack stack = new ImageStack(w, h);
		for (int z = 0; z < labels.numSlices(); z++)
			stack.addSlice(null, ((ArrayDataAccess<?>) labels.getPlane(z)).getCurrentStorageArray());
		final ImagePlus imp = new ImagePlus(title, stack);
		if (like != null) imp.setCalibration(like.getCalibration().copy());
		imp.getCalibration().disableDensityCalibration();
		imp.setLut(new LUT(LabelLut.colorModel(), 0, 255));
		if (labels.firstElement() instanceof UnsignedShortType) imp.setDisplayRange(0, 255);
		return imp;
	}

	/**
	 * Training patches as one hyperstack: channels = the image channels (32-bit, normalized) plus,
	 * last, the labels; slices = the patch's z; frames = one per patch. Calibration from {@code like}.
	 *
	 * @param images per patch, channel c at {@code [c * n ...]}, X fastest
	 * @param labels per patch, n class ids
	 */
	public static ImagePlus patchStack(final String title, final java.util.List<float[]> images,
		final java.util.List<int[]> labels, final int channels, final int[] patchZYX, final ImagePlus like)
	{
		final int w = patchZYX[2];
		final int h = patchZYX[1];
		final int d = patchZYX[0];
		final int plane = w * h;
		final int n = plane * d;
		final ImageStack stack = new ImageStack(w, h);
		for (int p = 0; p < images.size(); p++)
			for (int z = 0; z < d; z++) {
				for (int c = 0; c < channels; c++) {
					final float[] s = new float[plane];
					System.arraycopy(images.get(p), c * n + z * plane, s, 0, plane);
					stack.addSlice("patch " + (p + 1) + " channel " + (c + 1) + " z " + (z + 1), s);
				}
				final float[] l = new float[plane];
				for (int i = 0; i < plane; i++)
					l[i] = labels.get(p)[z * plane + i];
				stack.addSlice("patch " + (p + 1) + " labels z " + (z + 1), l);
			}
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(channels + 1, d, images.size());
		if (like != null) imp.setCalibration(like.getCalibration().copy());
		final ij.CompositeImage comp = new ij.CompositeImage(imp, ij.CompositeImage.COLOR);
		for (int c = 1; c <= channels; c++) {
			comp.setC(c);
			comp.setChannelLut(LUT.createLutFromColor(java.awt.Color.WHITE));
			comp.setDisplayRange(0, 1);
		}
		comp.setC(channels + 1);
		comp.setChannelLut(new LUT(LabelLut.colorModel(), 0, 255));
		comp.setDisplayRange(0, 255);
		comp.setC(1);
		return comp;
	}

	private static void check3D(final ImagePlus imp) {
		if (imp == null) throw new IllegalArgumentException("No image given.");
		final String t = "\"" + imp.getTitle() + "\"";
		if (imp.getBitDepth() == 24) throw new IllegalArgumentException("Image " + t + " is RGB color. Convert it to " +
			"8-bit (Image > Type > 8-bit) or split it into channels (Image > Color > Split Channels).");
		if (imp.getNFrames() > 1 && imp.getNSlices() == 1) throw new IllegalArgumentException("Image " + t + " has " +
			imp.getNFrames() + " time frames and 1 z-slice. If the frames are really z-slices, swap them in " +
			"Image > Properties (set Slices to " + imp.getNFrames() + " and Frames to 1).");
		if (imp.getNFrames() > 1) throw new IllegalArgumentException("Image " + t + " is a time series (" + imp
			.getNFrames() + " frames). 3D U-Net works on one 3D stack: take one frame with Image > Duplicate.");
		if (imp.getNSlices() < 2) throw new IllegalArgumentException("Image " + t + " is 2D (a single slice); 3D U-Net " +
			"needs a z-stack. Open the whole stack" + (imp.getNChannels() > 1 ? ", or if the channels are really " +
				"z-slices, fix it in Image > Properties" : "") + ".");
	}

	/**
	 * A PlanarImg over the stack's slice arrays: X, Y, Z for one channel, else X, Y, C, Z. (No size-1
	 * channel axis: ImgLib2's block copier cannot mirror a view over a size-1 axis.)
	 */
	private static PlanarImg<?, ?> planar(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		final long[] dims = imp.getNChannels() == 1 ? new long[] { imp.getWidth(), imp.getHeight(), imp.getNSlices() }
			: new long[] { imp.getWidth(), imp.getHeight(), imp.getNChannels(), imp.getNSlices() };
		final int n = stack.getSize();
		switch (imp.getBitDepth()) {
			case 8: {
				final List<ByteArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++)
					planes.add(new ByteArray((byte[]) stack.getPixels(i)));
				final PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(planes, dims, new Fraction());
				img.setLinkedType(new UnsignedByteType(img));
				return img;
			}
			case 16: {
				final List<ShortArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++)
					planes.add(new ShortArray((short[]) stack.getPixels(i)));
				final PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(planes, dims, new Fraction());
				img.setLinkedType(new UnsignedShortType(img));
				return img;
			}
			case 32: {
				final List<FloatArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++)
					planes.add(new FloatArray((float[]) stack.getPixels(i)));
				final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, dims, new Fraction());
				img.setLinkedType(new FloatType(img));
				return img;
			}
			default:
				throw new IllegalArgumentException("Unsupported image type (" + imp.getBitDepth() + "-bit) in \"" + imp
					.getTitle() + "\"; convert to 8-, 16- or 32-bit (Image > Type).");
		}
	}
}
