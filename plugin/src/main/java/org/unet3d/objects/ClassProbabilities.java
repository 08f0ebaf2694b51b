package org.unet3d.objects;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

import org.unet3d.data.BlockReader;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;

/**
 * What the object makers start from: the network's probability of each class at each voxel, in
 * memory, with the role of the classes that matter for objects: which class is background (if
 * any) and which is boundary (membranes, or the rim the network learned between touching nuclei,
 * if any). A class label image can stand in, each voxel 1 for its class and 0 for the others.
 */
public final class ClassProbabilities {

	/** No class has this role. */
	public static final int NONE = -1;

	private final StackShape shape;
	private final float[][] classes;
	private final int background;
	private final int boundary;

	private ClassProbabilities(final StackShape shape, final float[][] classes, final int background,
		final int boundary)
	{
		checkClassCount(classes.length);
		for (final float[] c : classes)
			shape.check(c.length, "probability map");
		checkRole(background, "background", classes.length);
		checkRole(boundary, "boundary", classes.length);
		if (background != NONE && background == boundary) throw new IllegalArgumentException("Class " + background +
			" cannot be both background and boundary; choose different classes.");
		this.shape = shape;
		this.classes = classes;
		this.background = background;
		this.boundary = boundary;
	}

	private static void checkClassCount(final int count) {
		if (count < 2) throw new IllegalArgumentException("Objects need at least two classes (e.g. background and " +
			"nucleus), got " + count + ": there is no foreground class. Use the probabilities or labels of a model " +
			"trained with an object class.");
	}

	private static void checkRole(final int c, final String role, final int count) {
		if (c != NONE && (c < 0 || c >= count)) throw new IllegalArgumentException("The " + role + " class is " + c +
			" but there are only classes 0.." + (count - 1) + "; choose one of those, or none (" + NONE + ").");
	}

	/**
	 * Wraps per-class probability arrays (no copy), one value per voxel, X fastest.
	 *
	 * @param background the background class, or {@link #NONE}
	 * @param boundary the boundary class, or {@link #NONE}
	 */
	public static ClassProbabilities of(final float[][] perClass, final StackShape shape, final int background,
		final int boundary)
	{
		return new ClassProbabilities(shape, perClass, background, boundary);
	}

	/**
	 * Reads a probability image (axes X, Y, Z, C: one channel per class) into memory.
	 *
	 * @throws IllegalArgumentException if it has 2^31 voxels or more, or fewer than two channels
	 */
	public static ClassProbabilities read(final Volume<?> probabilities, final int background, final int boundary) {
		final StackShape shape = new StackShape(probabilities.width(), probabilities.height(), probabilities.depth(),
			probabilities.voxelSize());
		final float[][] classes = new float[probabilities.channels()][];
		for (int c = 0; c < classes.length; c++)
			classes[c] = readChannel(probabilities.channel(c), shape);
		return new ClassProbabilities(shape, classes, background, boundary);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static float[] readChannel(final RandomAccessibleInterval channel, final StackShape shape) {
		final BlockReader reader = BlockReader.of(channel);
		final float[] values = new float[shape.voxels()];
		final int plane = shape.plane();
		for (int z = 0; z < shape.depth(); z++)
			reader.readFloat(new long[] { 0, 0, z }, new int[] { shape.width(), shape.height(), 1 }, values, z * plane);
		return values;
	}

	/**
	 * Class labels as probabilities: each voxel has probability 1 for its class, 0 for the others
	 * (what perfect predictions would give).
	 *
	 * @param classes the number of classes; labels must be 0 .. classes - 1
	 */
	public static <T extends RealType<T> & NativeType<T>> ClassProbabilities fromLabels(
		final RandomAccessibleInterval<T> labels, final VoxelSize voxelSize, final int classes, final int background,
		final int boundary)
	{
		if (labels.numDimensions() != 3) throw new IllegalArgumentException("A class label image must be 3D (X, Y, Z), " +
			"got " + labels.numDimensions() + "D.");
		checkClassCount(classes);
		final StackShape shape = new StackShape(labels.dimension(0), labels.dimension(1), labels.dimension(2),
			voxelSize);
		final int[] ids = InstanceImages.read(labels, shape, "class label image");
		final float[][] p = new float[classes][shape.voxels()];
		for (int i = 0; i < ids.length; i++) {
			if (ids[i] >= classes) throw new IllegalArgumentException("The class label image has the value " + ids[i] +
				" but only " + classes + " classes (0.." + (classes - 1) + ") were given; give the right number of classes.");
			p[ids[i]][i] = 1;
		}
		return new ClassProbabilities(shape, p, background, boundary);
	}

	public StackShape shape() {
		return shape;
	}

	/** Number of classes. */
	public int classes() {
		return classes.length;
	}

	/** The probability of class {@code c} at each voxel (the array itself). */
	public float[] probability(final int c) {
		return classes[c];
	}

	/** The background class, or {@link #NONE}. */
	public int backgroundClass() {
		return background;
	}

	/** The boundary class, or {@link #NONE}. */
	public int boundaryClass() {
		return boundary;
	}

	/** 1 - P(background) at each voxel (a new array); null without a background class. */
	public float[] foreground() {
		if (background == NONE) return null;
		final float[] bg = classes[background];
		final float[] fg = new float[bg.length];
		for (int i = 0; i < bg.length; i++)
			fg[i] = 1 - bg[i];
		return fg;
	}

	/** The most probable class at each voxel (ties: the lower class). */
	public int[] mostProbable() {
		final int n = shape.voxels();
		final int[] best = new int[n];
		final float[] p = new float[n];
		System.arraycopy(classes[0], 0, p, 0, n);
		for (int c = 1; c < classes.length; c++) {
			final float[] q = classes[c];
			for (int i = 0; i < n; i++)
				if (q[i] > p[i]) {
					p[i] = q[i];
					best[i] = c;
				}
		}
		return best;
	}
}
