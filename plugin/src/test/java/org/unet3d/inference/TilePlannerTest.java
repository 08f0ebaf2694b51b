package org.unet3d.inference;

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

	private static TilePlanner.Request request(final long[] shapeZYX, final long heap, final long offHeap) {
		final TilePlanner.Request r = new TilePlanner.Request();
		r.net = NET;
		r.shapeZYX = shapeZYX;
		r.budget = MemoryBudget.of(heap, offHeap);
		return r;
	}

	@Test
	public void automaticTilesFitTheNativeMemory() {
		final long[] big = { 256, 1024, 1024 };
		final TilePlan roomy = TilePlanner.plan(request(big, 8L << 30, 8L << 30));
		assertEquals("capped at 128^3 for 16 filters", 128L * 128 * 128, roomy.tileVoxels());
		final TilePlan tight = TilePlanner.plan(request(big, 8L << 30, 300L << 20));
		assertTrue(tight.toString(), tight.offHeapBytes() <= 0.8 * (300L << 20));
		assertTrue(tight.toString(), tight.tileVoxels() >= 32L * 32 * 32 && tight.tileVoxels() < roomy.tileVoxels());
		for (final int t : tight.tileZYX())
			assertEquals(0, t % 8);
		assertEquals(1, tight.batch());
		for (int a = 0; a < 3; a++) // a quarter tile, on the pooling grid
			assertEquals(tight.toString(), (tight.tileZYX()[a] / 4 + 7) / 8 * 8, tight.overlapZYX()[a]);
	}

	@Test
	public void wideSlicesGetShallowTilesToFitTheHeap() {
		final TilePlanner.Request r = request(new long[] { 300, 2048, 2048 }, 1L << 30, 4L << 30);
		final TilePlan p = TilePlanner.plan(r);
		final long slab = (long) p.tileZYX()[0] * 2048 * 2048 * 2 * 4;
		assertTrue(p + ": slab " + slab, slab <= 0.5 * (1L << 30));
		assertTrue(p.heapBytes() <= 1L << 30);
		assertEquals("one-grid-unit tiles in z do not overlap", 0, p.tileZYX()[0] == 8 ? p.overlapZYX()[0] : 0);
		r.tile = new int[] { 96, 96, 96 };
		try {
			TilePlanner.plan(r);
			fail("a 96-slice slab of 2048 x 2048 does not fit 1 GB");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("Use a tile of at most") && e.getMessage().contains("-Xmx"));
		}
	}

	@Test
	public void smallTilesAreBatched() {
		final TilePlanner.Request r = request(new long[] { 40, 200, 200 }, 1L << 30, 2L << 30);
		r.tile = new int[] { 32, 32, 32 };
		assertEquals(8, TilePlanner.plan(r).batch());
		r.batch = 3;
		assertEquals(3, TilePlanner.plan(r).batch());
		final TilePlanner.Request whole = request(new long[] { 20, 30, 40 }, 1L << 30, 2L << 30);
		final TilePlan one = TilePlanner.plan(whole);
		assertEquals("a small stack is one tile", 1, one.tiles());
		assertArrayEquals(new int[] { 24, 32, 40 }, one.tileZYX());
	}

	@Test
	public void anisotropicStacksGetFlatTiles() {
		final TilePlanner.Request r = request(new long[] { 200, 1000, 1000 }, 4L << 30, 4L << 30);
		r.voxelSize = new VoxelSize(0.1, 0.1, 0.4, "micron");
		final int[] t = TilePlanner.plan(r).tileZYX();
		assertTrue(t[0] + " vs " + t[1], t[0] * 3 <= t[1]);
	}

	@Test
	public void memoryPerVoxelGrowsWithTheNetwork() {
		final long f16 = NET.activationBytesPerVoxel();
		final long f32 = NET.toBuilder().baseFilters(32).build().activationBytesPerVoxel();
		final long bn = NET.toBuilder().batchNorm(true).build().activationBytesPerVoxel();
		assertTrue(f16 + " " + f32, f32 > 1.9 * f16 && f32 < 2.1 * f16);
		assertTrue(bn > 1.5 * f16);
		// 16 filters, 3 levels: 154 activations per voxel at full resolution (measured peak ~440 B/voxel)
		assertEquals(154, f16 / 4, 2);
	}

	@Test
	public void badTileSizesAreExplained() {
		final TilePlanner.Request r = request(new long[] { 50, 50, 50 }, 1L << 30, 1L << 30);
		r.tile = new int[] { 20, 33, 64 };
		try {
			TilePlanner.plan(r);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("Nearest valid tile sizes: 16,32,64 or 24,40,64"));
		}
		r.tile = new int[] { 32, 32, 32 };
		r.overlap = new int[] { 8, 40, 8 };
		try {
			TilePlanner.plan(r);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("overlap 40 is not smaller than the tile (32) along y"));
		}
	}
}
