package org.unet3d.samples;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;

import org.junit.Test;
import org.unet3d.data.Volume;
import org.unet3d.samples.SyntheticStacks.Kind;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Determinism, label range, class fractions and how the image carries the classes, for every
 * kind, on stacks of at most 96x96x16 voxels.
 */
public class SyntheticStacksTest {

	@Test
	public void sameSeedGivesIdenticalStacksDifferentSeedDifferentOnes() {
		for (final Kind kind : Kind.values()) {
			final LabeledStack a = SyntheticStacks.generate(kind, 40, 36, 12, 5);
			final LabeledStack b = SyntheticStacks.generate(kind, 40, 36, 12, 5);
			final LabeledStack c = SyntheticStacks.generate(kind, 40, 36, 12, 6);
			boolean imageDiffers = false;
			boolean labelsDiffer = false;
			for (int z = 0; z < 12; z++) {
				assertArrayEquals(kind + " image slice " + z, a.imageSlice(z), b.imageSlice(z));
				assertArrayEquals(kind + " label slice " + z, a.labelSlice(z), b.labelSlice(z));
				imageDiffers |= !Arrays.equals(a.imageSlice(z), c.imageSlice(z));
				labelsDiffer |= !Arrays.equals(a.labelSlice(z), c.labelSlice(z));
			}
			assertTrue(kind + ": another seed must give another image", imageDiffers);
			assertTrue(kind + ": another seed must give other labels", labelsDiffer);
		}
	}

	@Test
	public void anySizeWorksTinyAndNonCubic() {
		final long[][] sizes = { { 1, 1, 1 }, { 8, 8, 4 }, { 5, 17, 3 }, { 33, 9, 2 }, { 3, 4, 40 } };
		for (final Kind kind : Kind.values())
			for (final long[] s : sizes) {
				final LabeledStack st = SyntheticStacks.generate(kind, s[0], s[1], s[2], 3);
				assertEquals(s[0], st.width());
				assertEquals(s[1], st.height());
				assertEquals(s[2], st.depth());
				assertEquals(s[2], st.imagePlanes().numSlices());
				assertEquals(s[2], st.labels().numSlices());
				assertEquals(s[0] * s[1] * s[2], sum(st.classVoxelCounts()));
				assertLabelsInRange(st);
			}
	}

	@Test
	public void rejectsBadSizes() {
		for (final long[] s : new long[][] { { 0, 8, 8 }, { 8, -1, 8 }, { 8, 8, 0 }, { 1L << 20, 1L << 20, 1 } }) {
			try {
				SyntheticStacks.generate(Kind.NUCLEI, s[0], s[1], s[2], 1);
				fail("Size " + Arrays.toString(s) + " must be rejected");
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("" + s[0]));
			}
		}
	}

	@Test
	public void imageIsAPlanarVolumeWithTheKindsVoxelSize() {
		final LabeledStack s = SyntheticStacks.generate(Kind.EM_MEMBRANES, 24, 20, 6, 1);
		final Volume<UnsignedByteType> v = s.image();
		assertArrayEquals(new long[] { 6, 20, 24 }, v.shapeZYX());
		assertEquals(1, v.channels());
		assertEquals(Kind.EM_MEMBRANES.voxelSize(), v.voxelSize());
		assertEquals(10, v.voxelSize().anisotropy(), 1e-12);
		assertEquals(2, Kind.NUCLEI.voxelSize().anisotropy(), 1e-12);
		assertEquals(1, Kind.SANDSTONE_CT.voxelSize().anisotropy(), 1e-12);
		// the volume is a view of the slice arrays: a voxel read through it is the byte in the slice
		final byte[] slice = s.imageSlice(3);
		final net.imglib2.RandomAccess<UnsignedByteType> ra = v.pixels().randomAccess();
		ra.setPosition(new long[] { 7, 5, 3, 0 });
		assertEquals(slice[7 + 5 * 24] & 0xff, ra.get().get());
		assertSame(slice, s.imagePlanes().getPlane(3).getCurrentStorageArray());
		assertEquals(3, s.classCount());
		assertEquals("membrane", s.classNames()[1]);
	}

	@Test
	public void parsesKindNames() {
		assertEquals(Kind.NUCLEI, Kind.parse("nuclei"));
		assertEquals(Kind.EM_MEMBRANES, Kind.parse("EM_MEMBRANES"));
		assertEquals(Kind.EM_MEMBRANES, Kind.parse("em"));
		assertEquals(Kind.SANDSTONE_CT, Kind.parse("Sandstone-CT"));
		assertEquals(Kind.SANDSTONE_CT, Kind.parse("ct"));
		try {
			Kind.parse("cells");
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("em-membranes"));
		}
	}

	@Test
	public void nucleiAreAQuarterOfTheStackBrighterButNotByThresholdAlone() {
		for (final long seed : new long[] { 1, 2 }) {
			final LabeledStack s = SyntheticStacks.generate(Kind.NUCLEI, 64, 64, 32, seed);
			assertLabelsInRange(s);
			final double[] f = fractions(s);
			assertBetween("nucleus fraction", f[1], 0.05, 0.40);
			final double[] mean = meanPerClass(s);
			assertTrue("nuclei brighter than background: " + Arrays.toString(mean), mean[1] > mean[0] + 30);
			final double threshold = bestThresholdDice(s, 1);
			assertBetween("best global threshold Dice for nuclei", threshold, 0.6, 0.93);
			assertBetween("best intensity-only Dice for nuclei", intensityOnlyDice(s)[1], 0.6, 0.93);
		}
	}

	@Test
	public void membranesAreThinDarkBandsAndMitochondriaDarkBlobs() {
		for (final long seed : new long[] { 1, 2 }) {
			final LabeledStack s = SyntheticStacks.generate(Kind.EM_MEMBRANES, 96, 96, 16, seed);
			assertLabelsInRange(s);
			final double[] f = fractions(s);
			assertBetween("membrane fraction", f[1], 0.05, 0.35);
			assertBetween("mitochondrion fraction", f[2], 0.005, 0.15);
			final double[] mean = meanPerClass(s);
			assertTrue("membranes darker than cytoplasm: " + Arrays.toString(mean), mean[1] < mean[0] - 25);
			assertTrue("mitochondria darker than cytoplasm: " + Arrays.toString(mean), mean[2] < mean[0] - 25);
			final double[] dice = intensityOnlyDice(s);
			assertBetween("best intensity-only Dice for membranes", dice[1], 0.3, 0.75);
			assertTrue("mitochondria cannot be told by intensity alone: " + dice[2], dice[2] < 0.5);
		}
	}

	@Test
	public void sandstonePhasesAreOrderedByDensityAndOverlap() {
		for (final long seed : new long[] { 1, 2 }) {
			final LabeledStack s = SyntheticStacks.generate(Kind.SANDSTONE_CT, 48, 48, 48, seed);
			assertLabelsInRange(s);
			final double[] f = fractions(s);
			assertBetween("pore fraction", f[0], 0.10, 0.40);
			assertBetween("quartz fraction", f[1], 0.45, 0.80);
			assertBetween("clay fraction", f[2], 0.03, 0.25);
			assertBetween("dense mineral fraction", f[3], 0.0005, 0.03);
			final double[] mean = meanPerClass(s);
			assertTrue("pore < clay < quartz < dense: " + Arrays.toString(mean), mean[0] + 15 < mean[2] &&
				mean[2] + 15 < mean[1] && mean[1] + 15 < mean[3]);
			final double[] dice = intensityOnlyDice(s);
			assertTrue("clay cannot be told by intensity alone: " + dice[2], dice[2] < 0.7);
			assertTrue("pore is mostly visible by intensity: " + dice[0], dice[0] > 0.6);
		}
	}

	private static void assertLabelsInRange(final LabeledStack s) {
		for (long z = 0; z < s.depth(); z++)
			for (final byte b : s.labelSlice(z))
				if ((b & 0xff) >= s.classCount()) fail(s + ": label " + (b & 0xff) + " but only " + s.classCount() +
					" classes");
	}

	private static void assertBetween(final String what, final double v, final double low, final double high) {
		assertTrue(what + " = " + v + ", expected " + low + " .. " + high, v >= low && v <= high);
	}

	private static long sum(final long[] v) {
		long s = 0;
		for (final long x : v)
			s += x;
		return s;
	}

	private static double[] fractions(final LabeledStack s) {
		final long[] n = s.classVoxelCounts();
		final double[] f = new double[n.length];
		for (int c = 0; c < n.length; c++)
			f[c] = n[c] / (double) sum(n);
		return f;
	}

	/** Joint histogram [class][gray value]. */
	private static long[][] histogram(final LabeledStack s) {
		final long[][] h = new long[s.classCount()][256];
		for (long z = 0; z < s.depth(); z++) {
			final byte[] im = s.imageSlice(z);
			final byte[] lb = s.labelSlice(z);
			for (int i = 0; i < im.length; i++)
				h[lb[i]][im[i] & 0xff]++;
		}
		return h;
	}

	private static double[] meanPerClass(final LabeledStack s) {
		final long[][] h = histogram(s);
		final double[] m = new double[h.length];
		for (int c = 0; c < h.length; c++) {
			double sum = 0;
			long n = 0;
			for (int g = 0; g < 256; g++) {
				sum += g * (double) h[c][g];
				n += h[c][g];
			}
			m[c] = sum / n;
		}
		return m;
	}

	/** Dice of the best single global threshold (voxels above it are {@code cls}). */
	private static double bestThresholdDice(final LabeledStack s, final int cls) {
		final long[][] h = histogram(s);
		double best = 0;
		for (int t = 0; t < 256; t++) {
			long tp = 0;
			long fp = 0;
			long fn = 0;
			for (int g = 0; g < 256; g++)
				for (int c = 0; c < h.length; c++)
					if (g > t) {
						if (c == cls) tp += h[c][g];
						else fp += h[c][g];
					}
					else if (c == cls) fn += h[c][g];
			best = Math.max(best, 2.0 * tp / (2 * tp + fp + fn));
		}
		return best;
	}

	/**
	 * Per-class Dice of the best classifier that sees only a voxel's gray value (each gray value
	 * gets its majority class): an upper bound for any per-voxel intensity rule.
	 */
	private static double[] intensityOnlyDice(final LabeledStack s) {
		final long[][] h = histogram(s);
		final int k = h.length;
		final long[] tp = new long[k];
		final long[] predicted = new long[k];
		final long[] actual = new long[k];
		for (int g = 0; g < 256; g++) {
			int best = 0;
			for (int c = 1; c < k; c++)
				if (h[c][g] > h[best][g]) best = c;
			for (int c = 0; c < k; c++) {
				predicted[best] += h[c][g];
				actual[c] += h[c][g];
			}
			tp[best] += h[best][g];
		}
		final double[] dice = new double[k];
		for (int c = 0; c < k; c++)
			dice[c] = 2.0 * tp[c] / (predicted[c] + actual[c]);
		return dice;
	}
}
