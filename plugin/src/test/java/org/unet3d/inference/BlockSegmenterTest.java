package org.unet3d.inference;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;

import org.junit.BeforeClass;
import org.junit.Test;
import org.unet3d.data.Clahe;
import org.unet3d.data.NormalizationStats;
import org.unet3d.data.Preprocessing;
import org.unet3d.data.Volume;
import org.unet3d.model.SegmentationModel;
import org.unet3d.planning.Blending;
import org.unet3d.planning.MemoryBudget;
import org.unet3d.planning.TilePlan;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.PerVoxelNetwork;
import org.unet3d.testutil.TestVolumes;

/**
 * Block-wise segmentation equals TiledPredictor bit for bit: every block of a stack whose size is
 * no multiple of the block or chunk size, segmented in a shuffled order, put together, gives exactly
 * TiledPredictor's probabilities (same floats) and labels, for the default Gaussian blending, other
 * blendings, batches and flips.
 */
public class BlockSegmenterTest {

	private static final MemoryBudget BUDGET = MemoryBudget.of(1L << 30, 2L << 30);

	private static SegmentationModel trained;

	@BeforeClass
	public static void train() throws Exception {
		trained = TestModels.trainedOnBalls();
	}

	/** TiledPredictor's probabilities of the whole stack. */
	private static float[][] whole(final SegmentationModel m, final Volume<?> v, final TiledPredictor p) {
		final TestModels.AllProbabilities sink = new TestModels.AllProbabilities(m.config().classes(), v.width(), v
			.height(), v.depth());
		p.predict(v, sink, Progress.NONE);
		return sink.p;
	}

	/** All blocks, segmented in a shuffled order by a fresh segmenter each, put together. */
	private static float[][] blockwise(final SegmentationModel m, final Volume<?> v, final TilePlan plan,
		final BlockGrid grid, final long seed)
	{
		@SuppressWarnings({ "rawtypes", "unchecked" })
		final NormalizationStats stats = m.metadata().normalization().compute((Volume) v);
		final List<Long> order = new ArrayList<>();
		for (long b = 0; b < grid.count(); b++)
			order.add(b);
		Collections.shuffle(order, new Random(seed));
		final int sx = (int) v.width(), sy = (int) v.height();
		final float[][] out = new float[m.config().classes()][(int) v.voxelCount()];
		final boolean[] seen = new boolean[out[0].length];
		BlockSegmenter s = null;
		for (final long b : order) {
			if (s == null || b % 2 == 0) s = new BlockSegmenter(m, plan, stats, v); // any worker, any order
			final Interval box = grid.block(b);
			final float[][] p = s.predict(box, Progress.NONE);
			final int bx = (int) box.dimension(0), by = (int) box.dimension(1), bz = (int) box.dimension(2);
			for (int z = 0; z < bz; z++)
				for (int y = 0; y < by; y++)
					for (int x = 0; x < bx; x++) {
						final int i = (int) (box.min(0) + x + sx * (box.min(1) + y + (long) sy * (box.min(2) + z)));
						if (seen[i]) fail("voxel " + i + " in two blocks");
						seen[i] = true;
						for (int k = 0; k < out.length; k++)
							out[k][i] = p[k][x + bx * (y + by * z)];
					}
		}
		for (int i = 0; i < seen.length; i++)
			if (!seen[i]) fail("voxel " + i + " in no block");
		return out;
	}

	private static void assertSameFloats(final String what, final float[][] expected, final float[][] actual) {
		for (int k = 0; k < expected.length; k++)
			for (int i = 0; i < expected[k].length; i++)
				if (Float.floatToIntBits(expected[k][i]) != Float.floatToIntBits(actual[k][i])) fail(what + ": class " + k +
					", voxel " + i + ": " + expected[k][i] + " on one machine, " + actual[k][i] + " block-wise");
		for (int i = 0; i < expected[0].length; i++)
			assertEquals(what + ": label of voxel " + i, LabelMaker.argmax(expected, i), LabelMaker.argmax(actual, i));
	}

	@Test
	public void blocksInAnyOrderEqualTheWholeStackWithTheDefaultBlending() {
		final int sx = 45, sy = 38, sz = 29;
		final Volume<?> v = TestModels.volume(TestVolumes.ballArrays(sx, sy, sz, 30, 5).image, sx, sy, sz);
		final TiledPredictor p = TiledPredictor.of(trained).tile(new int[] { 16, 16, 16 }).batch(2).memory(BUDGET)
			.build();
		final TilePlan plan = p.plan(v);
		assertTrue(plan.toString(), plan.tiles(0) >= 3 && plan.tiles(1) >= 3 && plan.tiles(2) >= 3);
		final float[][] expected = whole(trained, v, p);
		// chunks 7 x 10 x 6, blocks of 2 x 1 x 2 chunks: no size divides the stack, blocks cut tiles anywhere
		final BlockGrid grid = BlockGrid.of(new long[] { sx, sy, sz }, new int[] { 7, 10, 6 }, new int[] { 2, 1, 2 });
		assertEquals(4 * 4 * 3, grid.count());
		assertSameFloats("gaussian, " + plan, expected, blockwise(trained, v, plan, grid, 1));
		// the labels are not trivial
		int foreground = 0;
		for (int i = 0; i < expected[0].length; i++)
			foreground += LabelMaker.argmax(expected, i);
		assertTrue("foreground " + foreground, foreground > 500 && foreground < expected[0].length - 500);
	}

	@Test
	public void batchesOfOtherTilesDoNotChangeATilesProbabilities() {
		// a block batches other tiles together than the whole stack does: the network's result for a tile
		// must not depend on its batch neighbours
		final int sx = 40, sy = 36, sz = 20;
		final Volume<?> v = TestModels.volume(TestVolumes.ballArrays(sx, sy, sz, 20, 8).image, sx, sy, sz);
		final TiledPredictor p = TiledPredictor.of(trained).tile(new int[] { 12, 16, 16 }).batch(5).memory(BUDGET)
			.build();
		final TilePlan plan = p.plan(v);
		final BlockGrid grid = BlockGrid.of(new long[] { sx, sy, sz }, new int[] { 9, 11, 5 }, new int[] { 1, 1, 1 });
		assertSameFloats("batch 5, " + plan, whole(trained, v, p), blockwise(trained, v, plan, grid, 2));
	}

	@Test
	public void otherBlendingsOverlapsAndFlipsToo() {
		final int sx = 37, sy = 29, sz = 23;
		final Volume<?> v = TestModels.volume(TestModels.blobs(sx, sy, sz, 3), sx, sy, sz);
		final PerVoxelNetwork net = new PerVoxelNetwork(3, 5);
		final List<TiledPredictor.Builder> setups = new ArrayList<>();
		setups.add(TiledPredictor.of(net.model).tile(new int[] { 8, 6, 16 }).overlap(new int[] { 2, 4, 6 }).batch(3));
		setups.add(TiledPredictor.of(net.model).tile(new int[] { 12, 10, 8 }).blending(Blending.LINEAR));
		setups.add(TiledPredictor.of(net.model).tile(new int[] { 12, 12, 12 }).overlap(new int[] { 4, 4, 4 }).blending(
			Blending.CROP));
		setups.add(TiledPredictor.of(net.model).tile(new int[] { 16, 16, 16 }).flips(true));
		setups.add(TiledPredictor.of(net.model).tile(new int[] { 64, 64, 64 })); // one tile for the whole stack
		final BlockGrid grid = BlockGrid.of(new long[] { sx, sy, sz }, new int[] { 5, 4, 3 }, new int[] { 2, 3, 2 });
		for (final TiledPredictor.Builder b : setups) {
			final TiledPredictor p = b.memory(BUDGET).build();
			final TilePlan plan = p.plan(v);
			assertSameFloats(plan.toString(), whole(net.model, v, p), blockwise(net.model, v, plan, grid, 3));
		}
	}

	@Test
	public void tilesCountsTheTilesTouchingABlock() {
		final int sx = 45, sy = 38, sz = 29;
		final Volume<?> v = TestModels.volume(new float[sx * sy * sz], sx, sy, sz);
		final TilePlan plan = TiledPredictor.of(trained).tile(new int[] { 16, 16, 16 }).memory(BUDGET).build().plan(v);
		final BlockGrid grid = BlockGrid.of(new long[] { sx, sy, sz }, new int[] { 7, 10, 6 }, new int[] { 2, 1, 2 });
		final int[] t = plan.tileZYX();
		long sum = 0;
		for (long b = 0; b < grid.count(); b++) {
			final Interval box = grid.block(b);
			long brute = 0;
			for (int iz = 0; iz < plan.tiles(0); iz++)
				for (int iy = 0; iy < plan.tiles(1); iy++)
					for (int ix = 0; ix < plan.tiles(2); ix++) {
						final long[] o = { plan.grid(2).origin(ix), plan.grid(1).origin(iy), plan.grid(0).origin(iz) };
						final int[] size = { t[2], t[1], t[0] };
						boolean touches = true;
						for (int d = 0; d < 3; d++)
							touches &= o[d] <= box.max(d) && o[d] + size[d] > box.min(d);
						if (touches) brute++;
					}
			assertEquals("block " + b, brute, BlockSegmenter.tiles(plan, box));
			sum += brute;
		}
		// one block covering the stack evaluates each tile once
		assertEquals(plan.tiles(), BlockSegmenter.tiles(plan, new FinalInterval(new long[] { sx, sy, sz })));
		assertTrue("small blocks evaluate tiles several times: " + sum + " vs " + plan.tiles(), sum > plan.tiles());
	}

	@Test
	public void blockGridCoversTheStackWithWholeChunks() {
		final BlockGrid g = BlockGrid.of(new long[] { 45, 38, 29 }, new int[] { 7, 10, 6 }, new int[] { 2, 1, 2 });
		assertArrayEquals(new int[] { 14, 10, 12 }, g.blockSize());
		assertEquals(48, g.count());
		final Interval last = g.block(g.count() - 1);
		assertArrayEquals(new long[] { 42, 30, 24 }, last.minAsLongArray());
		assertArrayEquals(new long[] { 44, 37, 28 }, last.maxAsLongArray());
		long voxels = 0;
		for (long b = 0; b < g.count(); b++) {
			voxels += g.voxels(b);
			for (int d = 0; d < 3; d++)
				assertEquals("block " + b + " starts on a chunk border", 0, g.block(b).min(d) % new int[] { 7, 10, 6 }[d]);
		}
		assertEquals(45 * 38 * 29, voxels);
		try {
			BlockGrid.of(new long[] { 10, 10, 10 }, new int[] { 4, 4, 4 }, new int[] { 1, 0, 1 });
			fail("no chunks along y");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("at least one chunk"));
		}
	}

	@Test
	public void claheModelsAreRefusedWithTheReason() {
		final PerVoxelNetwork net = new PerVoxelNetwork(2, 1);
		final SegmentationModel withClahe = net.model.withMetadata(net.model.metadata().toBuilder().preprocessing(
			Preprocessing.of(net.model.metadata().normalization(), Clahe.slices(64, 3))).build());
		final Volume<?> v = TestModels.volume(new float[16 * 16 * 16], 16, 16, 16);
		final TilePlan plan = TiledPredictor.of(net.model).memory(BUDGET).build().plan(v);
		try {
			new BlockSegmenter(withClahe, plan, new NormalizationStats(new double[] { 0 }, new double[] { 1 }), v);
			fail("CLAHE needs the whole stack");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("CLAHE") && e.getMessage().contains("one machine"));
		}
	}
}
