package org.unet3d.benchmark;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

/** The benchmark's configurations and the peer arguments that reproduce them. */
public class WorkloadTest {

	@Test
	public void defaultsFitTheirNetworks() {
		for (final Workload w : Workload.defaults()) {
			w.network().checkSize(w.patchZYX(), "patch");
			assertTrue(w.toString(), w.batchVoxels() > 0);
		}
		assertEquals("32c-b2-f8", Workload.parse("32").name());
		assertEquals("64c-b1-f16", Workload.parse("64").name());
	}

	@Test
	public void emPoolsOnlyInXYWhileSlicesAreThick() {
		final Workload em = Workload.parse("em");
		assertEquals(3, em.xyOnlyLevels());
		final int[] p = em.patchZYX();
		assertTrue("thin in z: " + p[0] + "," + p[1] + "," + p[2], p[0] < p[1] / 4 && p[1] == p[2]);
		final List<String> a = em.peerArguments(2, 5);
		final int i = a.indexOf("--xy-only-levels");
		assertEquals("3", a.get(i + 1));
		assertEquals("" + p[1], a.get(a.indexOf("--patch") + 2));
	}

	@Test
	public void customConfigurations() {
		final Workload w = Workload.parse("16x64x64-b3-f8-xy1");
		assertArrayEquals(new int[] { 16, 64, 64 }, w.patchZYX());
		assertEquals(3, w.batch());
		assertEquals(8, w.network().baseFilters());
		assertEquals(1, w.xyOnlyLevels());
		try {
			Workload.parse("banana");
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("ZxYxX"));
		}
	}
}
