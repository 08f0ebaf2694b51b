package org.unet3d.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;

/** CLAHE raises local contrast within limits, is monotonic within a block, and round-trips as JSON. */
public class ClaheTest {

	/** A dim left half and a bright right half, each with faint texture. */
	private static float[][] twoHalves(final int w, final int h, final int d, final long seed) {
		final Random r = new Random(seed);
		final float[][] s = new float[d][w * h];
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					s[z][y * w + x] = (x < w / 2 ? 0.2f : 0.7f) + 0.05f * (float) r.nextGaussian();
		return s;
	}

	private static double std(final float[][] s, final int z, final int x0, final int x1, final int w, final int h) {
		double sum = 0;
		double sq = 0;
		int n = 0;
		for (int y = 0; y < h; y++)
			for (int x = x0; x < x1; x++) {
				final double v = s[z][y * w + x];
				sum += v;
				sq += v * v;
				n++;
			}
		final double m = sum / n;
		return Math.sqrt(sq / n - m * m);
	}

	@Test
	public void enhancesLocalContrastAndStaysInRange() {
		for (final Clahe c : new Clahe[] { Clahe.slices(32, 3), Clahe.volume(32, 8, 3) }) {
			final float[][] s = twoHalves(128, 64, 16, 1);
			final double before = std(s, 5, 8, 56, 128, 64);
			c.apply(s, 128, 64);
			final double after = std(s, 5, 8, 56, 128, 64);
			assertTrue(c + ": texture contrast grows " + before + " -> " + after, after > 2 * before);
			for (final float[] slice : s)
				for (final float v : slice)
					assertTrue(v >= 0 && v <= 1);
		}
	}

	@Test
	public void maximumSlopeOneChangesAlmostNothing() {
		final float[][] s = twoHalves(64, 64, 2, 2);
		final float[][] orig = { s[0].clone(), s[1].clone() };
		Clahe.slices(32, 1).apply(s, 64, 64);
		for (int z = 0; z < 2; z++)
			for (int i = 0; i < s[z].length; i++)
				assertEquals(Math.max(0, Math.min(1, orig[z][i])), s[z][i], 1e-3);
	}

	@Test
	public void monotonicForOneBlock() {
		final int w = 40;
		final float[][] s = new float[1][w * w];
		final Random r = new Random(3);
		for (int i = 0; i < s[0].length; i++)
			s[0][i] = (float) r.nextDouble();
		final float[] orig = s[0].clone();
		Clahe.slices(64, 2).apply(s, w, w); // one block: a single mapping for all pixels
		for (int i = 0; i < orig.length; i++)
			for (int j = 0; j < 50; j++)
				if (orig[i] < orig[j]) assertTrue(s[0][i] <= s[0][j]);
	}

	@Test
	public void slicesAreIndependentInSliceMode() {
		final float[][] a = twoHalves(64, 64, 3, 4);
		final float[][] b = { a[0].clone(), a[1].clone(), a[2].clone() };
		for (int i = 0; i < b[2].length; i++)
			b[2][i] = 0.5f * b[2][i];
		Clahe.slices(32, 3).apply(a, 64, 64);
		Clahe.slices(32, 3).apply(b, 64, 64);
		assertEquals(0, diff(a[0], b[0]), 0);
		assertTrue(diff(a[2], b[2]) > 0);
		final float[][] c = { a[0].clone(), a[1].clone(), a[2].clone() };
		assertEquals(0, diff(c[1], a[1]), 0);
	}

	private static double diff(final float[] a, final float[] b) {
		double d = 0;
		for (int i = 0; i < a.length; i++)
			d += Math.abs(a[i] - b[i]);
		return d;
	}

	@Test
	public void blockDepthFollowsTheVoxelSize() {
		final Clahe c = Clahe.volume(64, 0, 3).forVoxelSize(new VoxelSize(0.1, 0.1, 0.8, "um"));
		assertEquals(8, c.blockZ());
		assertEquals(c, Clahe.fromJson(c.toJson()));
		assertEquals(Clahe.OFF, Clahe.fromJson(Clahe.OFF.toJson()));
	}

	@Test(expected = IllegalArgumentException.class)
	public void slopeBelowOneIsRefused() {
		Clahe.slices(32, 0.5);
	}
}
