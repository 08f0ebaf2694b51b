package org.unet3d.commands;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

import org.unet3d.data.BlockReader;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.objects.ClassProbabilities;
import org.unet3d.objects.ClassRoles;
import org.unet3d.objects.ObjectMaker;
import org.unet3d.objects.ObjectMode;
import org.unet3d.objects.ObjectOptions;
import org.unet3d.objects.SlabComponents;
import org.unet3d.objects.StackShape;
import org.unet3d.progress.Progress;

/**
 * Makes the objects of one stack for {@code segment} and {@code label-objects} and hands them to
 * {@link ObjectOutputs}: from class probabilities in memory ({@link ObjectMaker}, any mode), or
 * from a class label image, where components are labelled slab by slab ({@link SlabComponents}, any
 * stack size) unless a minimum volume needs the whole stack in memory. An image given to
 * {@code label-objects} is read as what it holds: 32-bit probabilities with one channel per class,
 * a single channel of foreground probabilities (fractional values from 0 to 1), or class ids.
 */
final class ObjectLabelling {

	/** Slices per slab for components of a label image. */
	static final int SLAB = 16;

	/** Marks the voxels of no object in the slab-by-slab components. */
	private static final int NO_OBJECT = -1;

	/** Names of the two classes of a single foreground probability channel. */
	private static final String[] FOREGROUND_NAMES = { "background", "foreground" };

	private ObjectLabelling() {}

	/** What was made, and how. */
	static final class Made {

		final ObjectOutputs.Result result;
		final ObjectOptions options;
		final ClassRoles roles;
		final String from;

		Made(final ObjectOutputs.Result result, final ObjectOptions options, final ClassRoles roles, final String from) {
			this.result = result;
			this.options = options;
			this.roles = roles;
			this.from = from;
		}

		/** A few lines for the Log: how many objects, from what, with which settings, saved where. */
		String describe(final String source, final File imageFile, final File csv) {
			final StringBuilder s = new StringBuilder();
			s.append(result.count).append(result.count == 1 ? " object" : " objects").append(" in ").append(source)
				.append(" (from ").append(from).append("; ").append(roles).append(")\n");
			s.append("Settings: ").append(options);
			if (imageFile != null) s.append("\nObjects saved to ").append(imageFile);
			if (csv != null) s.append("\nMeasurements saved to ").append(csv);
			return s.toString();
		}
	}

	/**
	 * Objects of an image that {@code segment} made (probabilities or class labels), with the class
	 * names of its model if known.
	 *
	 * @param names the class names, or null
	 * @param measured the image whose intensities are measured, or null
	 * @throws IllegalArgumentException if the image is neither probabilities nor class labels, or the
	 *           settings do not fit it, naming the fix
	 */
	static Made fromImage(final ImagePlus in, final String[] names, final ObjectSettings settings,
		final File imageFile, final File csv, final boolean overwrite, final Volume<?> measured, final String title,
		final Progress progress) throws IOException
	{
		final ObjectMode mode = settings.mode();
		final Volume<?> volume = ImagePlusBridge.wrap(in);
		final VoxelSize vs = volume.voxelSize();
		final int channels = volume.channels();
		if (names != null && channels > 1 && names.length != channels) throw new IllegalArgumentException("The model " +
			"has " + names.length + " classes but the probability image \"" + in.getTitle() + "\" has " + channels +
			" channels; give the model that made the probabilities, or none.");
		try (ObjectOutputs out = new ObjectOutputs(imageFile, imageFile == null, csv, overwrite, volume.width(), volume
			.height(), volume.depth(), vs, measured))
		{
			out.checkWritable();
			final ClassRoles roles;
			final ObjectOptions options;
			final String from;
			if (channels > 1) {
				if (in.getBitDepth() != 32) throw new IllegalArgumentException("Image \"" + in.getTitle() + "\" has " +
					channels + " channels but is " + in.getBitDepth() + "-bit: give the 32-bit probabilities that " +
					"segmentation saves (one channel per class), or a single-channel class label image.");
				roles = settings.roles(names, channels);
				options = settings.options(roles, channels);
				ObjectSettings.checkMemory(mode, volume.voxelCount(), channels);
				from = "the probabilities of " + channels + " classes";
				progress.status("Reading the probabilities...");
				fromProbabilities(ClassProbabilities.read(volume, roles.background(), roles.boundary()), options, out,
					progress);
			}
			else if (in.getBitDepth() == 32 && isProbability(volume.channel(0), in.getTitle())) {
				roles = settings.roles(FOREGROUND_NAMES, 2);
				options = settings.options(roles, 2);
				ObjectSettings.checkMemory(mode, volume.voxelCount(), 2);
				from = "a foreground probability";
				fromProbabilities(foregroundProbability(volume, roles), options, out, progress);
			}
			else {
				final RandomAccessibleInterval<?> labels = volume.channel(0);
				final int classes = names != null ? names.length : Math.max(2, maxLabel(labels) + 1);
				roles = settings.roles(names, classes);
				options = settings.options(roles, classes);
				from = "class labels";
				fromLabels(labels, vs, classes, roles, options, out, progress);
			}
			return new Made(out.finish(title, in), options, roles, from);
		}
	}

	/** Objects from class probabilities in memory. */
	static void fromProbabilities(final ClassProbabilities p, final ObjectOptions o, final ObjectOutputs out,
		final Progress progress) throws IOException
	{
		out.writeAll(ObjectMaker.make(p, o, progress));
	}

	/**
	 * Objects from a class label image (X, Y, Z): components slab by slab, or for the watershed
	 * modes and for components with a minimum volume, the labels as probabilities (1 for the
	 * labelled class) in memory.
	 *
	 * @param classes the number of classes
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static void fromLabels(final RandomAccessibleInterval<?> labels, final VoxelSize voxelSize, final int classes,
		final ClassRoles roles, final ObjectOptions o, final ObjectOutputs out, final Progress progress)
		throws IOException
	{
		final RandomAccessibleInterval raw = labels;
		if (o.mode() == ObjectMode.COMPONENTS && o.minVolume() == 0) {
			final SlabComponents.Source classesOf = SlabComponents.source(raw);
			final int background = roles.background();
			final int boundary = roles.boundary();
			final SlabComponents.Source source = (z0, depth, values) -> {
				classesOf.read(z0, depth, values);
				for (int i = 0; i < values.length; i++)
					if (values[i] == background || values[i] == boundary) values[i] = NO_OBJECT;
			};
			progress.status("Connected components, " + SLAB + " slices at a time...");
			SlabComponents.label((int) labels.dimension(0), (int) labels.dimension(1), (int) labels.dimension(2),
				source, NO_OBJECT, o.connectivity(), SLAB, out, progress);
			return;
		}
		ObjectSettings.checkMemory(o.mode() == ObjectMode.COMPONENTS ? ObjectMode.NUCLEI : o.mode(), labels.dimension(
			0) * labels.dimension(1) * labels.dimension(2), classes);
		progress.status("Reading the class labels...");
		fromProbabilities(ClassProbabilities.fromLabels(raw, voxelSize, classes, roles.background(), roles.boundary()),
			o, out, progress);
	}

	/**
	 * The largest value of a label image (whole numbers; fractional values are refused where the
	 * labels are read), at least 0.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static int maxLabel(final RandomAccessibleInterval<?> labels) {
		final BlockReader reader = BlockReader.of((RandomAccessibleInterval) labels);
		final int w = (int) labels.dimension(0);
		final int h = (int) labels.dimension(1);
		final int[] slice = new int[w * h];
		int max = 0;
		for (long z = 0; z < labels.dimension(2); z++) {
			reader.readInt(new long[] { 0, 0, z }, new int[] { w, h, 1 }, slice);
			for (final int v : slice)
				if (v > max) max = v;
		}
		return max;
	}

	/**
	 * True if a single-channel float image holds probabilities (a fractional value somewhere), false
	 * if it holds whole numbers (class ids).
	 *
	 * @throws IllegalArgumentException if it has fractional values outside 0 to 1
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static boolean isProbability(final RandomAccessibleInterval<?> image, final String title) {
		final BlockReader reader = BlockReader.of((RandomAccessibleInterval) image);
		final int w = (int) image.dimension(0);
		final int h = (int) image.dimension(1);
		final float[] slice = new float[w * h];
		boolean fractional = false;
		float lo = Float.POSITIVE_INFINITY;
		float hi = Float.NEGATIVE_INFINITY;
		for (long z = 0; z < image.dimension(2); z++) {
			reader.readFloat(new long[] { 0, 0, z }, new int[] { w, h, 1 }, slice, 0);
			for (final float v : slice) {
				fractional |= v != Math.rint(v);
				lo = Math.min(lo, v);
				hi = Math.max(hi, v);
			}
		}
		if (fractional && (lo < 0 || hi > 1 || Float.isNaN(lo) || Float.isNaN(hi))) throw new IllegalArgumentException(
			String.format(Locale.ROOT, "Image \"%s\" has fractional values from %s to %s: it is neither a probability " +
				"(0 to 1) nor a class label image (whole numbers). Give the probabilities that segmentation saves, or its " +
				"label image.", title, lo, hi));
		return fractional;
	}

	/** A single channel of foreground probabilities p as two classes: 1 - p (class 0) and p (class 1). */
	private static ClassProbabilities foregroundProbability(final Volume<?> volume, final ClassRoles roles) {
		final StackShape shape = new StackShape(volume.width(), volume.height(), volume.depth(), volume.voxelSize());
		@SuppressWarnings({ "rawtypes", "unchecked" })
		final BlockReader reader = BlockReader.of((RandomAccessibleInterval) volume.channel(0));
		final float[] p = new float[shape.voxels()];
		reader.readFloat(new long[] { 0, 0, 0 }, new int[] { shape.width(), shape.height(), shape.depth() }, p, 0);
		final float[] q = new float[p.length];
		for (int i = 0; i < p.length; i++)
			q[i] = 1 - p[i];
		return ClassProbabilities.of(new float[][] { q, p }, shape, roles.background(), roles.boundary());
	}
}
