package org.unet3d.objects;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.Test;
import org.unet3d.progress.Progress;

/** Connected components against a relaxation that needs no queue, for both connectivities. */
public class ConnectedComponentsTest {

	@Test
	public void equalBruteForcePerClass() {
		final Random random = new Random(31);
		for (int trial = 0; trial < 60; trial++) {
			final StackShape s = new StackShape(1 + random.nextInt(9), 1 + random.nextInt(8), 1 + random.nextInt(6), null);
			final int[] classes = TestStacks.randomClasses(s, 2 + random.nextInt(3), 0.4, random);
			for (final Connectivity c : Connectivity.values()) {
				final ObjectLabels parts = ConnectedComponents.of(classes, 0, s, c, Progress.NONE);
				final int[] expected = TestStacks.bruteComponents(classes, 0, s, c);
				assertArrayEquals("trial " + trial + " " + c, expected, parts.ids());
				int max = 0;
				for (final int v : expected)
					max = Math.max(max, v);
				assertEquals(max, parts.count());
			}
		}
	}

	@Test
	public void diagonalNeighboursJoinOnlyWith26() {
		final StackShape s = new StackShape(2, 2, 2, null);
		final boolean[] mask = new boolean[8];
		mask[s.index(0, 0, 0)] = true;
		mask[s.index(1, 1, 0)] = true; // edge neighbour
		mask[s.index(0, 1, 1)] = true; // edge neighbour of the second, corner of none
		assertEquals(3, ConnectedComponents.of(mask, s, Connectivity.SIX, Progress.NONE).count());
		assertEquals(1, ConnectedComponents.of(mask, s, Connectivity.TWENTY_SIX, Progress.NONE).count());
	}

	@Test
	public void touchingClassesStaySeparate() {
		final StackShape s = new StackShape(4, 1, 1, null);
		final ObjectLabels parts = ConnectedComponents.of(new int[] { 1, 1, 2, 0 }, 0, s, Connectivity.SIX,
			Progress.NONE);
		assertArrayEquals(new int[] { 1, 1, 2, 0 }, parts.ids());
	}
}
