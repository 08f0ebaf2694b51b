package org.unet3d.objects;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Test;
import org.unet3d.data.VoxelSize;
import org.unet3d.progress.Progress;

/**
 * Boundaries derived from instances part every pair of touching objects, stay thin along a coarse
 * z, and bad instance images are refused with the fix.
 */
public class InstanceTrainingLabelsTest {

	@Test
	public void noFaceConnectedPathJoinsTwoInteriorsWithoutCrossingBoundary() {
		final Random random = new Random(53);
		final VoxelSize[] sizes = { VoxelSize.UNCALIBRATED, new VoxelSize(0.127, 0.127, 0.284, "micron"),
			new VoxelSize(0.1, 0.1, 0.5, "micron") };
		int touchingPairs = 0;
		for (int trial = 0; trial < 30; trial++) {
			final StackShape s = new StackShape(3 + random.nextInt(10), 3 + random.nextInt(10), 2 + random.nextInt(6),
				sizes[trial % 3]);
			// blobs of ids 0..4 used as instance ids, so that different objects touch (an id may be in several blobs)
			final int[] ids = TestStacks.randomClasses(s, 5, 0.6, random);
			final double thickness = trial % 2 == 0 ? Double.NaN : 0.3;
			final byte[] c = InstanceTrainingLabels.classes(ids, s, thickness, Progress.NONE);
			// flood each interior over non-boundary voxels (6-connected): it must never reach another object's voxels
			final int[] classes = new int[c.length];
			for (int i = 0; i < c.length; i++)
				classes[i] = c[i] == InstanceTrainingLabels.BOUNDARY ? 0 : 1;
			final int[] regions = TestStacks.bruteComponents(classes, 0, s, Connectivity.SIX);
			final java.util.Map<Integer, Integer> idOfRegion = new java.util.HashMap<>();
			for (int i = 0; i < c.length; i++) {
				if (regions[i] == 0) continue;
				final Integer before = idOfRegion.putIfAbsent(regions[i], ids[i]);
				assertTrue("a non-boundary path joins objects " + before + " and " + ids[i], before == null || before ==
					ids[i]);
			}
			for (int i = 0; i < c.length; i++) {
				assertEquals(ids[i] == 0, c[i] == InstanceTrainingLabels.BACKGROUND);
				for (final int q : SeededWatershedTest.neighbours(i, s, Connectivity.SIX))
					if (ids[i] != 0 && ids[q] != 0 && ids[q] != ids[i]) {
						touchingPairs++;
						assertEquals(InstanceTrainingLabels.BOUNDARY, c[i]);
					}
			}
		}
		assertTrue(touchingPairs > 100);
	}

	@Test
	public void boundaryThicknessIsPhysical() {
		// a 21 x 21 x 9 box of one object inside background, voxel 0.1 x 0.1 x 0.5 micron, thickness 0.2 micron
		final StackShape s = new StackShape(25, 25, 13, new VoxelSize(0.1, 0.1, 0.5, "micron"));
		final int[] ids = new int[s.voxels()];
		for (int z = 2; z < 11; z++)
			for (int y = 2; y < 23; y++)
				for (int x = 2; x < 23; x++)
					ids[s.index(x, y, z)] = 1;
		final byte[] c = InstanceTrainingLabels.classes(ids, s, 0.2, Progress.NONE);
		// along x two voxels (0.2 micron), along z one (the face neighbour; 0.5 micron > 0.2)
		assertEquals(InstanceTrainingLabels.BOUNDARY, c[s.index(3, 12, 6)]);
		assertEquals(InstanceTrainingLabels.INTERIOR, c[s.index(4, 12, 6)]);
		assertEquals(InstanceTrainingLabels.BOUNDARY, c[s.index(12, 12, 2)]);
		assertEquals(InstanceTrainingLabels.INTERIOR, c[s.index(12, 12, 3)]);
		// the default: one in-plane voxel, so 1 voxel at surfaces
		final byte[] d = InstanceTrainingLabels.classes(ids, s, Double.NaN, Progress.NONE);
		assertEquals(InstanceTrainingLabels.BOUNDARY, d[s.index(2, 12, 6)]);
		assertEquals(InstanceTrainingLabels.INTERIOR, d[s.index(3, 12, 6)]);
	}

	@Test
	public void objectsCutByTheStackBorderHaveNoBoundaryThere() {
		final StackShape s = new StackShape(4, 1, 1, null);
		final byte[] c = InstanceTrainingLabels.classes(new int[] { 1, 1, 2, 2 }, s, Double.NaN, Progress.NONE);
		assertEquals("[1, 2, 2, 1]", java.util.Arrays.toString(c));
	}

	@Test
	public void derivesAnEightBitImageFromAnyIntegerImage() {
		final Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(new short[] { 0, 300, 300, 300, 0, 7, 7, 7 }, 8, 1,
			1);
		final PlanarImg<UnsignedByteType, ByteArray> classes = InstanceTrainingLabels.derive(img, null, Double.NaN,
			Progress.NONE);
		final RandomAccess<UnsignedByteType> ra = classes.randomAccess();
		final int[] expected = { 0, 2, 1, 2, 0, 2, 1, 1 };
		for (int x = 0; x < 8; x++) {
			ra.setPosition(new long[] { x, 0, 0 });
			assertEquals("x=" + x, expected[x], ra.get().get());
		}
	}

	@Test
	public void refusesFractionalNegativeAndHugeIds() {
		final Img<FloatType> fractional = ArrayImgs.floats(new float[] { 0, 1.5f, 2, 2 }, 4, 1, 1);
		ObjectMakerTest.expect(() -> InstanceTrainingLabels.derive(fractional, null, Double.NaN, Progress.NONE),
			"not a whole number");
		final Img<UnsignedIntType> huge = ArrayImgs.unsignedInts(new int[] { 0, 1, (int) 2147483648L, 1 }, 4, 1, 1);
		ObjectMakerTest.expect(() -> InstanceTrainingLabels.derive(huge, null, Double.NaN, Progress.NONE), "2^31");
		final Img<FloatType> hugeFloat = ArrayImgs.floats(new float[] { 0, 3e9f, 2, 2 }, 4, 1, 1);
		ObjectMakerTest.expect(() -> InstanceTrainingLabels.derive(hugeFloat, null, Double.NaN, Progress.NONE), "2^31");
		final Img<net.imglib2.type.numeric.integer.IntType> negative = ArrayImgs.ints(new int[] { 0, -4, 2, 2 }, 4, 1, 1);
		ObjectMakerTest.expect(() -> InstanceTrainingLabels.derive(negative, null, Double.NaN, Progress.NONE),
			"negative");
		ObjectMakerTest.expect(() -> InstanceTrainingLabels.derive(ArrayImgs.unsignedBytes(4, 4), null, Double.NaN,
			Progress.NONE), "3D");
	}
}
