package org.unet3d.inference;

import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;

/**
 * Collects labels into an in-memory label image (XYZ, one array per slice): 8-bit for up to 256
 * classes, else 16-bit.
 */
public final class LabelImageSink implements SliceSink {

	private final PlanarImg<?, ?> labels;
	private final boolean bytes;

	public LabelImageSink(final long width, final long height, final long depth, final int classes) {
		bytes = classes <= 256;
		labels = bytes ? PlanarImgs.unsignedBytes(width, height, depth) : PlanarImgs.unsignedShorts(width, height,
			depth);
	}

	@Override
	public void accept(final long z, final float[][] probabilities) {
		if (bytes) LabelMaker.toBytes(probabilities, ((ByteArray) labels.getPlane((int) z)).getCurrentStorageArray());
		else LabelMaker.toShorts(probabilities, ((ShortArray) labels.getPlane((int) z)).getCurrentStorageArray());
	}

	/** The label image (8-bit {@code UnsignedByteType} or 16-bit {@code UnsignedShortType}). */
	public PlanarImg<?, ?> labels() {
		return labels;
	}
}
