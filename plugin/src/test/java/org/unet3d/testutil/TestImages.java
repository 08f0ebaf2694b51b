package org.unet3d.testutil;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

import java.util.Random;

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

	/**
	 * A stack of random voxels: 8-, 16- or 32-bit, {@code channels} per z-slice (a hyperstack if more
	 * than one), calibrated 0.25 x 0.25 x 1.5 micron.
	 */
	public static ImagePlus random(final int bitDepth, final int w, final int h, final int channels, final int slices,
		final long seed)
	{
		final Random r = new Random(seed);
		final ImageStack s = new ImageStack(w, h);
		for (int i = 0; i < channels * slices; i++) {
			final Object plane;
			switch (bitDepth) {
				case 8: {
					final byte[] a = new byte[w * h];
					r.nextBytes(a);
					plane = a;
					break;
				}
				case 16: {
					final short[] a = new short[w * h];
					for (int j = 0; j < a.length; j++)
						a[j] = (short) r.nextInt(65536);
					plane = a;
					break;
				}
				default: {
					final float[] a = new float[w * h];
					for (int j = 0; j < a.length; j++)
						a[j] = (float) (100 * r.nextGaussian());
					plane = a;
				}
			}
			s.addSlice(null, plane);
		}
		final ImagePlus imp = new ImagePlus("random-" + seed, s);
		imp.setDimensions(channels, slices, 1);
		if (channels > 1) imp.setOpenAsHyperStack(true);
		final Calibration c = imp.getCalibration();
		c.pixelWidth = 0.25;
		c.pixelHeight = 0.25;
		c.pixelDepth = 1.5;
		c.setUnit("micron");
		return imp;
	}
}
