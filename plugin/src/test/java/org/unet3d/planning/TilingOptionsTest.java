package org.unet3d.planning;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

/** Tiling options start automatic, keep their own copies of sizes, and refuse a negative batch. */
public class TilingOptionsTest {

	@Test
	public void everythingStartsAutomatic() {
		final TilingOptions o = TilingOptions.builder().build();
		assertNull(o.tileZYX());
		assertNull(o.overlapZYX());
		assertEquals(0, o.batch());
		assertEquals(Blending.GAUSSIAN, o.blending());
		assertFalse(o.flips());
		assertEquals(Blending.GAUSSIAN, TilingOptions.builder().blending(Blending.CROP).blending(null).build()
			.blending());
	}

	@Test
	public void sizesAreCopied() {
		final int[] tile = { 8, 16, 16 };
		final TilingOptions o = TilingOptions.builder().tile(tile).overlap(new int[] { 2, 4, 4 }).batch(3).flips(true)
			.build();
		tile[0] = 99;
		o.tileZYX()[1] = 99;
		assertArrayEquals(new int[] { 8, 16, 16 }, o.tileZYX());
		assertArrayEquals(new int[] { 2, 4, 4 }, o.overlapZYX());
		assertEquals(3, o.batch());
		assertTrue(o.flips());
	}

	@Test
	public void aNegativeBatchIsRefused() {
		try {
			TilingOptions.builder().batch(-1);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("Batch must be >= 1 (or 0 for automatic), got -1"));
		}
	}
}
