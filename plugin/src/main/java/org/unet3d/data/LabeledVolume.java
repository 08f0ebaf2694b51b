package org.unet3d.data;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * An image and its label stack (class ids per voxel, axes X, Y, Z), the unit of training data.
 * Checks on construction that both have the same shape.
 */
public final class LabeledVolume {

	private final Volume<?> image;
	private final RandomAccessibleInterval<?> labels;
	private final String name;

	/**
	 * @throws IllegalArgumentException if the label stack is not 3D or differs in shape from the image
	 */
	public LabeledVolume(final String name, final Volume<?> image, final RandomAccessibleInterval<?> labels) {
		if (labels.numDimensions() != 3) throw new IllegalArgumentException("Labels of \"" + name +
			"\" must be a 3D stack (X, Y, Z) of class ids, got " + labels.numDimensions() + "D");
		final Object type = labels.getType();
		if (!(type instanceof RealType && type instanceof NativeType)) throw new IllegalArgumentException("Labels of \"" +
			name + "\" must be an 8-, 16- or 32-bit image of class ids, got " + type.getClass().getSimpleName());
		final RandomAccessibleInterval<?> l = Views.zeroMin(labels);
		if (l.dimension(0) != image.width() || l.dimension(1) != image.height() || l.dimension(2) != image.depth())
			throw new IllegalArgumentException("Image and labels of \"" + name + "\" differ in size: image is " + image
				.width() + " x " + image.height() + " x " + image.depth() + ", labels are " + l.dimension(0) + " x " + l
					.dimension(1) + " x " + l.dimension(2) + " (x, y, z). Use the label stack made for this image.");
		this.name = name;
		this.image = image;
		this.labels = l;
	}

	public String name() {
		return name;
	}

	public Volume<?> image() {
		return image;
	}

	/** The label stack, XYZ, starting at 0. */
	public RandomAccessibleInterval<?> labels() {
		return labels;
	}

	/** A reader of label blocks (mirrored outside the stack). */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public BlockReader labelReader() {
		return BlockReader.of((RandomAccessibleInterval) labels);
	}

	/**
	 * A box of this volume (image and labels) as views, no copy.
	 *
	 * @param minZYX first voxel, z, y, x
	 * @param maxZYX last voxel (inclusive), z, y, x
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public LabeledVolume crop(final String newName, final long[] minZYX, final long[] maxZYX) {
		final long[] shape = shapeZYX();
		for (int a = 0; a < 3; a++)
			if (minZYX[a] < 0 || maxZYX[a] >= shape[a] || minZYX[a] > maxZYX[a]) throw new IllegalArgumentException(
				"Crop " + Arrays.toString(minZYX) + " - " + Arrays.toString(maxZYX) + " (z,y,x) is not inside \"" + name +
					"\" of shape " + Arrays.toString(shape));
		final RandomAccessibleInterval img = image.pixels();
		final RandomAccessibleInterval imgPart = Views.zeroMin(Views.interval(img, new long[] { minZYX[2], minZYX[1],
			minZYX[0], 0 }, new long[] { maxZYX[2], maxZYX[1], maxZYX[0], img.max(3) }));
		final RandomAccessibleInterval labPart = Views.zeroMin(Views.interval(labels, new long[] { minZYX[2], minZYX[1],
			minZYX[0] }, new long[] { maxZYX[2], maxZYX[1], maxZYX[0] }));
		return new LabeledVolume(newName, Volume.of(imgPart, image.voxelSize()), labPart);
	}

	/** Shape {z, y, x}. */
	public long[] shapeZYX() {
		return image.shapeZYX();
	}

	@Override
	public String toString() {
		return name + " " + image + ", labels " + Arrays.toString(new long[] { labels.dimension(0), labels.dimension(1),
			labels.dimension(2) });
	}
}
