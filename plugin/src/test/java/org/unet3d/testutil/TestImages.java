package org.unet3d.testutil;

import ij.ImagePlus;
import ij.ImageStack;

/** ImagePlus versions of {@link TestVolumes}, for command tests. */
public final class TestImages {

	private TestImages() {}

	/** {image, labels} as 32-bit and 8-bit ImagePlus stacks. */
	public static ImagePlus[] balls(final int sx, final int sy, final int sz, final int count, final long seed) {
		final TestVolumes.Balls b = TestVolumes.ballArrays(sx, sy, sz, count, seed);
		final ImageStack is = new ImageStack(sx, sy);
		final ImageStack ls = new ImageStack(sx, sy);
		final int n = sx * sy;
		for (int z = 0; z < sz; z++) {
			final float[] fs = new float[n];
			final byte[] bs = new byte[n];
			System.arraycopy(b.image, z * n, fs, 0, n);
			System.arraycopy(b.labels, z * n, bs, 0, n);
			is.addSlice(null, fs);
			ls.addSlice(null, bs);
		}
		return new ImagePlus[] { new ImagePlus("balls-" + seed, is), new ImagePlus("balls-" + seed + "-labels", ls) };
	}
}
