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
