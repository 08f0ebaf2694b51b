package org.unet3d.training;

import java.util.Random;

import org.unet3d.data.Augmenter;
import org.unet3d.data.BlockReader;
import org.unet3d.data.PreprocessedStack;

/** Cuts one training patch the way training does: preprocessed image channels and labels, then augmentation. */
final class PatchCutter {

	private PatchCutter() {}

	/**
	 * @param features receives the channels at {@code features[offset + c * n ...]}, X fastest
	 * @param ids receives the class ids (n values)
	 */
	static void cut(final PreprocessedStack input, final BlockReader labels, final long[] originXYZ,
		final int[] sizeXYZ, final float[] features, final int offset, final int[] ids, final Augmenter augmenter,
		final Random random)
	{
		final int n = sizeXYZ[0] * sizeXYZ[1] * sizeXYZ[2];
		for (int c = 0; c < input.channels(); c++)
			input.read(c, originXYZ, sizeXYZ, features, offset + c * n);
		labels.readInt(originXYZ, sizeXYZ, ids);
		augmenter.apply(sizeXYZ, features, offset, input.channels(), ids, random);
	}
}
