package org.unet3d.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.Test;

/**
 * Every augmentation keeps image and labels aligned, checked exactly on a synthetic patch whose
 * three image channels hold each voxel's own x, y and z, and whose label is a function of (x, y, z):
 * after any geometric change, the label at a voxel must be the label of the position its image
 * channels say it came from. Intensity changes must leave labels and geometry alone.
 */
public class AugmenterTest {

	private static final int SX = 12;
	private static final int SY = 12;
	private static final int SZ = 7;
	private static final int N = SX * SY * SZ;

	private static int code(final int x, final int y, final int z) {
		return (x * 7 + y * 13 + z * 29) % 11;
	}

	/** Channels 0, 1, 2 = x, y, z of the voxel; labels = code(x, y, z). */
	private static float[] coordinates() {
		final float[] img = new float[3 * N];
		int i = 0;
		for (int z = 0; z < SZ; z++)
			for (int y = 0; y < SY; y++)
				for (int x = 0; x < SX; x++, i++) {
					img[i] = x;
					img[N + i] = y;
					img[2 * N + i] = z;
				}
		return img;
	}

	private static int[] codes() {
		final int[] l = new int[N];
		int i = 0;
		for (int z = 0; z < SZ; z++)
			for (int y = 0; y < SY; y++)
				for (int x = 0; x < SX; x++)
					l[i++] = code(x, y, z);
		return l;
	}

	/** Runs an augmentation on the coordinate patch many times and checks alignment exactly. */
	private static int checkAligned(final Augmentation a, final double anisotropy, final boolean expectInteger) {
		final Augmenter aug = new Augmenter(a, anisotropy);
		final Random random = new Random(1);
		int changed = 0;
		int checked = 0;
		for (int trial = 0; trial < 40; trial++) {
			final float[] img = coordinates();
			final int[] labels = codes();
			aug.apply(new int[] { SX, SY, SZ }, img, 0, 3, labels, random);
			if (!Arrays.equals(img, coordinates())) changed++;
			for (int i = 0; i < N; i++) {
				final float x = img[i];
				final float y = img[N + i];
				final float z = img[2 * N + i];
				assertTrue("source inside the patch", x >= -1e-4 && x <= SX - 1 + 1e-4 && y >= -1e-4 && y <= SY - 1 + 1e-4 &&
					z >= -1e-4 && z <= SZ - 1 + 1e-4);
				if (expectInteger) assertTrue("a permutation moves whole voxels", x == Math.rint(x) && y == Math.rint(y) &&
					z == Math.rint(z));
				// a source exactly between two voxels may round either way: not a decidable check
				if (nearHalf(x) || nearHalf(y) || nearHalf(z)) continue;
				assertEquals("label at voxel " + i + " (trial " + trial + ") must come from " + x + "," + y + "," + z, code(
					Math.round(x), Math.round(y), Math.round(z)), labels[i]);
				checked++;
			}
		}
		assertTrue("almost every voxel is decidable: " + checked, checked > 0.95 * 40 * N);
		return changed;
	}

	private static boolean nearHalf(final float v) {
		return Math.abs(v - Math.floor(v) - 0.5) < 1e-3;
	}

	@Test
	public void flipsKeepAlignment() {
		final Augmentation a = Augmentation.none().toBuilder().flips(true).build();
		assertTrue(checkAligned(a, 1, true) > 30);
	}

	@Test
	public void rotationsKeepAlignmentAndStayInPlane() {
		final Augmentation a = Augmentation.none().toBuilder().rotations(true).build();
		assertTrue(checkAligned(a, 1, true) > 20);
		final Augmenter aug = new Augmenter(a, 1);
		final float[] img = coordinates();
		final Random r = new Random(3);
		for (int t = 0; t < 20; t++)
			aug.apply(new int[] { SX, SY, SZ }, img, 0, 3, codes(), r);
		for (int i = 0; i < N; i++)
			assertEquals("z never mixes with x or y", i / (SX * SY), img[2 * N + i], 0f);
	}

	@Test
	public void noRotationForPatchesNotSquareInXY() {
		final Augmenter aug = new Augmenter(Augmentation.none().toBuilder().rotations(true).build(), 1);
		final int sx = 6;
		final int sy = 4;
		final float[] img = new float[sx * sy * 2];
		for (int i = 0; i < img.length; i++)
			img[i] = i;
		final float[] before = img.clone();
		final int[] labels = new int[sx * sy * 2];
		for (int t = 0; t < 10; t++)
			aug.apply(new int[] { sx, sy, 2 }, img, 0, 1, labels, new Random(t));
		assertArrayEquals(before, img, 0f);
	}

	@Test
	public void elasticDeformationKeepsAlignment() {
		final Augmentation a = Augmentation.none().toBuilder().elastic(1, 2.5, 4).build();
		assertEquals(40, checkAligned(a, 1, false));
		// anisotropic: displacements in z are divided by the anisotropy
		assertEquals(40, checkAligned(a, 5, false));
	}

	@Test
	public void elasticDeformationMovesLittleInZForThickSlices() {
		final Augmentation a = Augmentation.none().toBuilder().elastic(1, 3, 4).build();
		double dzIso = 0;
		double dzAniso = 0;
		for (final double anisotropy : new double[] { 1, 10 }) {
			final Augmenter aug = new Augmenter(a, anisotropy);
			final float[] img = coordinates();
			aug.apply(new int[] { SX, SY, SZ }, img, 0, 3, codes(), new Random(5));
			double sum = 0;
			for (int i = 0; i < N; i++)
				sum += Math.abs(img[2 * N + i] - i / (SX * SY));
			if (anisotropy == 1) dzIso = sum / N;
			else dzAniso = sum / N;
		}
		assertTrue(dzIso + " vs " + dzAniso, dzAniso < dzIso / 3);
	}

	@Test
	public void allTogetherKeepAlignment() {
		final Augmentation a = Augmentation.withElastic().toBuilder().intensity(0, 0, 0).gamma(0, 0).noise(0, 0)
			.build();
		assertTrue(checkAligned(a, 2, false) > 30);
	}

	@Test
	public void intensityChangesLeaveLabelsAndGeometryAlone() {
		final Augmentation[] each = { Augmentation.none().toBuilder().intensity(1, 0.3, 0.2).build(), Augmentation
			.none().toBuilder().gamma(1, 0.5).build(), Augmentation.none().toBuilder().noise(1, 0.1).build() };
		for (final Augmentation a : each) {
			final Augmenter aug = new Augmenter(a, 1);
			final Random r = new Random(4);
			for (int t = 0; t < 10; t++) {
				final float[] img = coordinates();
				final int[] labels = codes();
				aug.apply(new int[] { SX, SY, SZ }, img, 0, 3, labels, r);
				assertArrayEquals(a + ": labels untouched", codes(), labels);
				assertTrue(a + ": image changed", !Arrays.equals(img, coordinates()));
				if (a.noiseProbability() == 0) {
					// a voxelwise monotonic map: the order of the values in each channel is unchanged
					final float[] orig = coordinates();
					for (int c = 0; c < 3; c++)
						for (int i = 1; i < N; i++) {
							final int o = c * N;
							final int cmp = Float.compare(orig[o + i], orig[o + i - 1]);
							final float d = img[o + i] - img[o + i - 1];
							if (cmp > 0) assertTrue(a + " keeps order", d > 0);
							if (cmp == 0) assertEquals(0f, d, 0f);
						}
				}
				else {
					final float[] orig = coordinates();
					double sum = 0;
					for (int i = 0; i < 3 * N; i++)
						sum += (img[i] - orig[i]) * (double) (img[i] - orig[i]);
					assertTrue(Math.sqrt(sum / (3 * N)) <= 0.1 * 1.1);
				}
			}
		}
	}

	@Test
	public void sameSeedSameResult() {
		final Augmenter a = new Augmenter(Augmentation.withElastic(), 2);
		final Augmenter b = new Augmenter(Augmentation.withElastic(), 2);
		final float[] ia = coordinates();
		final float[] ib = coordinates();
		final int[] la = codes();
		final int[] lb = codes();
		a.apply(new int[] { SX, SY, SZ }, ia, 0, 3, la, new Random(9));
		b.apply(new int[] { SX, SY, SZ }, ib, 0, 3, lb, new Random(9));
		assertArrayEquals(ia, ib, 0f);
		assertArrayEquals(la, lb);
	}

	@Test
	public void mirrorReflectsAtTheBorderVoxels() {
		assertEquals(1, Mirror.position(-1, 5), 0);
		assertEquals(3, Mirror.position(5, 5), 0);
		assertEquals(2.5, Mirror.position(2.5, 5), 0);
		assertEquals(0.5, Mirror.position(8.5, 5), 1e-12);
		assertEquals(0, Mirror.position(3.7, 1), 0);
		for (long p = -20; p < 20; p++)
			assertEquals(Mirror.position(p, 6), Mirror.index(p, 6), 0);
	}

	@Test
	public void jsonRoundTrip() {
		final Augmentation a = Augmentation.withElastic().toBuilder().noise(0.2, 0.07).build();
		assertEquals(a, Augmentation.fromJson(a.toJson()));
		assertTrue(Augmentation.none().isNone());
		assertEquals("none", Augmentation.none().toString());
	}
}
