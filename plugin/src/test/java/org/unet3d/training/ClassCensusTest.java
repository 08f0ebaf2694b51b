package org.unet3d.training;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.unet3d.data.LabelStatistics;
import org.unet3d.testutil.TestVolumes;

/** The class count: asked for, from the labels, or grown from a model's; stray ids are explained. */
public class ClassCensusTest {

	private static ClassCensus of(final byte... ids) {
		final TestVolumes.Balls b = TestVolumes.ballArrays(8, 8, 2, 1, 1);
		java.util.Arrays.fill(b.labels, (byte) 0);
		System.arraycopy(ids, 0, b.labels, 0, ids.length);
		final ClassCensus c = new ClassCensus();
		c.add(LabelStatistics.of(b.volume(), 0, 255, 1));
		return c;
	}

	@Test
	public void countsAddUpOverParts() {
		final ClassCensus c = of((byte) 1, (byte) 1, (byte) 2);
		c.add(LabelStatistics.of(TestVolumes.ballArrays(8, 8, 2, 1, 1).volume(), 0, -1, 1));
		final long[] counts = c.counts();
		assertEquals(3, counts.length);
		assertEquals(2 + countOf(1), counts[1]);
		assertEquals(1, counts[2]);
		assertEquals(2 * 128 - counts[1] - counts[2], counts[0]);
		assertEquals(3, c.classes(0, 0));
		assertEquals("asked for more than seen", 5, c.classes(5, 0));
		assertEquals("a model with more classes keeps them", 4, c.classes(0, 4));
	}

	private static long countOf(final int k) {
		long n = 0;
		for (final byte l : TestVolumes.ballArrays(8, 8, 2, 1, 1).labels)
			if (l == k) n++;
		return n;
	}

	@Test
	public void strayIdsOneClassAndTooManyClassesAreExplained() {
		assertProblem(of((byte) 5), 0, "never [1, 2, 3, 4]", "ignore=5");
		assertProblem(of(), 0, "only one class");
		assertProblem(of((byte) 1, (byte) 2), 2, "contain class 2 but 2 classes were asked for");
		assertArrayEquals(new long[] { 128 }, of().counts());
	}

	private static void assertProblem(final ClassCensus c, final int asked, final String... parts) {
		try {
			c.classes(asked, 0);
			fail();
		}
		catch (final IllegalArgumentException e) {
			for (final String p : parts)
				assertTrue(e.getMessage(), e.getMessage().contains(p));
		}
	}
}
