package org.unet3d.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The grid covers every voxel, assigns each to exactly one patch inside it, and handles small stacks. */
public class PatchGridTest {

	private static void checkCover(final long[] shapeZYX, final int[] patch, final int[] overlap) {
		final PatchGrid g = PatchGrid.of(shapeZYX, patch, overlap);
		final int[][][] owners = new int[(int) shapeZYX[0]][(int) shapeZYX[1]][(int) shapeZYX[2]];
		for (long i = 0; i < g.count(); i++) {
			final long[] o = g.originXYZ(i);
			final long[] own = g.ownedXYZ(i);
			for (int a = 0; a < 3; a++) {
				final int p = patch[2 - a];
				assertTrue("owned region inside the patch", own[a] >= o[a] && own[a + 3] <= o[a] + p);
				assertTrue(own[a] < own[a + 3]);
			}
			for (long z = own[2]; z < own[5]; z++)
				for (long y = own[1]; y < own[4]; y++)
					for (long x = own[0]; x < own[3]; x++)
						owners[(int) z][(int) y][(int) x]++;
		}
		for (final int[][] plane : owners)
			for (final int[] row : plane)
				for (final int n : row)
					assertEquals("every voxel belongs to exactly one patch", 1, n);
	}

	@Test
	public void coversEveryVoxelOnce() {
		checkCover(new long[] { 20, 50, 37 }, new int[] { 8, 16, 16 }, new int[] { 2, 4, 4 });
		checkCover(new long[] { 5, 9, 64 }, new int[] { 8, 16, 16 }, new int[] { 0, 8, 4 });
		checkCover(new long[] { 16, 16, 16 }, new int[] { 16, 16, 16 }, new int[] { 4, 4, 4 });
	}

	@Test
	public void overlapIsAtLeastTheRequestedAmountAndPatchesSpanTheStack() {
		final PatchGrid g = PatchGrid.of(new long[] { 1, 1, 100 }, new int[] { 1, 1, 32 }, new int[] { 0, 0, 8 });
		assertEquals(4, g.count());
		assertEquals(0, g.originXYZ(0)[0]);
		assertEquals(100 - 32, g.originXYZ(3)[0]);
		for (int i = 1; i < 4; i++)
			assertTrue(g.originXYZ(i - 1)[0] + 32 - g.originXYZ(i)[0] >= 8);
	}

	@Test
	public void stackSmallerThanThePatchGetsOneCenteredPatch() {
		final PatchGrid g = PatchGrid.of(new long[] { 3, 10, 40 }, new int[] { 8, 16, 16 }, new int[] { 2, 4, 4 });
		assertEquals(3, g.count());
		assertArrayEquals(new long[] { 0, -3, -2 }, g.originXYZ(0));
		assertArrayEquals(new long[] { 0, 0, 0, 14, 10, 3 }, g.ownedXYZ(0)); // x origins 0, 12, 24
	}

	@Test(expected = IllegalArgumentException.class)
	public void overlapAsLargeAsThePatchIsRefused() {
		PatchGrid.of(new long[] { 10, 10, 10 }, new int[] { 4, 4, 4 }, new int[] { 4, 0, 0 });
	}
}
