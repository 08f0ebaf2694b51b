package org.unet3d.io;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.VirtualStack;
import ij.process.ImageProcessor;
import ij.process.LUT;

/**
 * A quick look at a segmentation: the image's channels and the labels as one more channel of a
 * composite image, labels in the label colors over the gray image. Planes are taken from the two
 * images when shown (the stacks are not copied, so it also works for virtual stacks); label planes
 * are converted to the image's bit depth, as a composite image needs one type.
 */
public final class OverlayStack extends VirtualStack {

	private final ImagePlus image;
	private final ImagePlus labels;
	private final int channels;
	private final int slices;

	private OverlayStack(final ImagePlus image, final ImagePlus labels) {
		super(image.getWidth(), image.getHeight());
		this.image = image;
		this.labels = labels;
		this.channels = image.getNChannels() + 1;
		this.slices = image.getNSlices();
	}

	/**
	 * A composite of {@code image} (gray) and {@code labels} (label colors).
	 *
	 * @throws IllegalArgumentException if the two differ in size
	 */
	public static ImagePlus composite(final ImagePlus image, final ImagePlus labels) {
		if (image.getWidth() != labels.getWidth() || image.getHeight() != labels.getHeight() || image
			.getNSlices() != labels.getNSlices()) throw new IllegalArgumentException("The labels (" + labels.getWidth() +
				" x " + labels.getHeight() + " x " + labels.getNSlices() + ") do not match the image (" + image.getWidth() +
				" x " + image.getHeight() + " x " + image.getNSlices() + ").");
		final OverlayStack stack = new OverlayStack(image, labels);
		final ImagePlus imp = new ImagePlus(title(image) + "-overlay", stack);
		imp.setDimensions(stack.channels, stack.slices, 1);
		imp.setCalibration(image.getCalibration().copy());
		final CompositeImage c = new CompositeImage(imp, CompositeImage.COMPOSITE);
		for (int ch = 1; ch < stack.channels; ch++) {
			c.setChannelLut(LUT.createLutFromColor(java.awt.Color.WHITE), ch);
			final ImageProcessor ip = image.getStack().getProcessor(image.getStackIndex(ch, Math.max(1, stack.slices / 2),
				1));
			ip.resetMinAndMax();
			c.setPositionWithoutUpdate(ch, 1, 1);
			c.setDisplayRange(ip.getMin(), ip.getMax());
		}
		c.setChannelLut(new LUT(LabelLut.colorModel(), 0, 255), stack.channels);
		c.setPositionWithoutUpdate(stack.channels, 1, 1);
		c.setDisplayRange(0, 255);
		c.setPositionWithoutUpdate(1, 1, 1);
		return c;
	}

	@Override
	public ImageProcessor getProcessor(final int n) {
		final int c = (n - 1) % channels;
		final int z = (n - 1) / channels;
		// copies, so that editing the overlay never changes the image or the labels
		if (c < channels - 1) return image.getStack().getProcessor(image.getStackIndex(c + 1, z + 1, 1)).duplicate();
		final ImageProcessor l = labels.getStack().getProcessor(z + 1);
		switch (image.getBitDepth()) {
			case 8:
				return l.getBitDepth() == 8 ? l.duplicate() : l.convertToByte(false);
			case 16:
				return l.convertToShort(false);
			default:
				return l.convertToFloat();
		}
	}

	@Override
	public Object getPixels(final int n) {
		return getProcessor(n).getPixels();
	}

	@Override
	public int getSize() {
		return channels * slices;
	}

	@Override
	public int size() {
		return getSize();
	}

	@Override
	public int getBitDepth() {
		return image.getBitDepth();
	}

	@Override
	public String getSliceLabel(final int n) {
		return (n - 1) % channels == channels - 1 ? "labels" : null;
	}

	private static String title(final ImagePlus imp) {
		final String t = imp.getTitle();
		final int dot = t.lastIndexOf('.');
		return dot > 0 ? t.substring(0, dot) : t;
	}

	/** Not a file-backed stack. */
	@Override
	public String getDirectory() {
		return null;
	}
}
