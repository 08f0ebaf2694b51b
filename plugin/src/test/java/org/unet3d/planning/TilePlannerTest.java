package org.unet3d.planning;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.unet3d.data.VoxelSize;
import org.unet3d.network.UNet3DConfig;

/** Tile size, overlap and batch are chosen to fit the memory; impossible choices are explained. */
public class TilePlannerTest {

	private static final UNet3DConfig NET = UNet3DConfig.builder().depth(3).baseFilters(16).classes(2).build();

	private static TilePlan plan(final long[] shapeZYX, final long heap, final long offHeap,
		final TilingOptions.Builder options)
	{
		return plan(shapeZYX, VoxelSize.UNCALIBRATED, heap, offHeap, options);
	}

	private static TilePlan plan(final long[] shapeZYX, final VoxelSize voxelSize, final long heap, final long offHeap,
		final TilingOptions.Builder options)
	{
		return TilePlanner.plan(NET, shapeZYX, voxelSize, 0, options.build(), MemoryBudget.of(heap, offHeap));
	}

	@Test
	public void automaticTilesFitTheNativeMemory() {
		final long[] big = { 256, 1024, 1024 };
		final TilePlan roomy = plan(big, 8L << 30, 8L << 30, TilingOptions.builder());
		assertTrue("capped at 192^3 for 16 filters", roomy.tileVoxels() <= 192L * 192 * 192);
		final TilePlan tight = plan(big, 8L << 30, 300L << 20, TilingOptions.builder());
		assertTrue(tight.toString(), tight.offHeapBytes() <= 0.8 * (300L << 20));
		assertTrue(tight.toString(), tight.tileVoxels() >= 32L * 32 * 32 && tight.tileVoxels() < roomy.tileVoxels());
		for (final int t : tight.tileZYX())
			assertEquals(0, t % 8);
		assertEquals(1, tight.batch());
		for (int a = 0; a < 3; a++) // a quarter tile, on the pooling grid
			assertEquals(tight.toString(), (tight.tileZYX()[a] / 4 + 7) / 8 * 8, tight.overlapZYX()[a]);
	}

	/** Bigger tiles waste less on overlaps, but the automatic tile is the one whose grid costs least. */
	@Test
	public void automaticTilesCostTheLeastWork() {
		for (final long[] shape : new long[][] { { 128, 512, 512 }, { 256, 1024, 1024 }, { 60, 700, 300 } }) {
			final TilePlan auto = plan(shape, 8L << 30, 8L << 30, TilingOptions.builder());
			for (int side = 48; side <= 192; side += 16) {
				final int[] t = { (int) Math.min(side, (shape[0] + 7) / 8 * 8), side, side };
				final TilePlan p = plan(shape, 8L << 30, 8L << 30, TilingOptions.builder().tile(t).batch(1));
				assertTrue(auto + " costs more than " + p, work(auto) <= 1.05 * work(p));
			}
		}
		// the stack of the throughput benchmark: 36 tiles of 128^3 (the old automatic tile) do 20 % more work
		final long[] bench = { 128, 512, 512 };
		final TilePlan p = plan(bench, 8L << 30, 8L << 30, TilingOptions.builder());
		final TilePlan old = plan(bench, 8L << 30, 8L << 30, TilingOptions.builder().tile(new int[] { 128, 128, 128 }));
		assertEquals(36, old.tiles());
		assertTrue(p + " vs " + old, work(p) < 0.85 * work(old));
	}

	private static double work(final TilePlan p) {
		return p.tiles() * (double) (p.tileVoxels() + TilePlanner.TILE_COST_VOXELS);
	}

	@Test
	public void wideSlicesGetShallowTilesToFitTheHeap() {
		final long[] wide = { 300, 2048, 2048 };
		final TilePlan p = plan(wide, 1L << 30, 4L << 30, TilingOptions.builder());
		final long slab = (long) p.tileZYX()[0] * 2048 * 2048 * 2 * 4;
		assertTrue(p + ": slab " + slab, slab <= 0.5 * (1L << 30));
		assertTrue(p.heapBytes() <= 1L << 30);
		assertEquals("one-grid-unit tiles in z do not overlap", 0, p.tileZYX()[0] == 8 ? p.overlapZYX()[0] : 0);
		try {
			plan(wide, 1L << 30, 4L << 30, TilingOptions.builder().tile(new int[] { 96, 96, 96 }));
			fail("a 96-slice slab of 2048 x 2048 does not fit 1 GB");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("Use a tile of at most") && e.getMessage().contains("-Xmx"));
		}
	}

	@Test
	public void smallTilesAreBatched() {
		final long[] shape = { 40, 200, 200 };
		final TilingOptions.Builder o = TilingOptions.builder().tile(new int[] { 32, 32, 32 });
		assertEquals(8, plan(shape, 1L << 30, 2L << 30, o).batch());
		o.batch(3);
		assertEquals(3, plan(shape, 1L << 30, 2L << 30, o).batch());
		final TilePlan one = plan(new long[] { 20, 30, 40 }, 1L << 30, 2L << 30, TilingOptions.builder());
		assertEquals("a small stack is one tile", 1, one.tiles());
		assertArrayEquals(new int[] { 24, 32, 40 }, one.tileZYX());
	}

	@Test
	public void anisotropicStacksGetFlatTiles() {
		final int[] t = plan(new long[] { 200, 1000, 1000 }, new VoxelSize(0.1, 0.1, 0.4, "micron"), 4L << 30, 4L << 30,
			TilingOptions.builder()).tileZYX();
		assertTrue(t[0] + " vs " + t[1], t[0] * 3 <= t[1]);
	}

	@Test
	public void badTileSizesAreExplained() {
		final long[] shape = { 50, 50, 50 };
		try {
			plan(shape, 1L << 30, 1L << 30, TilingOptions.builder().tile(new int[] { 20, 33, 64 }));
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("Nearest valid tile sizes: 16,32,64 or 24,40,64"));
		}
		try {
			plan(shape, 1L << 30, 1L << 30, TilingOptions.builder().tile(new int[] { 32, 32, 32 }).overlap(new int[] { 8,
				40, 8 }));
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("overlap 40 is not smaller than the tile (32) along y"));
		}
	}
}
