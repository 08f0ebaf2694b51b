package org.unet3d.objects;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.unet3d.progress.Progress;

/** Removing and merging small objects on hand-made rows of voxels. */
public class SizeFilterTest {

	private static ObjectLabels row(final int... ids) {
		return ObjectLabels.compact(ids.clone(), new StackShape(ids.length, 1, 1, null));
	}

	@Test
	public void removeDeletesSmallObjectsAndRenumbers() {
		final ObjectLabels o = SizeFilter.remove(row(1, 1, 1, 0, 2, 0, 3, 3), 2);
		assertArrayEquals(new int[] { 1, 1, 1, 0, 0, 0, 2, 2 }, o.ids());
		assertEquals(2, o.count());
	}

	@Test
	public void aFragmentJoinsTheNeighbourItSharesMostSurfaceWith() {
		// 3 x 3 x 1: fragment 3 (one voxel) touches object 1 by two faces and object 2 by one
		final StackShape s = new StackShape(3, 3, 1, null);
		final int[] ids = { 1, 1, 2, //
			1, 3, 2, //
			1, 1, 2 };
		final ObjectLabels merged = SizeFilter.merge(ObjectLabels.compact(ids.clone(), s), 2, Progress.NONE);
		// faces of 3: left 1, up 1, down 1, right 2 -> 3 faces with 1
		assertArrayEquals(new int[] { 1, 1, 2, 1, 1, 2, 1, 1, 2 }, merged.ids());
		assertEquals(2, merged.count());
	}

	@Test
	public void smallObjectsWithoutNeighboursAreDeleted() {
		final ObjectLabels merged = SizeFilter.merge(row(1, 1, 1, 0, 2, 0, 3, 3, 3), 3, Progress.NONE);
		assertArrayEquals(new int[] { 1, 1, 1, 0, 0, 0, 2, 2, 2 }, merged.ids());
	}

	@Test
	public void smallestFirstAndAgainUntilBigEnough() {
		// 1 (one voxel) | 2 (two voxels) | 3 (five voxels); minimum 4: 1 joins 2 (its only neighbour),
		// the joined 2 (three voxels) is still small and joins 3
		final ObjectLabels merged = SizeFilter.merge(row(1, 2, 2, 3, 3, 3, 3, 3), 4, Progress.NONE);
		assertArrayEquals(new int[] { 1, 1, 1, 1, 1, 1, 1, 1 }, merged.ids());
		assertEquals(1, merged.count());
	}

	@Test
	public void tiesGoToTheLargerNeighbour() {
		// 2 (one voxel) touches 1 (two voxels) and 3 (three voxels) by one face each
		final ObjectLabels merged = SizeFilter.merge(row(1, 1, 2, 3, 3, 3), 2, Progress.NONE);
		assertArrayEquals(new int[] { 1, 1, 2, 2, 2, 2 }, merged.ids());
	}

	@Test
	public void nothingSmallLeavesTheObjectsAsTheyAre() {
		final ObjectLabels o = row(1, 1, 2, 2);
		assertEquals(o, SizeFilter.merge(o, 2, Progress.NONE));
	}
}
