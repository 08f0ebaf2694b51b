package org.unet3d.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.BeforeClass;
import org.junit.Test;
import org.unet3d.data.NormalizationStats;
import org.unet3d.data.Volume;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.planning.Blending;
import org.unet3d.planning.MemoryBudget;
import org.unet3d.planning.TilePlan;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.PerVoxelNetwork;
import org.unet3d.testutil.TestVolumes;

/**
 * Tiled prediction is right: the plumbing returns exactly what the network computes per voxel;
 * with a halo of the receptive field and tiles on the pooling grid it equals prediction of the
 * whole stack in one tile; and the default blending gives the single-tile labels without seams.
 * Tile sizes never divide the stack sizes.
 */
public class TiledPredictorTest {

	private static final MemoryBudget BUDGET = MemoryBudget.of(1L << 30, 2L << 30);

	/** A depth-2 U-Net trained on bright balls: confident, like a real model. */
	private static SegmentationModel trained;

	@BeforeClass
	public static void train() throws Exception {
		trained = TestModels.trainedOnBalls();
	}

	private static float[][] predict(final SegmentationModel m, final Volume<?> v, final TiledPredictor.Builder b) {
		final TestModels.AllProbabilities sink = new TestModels.AllProbabilities(m.config().classes(), v.width(), v
			.height(), v.depth());
		b.memory(BUDGET).build().predict(v, sink, Progress.NONE);
		assertEquals("every slice handed on once", v.depth(), sink.nextZ);
		return sink.p;
	}

	/** Prediction of the whole stack as one tile with a margin of the receptive field on every side. */
	private static float[][] singleTile(final SegmentationModel m, final Volume<?> v) {
		final TiledPredictor.Builder b = TiledPredictor.of(m).blending(Blending.CROP).tile(new int[] { 512, 512,
			512 });
		final TilePlan plan = b.memory(BUDGET).build().plan(v);
		assertEquals("one tile", 1, plan.tiles());
		return predict(m, v, b);
	}

	private static double maxDifference(final float[][] a, final float[][] b) {
		double max = 0;
		for (int k = 0; k < a.length; k++)
			for (int i = 0; i < a[k].length; i++)
				max = Math.max(max, Math.abs(a[k][i] - b[k][i]));
		return max;
	}

	@Test
	public void perVoxelNetworkComesBackExactlyWhateverTheTiling() {
		final int sx = 37, sy = 29, sz = 23;
		final float[] voxels = TestModels.blobs(sx, sy, sz, 3);
		final Volume<?> v = TestModels.volume(voxels, sx, sy, sz);
		final PerVoxelNetwork net = new PerVoxelNetwork(3, 5);
		@SuppressWarnings({ "rawtypes", "unchecked" })
		final NormalizationStats stats = net.model.metadata().normalization().compute((Volume) v);
		final List<TiledPredictor.Builder> setups = new ArrayList<>();
		setups.add(TiledPredictor.of(net.model).tile(new int[] { 10, 12, 14 })); // Gaussian, default overlap
		setups.add(TiledPredictor.of(net.model).tile(new int[] { 8, 6, 16 }).overlap(new int[] { 2, 4, 6 }).batch(3));
		setups.add(TiledPredictor.of(net.model).tile(new int[] { 12, 10, 8 }).blending(Blending.LINEAR));
		setups.add(TiledPredictor.of(net.model).tile(new int[] { 30, 30, 30 }).blending(Blending.CROP));
		setups.add(TiledPredictor.of(net.model).tile(new int[] { 16, 16, 16 }).flips(true));
		for (final TiledPredictor.Builder b : setups) {
			final float[][] p = predict(net.model, v, b);
			double max = 0;
			for (int i = 0; i < voxels.length; i++) {
				final double n = (voxels[i] - stats.low(0)) / (stats.high(0) - stats.low(0));
				for (int k = 0; k < 3; k++)
					max = Math.max(max, Math.abs(p[k][i] - net.probability(n, k)));
			}
			assertTrue(b.build().plan(v) + ": max difference " + max, max < 1e-5);
		}
	}

	@Test
	public void withAHaloOfTheReceptiveFieldTiledEqualsSingleTile() {
		final int sx = 32, sy = 28, sz = 24;
		final Volume<?> v = TestModels.volume(TestModels.blobs(sx, sy, sz, 4), sx, sy, sz);
		final UNet3DConfig isotropic = UNet3DConfig.builder().depth(2).baseFilters(4).classes(2).build();
		final UNet3DConfig anisotropic = UNet3DConfig.builder().depth(2).baseFilters(4).classes(3).pooling(new int[][] {
			{ 1, 2, 2 }, { 2, 2, 2 } }).build();
		final UNet3DConfig inPlane = anisotropic.toBuilder().kernels(new int[][] { { 1, 3, 3 }, { 3, 3, 3 }, { 3, 3,
			3 } }).build();
		for (final UNet3DConfig c : new UNet3DConfig[] { isotropic, anisotropic, inPlane }) {
			final SegmentationModel m = TestModels.randomUNet(c, 11);
			final float[][] single = singleTile(m, v);
			// halo = receptive-field radius (rounded up to the pooling grid); interiors of 8-16 voxels
			final int[] tile = c == isotropic ? new int[] { 64, 72, 72 } : c == anisotropic ? new int[] { 40, 64, 72 }
				: new int[] { 28, 64, 72 };
			final TiledPredictor.Builder b = TiledPredictor.of(m).blending(Blending.CROP).tile(tile);
			final TilePlan plan = b.memory(BUDGET).build().plan(v);
			assertTrue(plan.toString(), plan.tiles() >= 8);
			final double max = maxDifference(single, predict(m, v, b));
			System.out.println(String.format(Locale.ROOT, "Tiled vs single tile (%s, %s): max |difference| %.2e", c,
				plan, max));
			assertTrue(plan + ": max difference " + max, max < 1e-4);
		}
	}

	/**
	 * The exact reach of a depth-2 U-Net is 23 voxels (measured by perturbing the input); the
	 * configured radius, 26, is a little conservative. A halo of 24 still gives the single-tile
	 * result, a halo of 20 does not.
	 */
	@Test
	public void haloBelowTheReceptiveFieldIsNotExact() {
		final int sx = 32, sy = 28, sz = 24;
		final Volume<?> v = TestModels.volume(TestModels.blobs(sx, sy, sz, 4), sx, sy, sz);
		final UNet3DConfig c = UNet3DConfig.builder().depth(2).baseFilters(4).classes(2).build();
		assertEquals(26, c.receptiveFieldRadius()[0]);
		final SegmentationModel m = TestModels.randomUNet(c, 11);
		final float[][] single = singleTile(m, v);
		final double at24 = maxDifference(single, predict(m, v, TiledPredictor.of(m).blending(Blending.CROP)
			.tile(new int[] { 64, 64, 64 }).overlap(new int[] { 48, 48, 48 })));
		final double at20 = maxDifference(single, predict(m, v, TiledPredictor.of(m).blending(Blending.CROP)
			.tile(new int[] { 56, 56, 56 }).overlap(new int[] { 40, 40, 40 })));
		System.out.println(String.format(Locale.ROOT, "Halo 24: max |difference| %.2e; halo 20: %.2e", at24, at20));
		assertTrue("halo 24: " + at24, at24 < 1e-4);
		assertTrue("halo 20: " + at20, at20 > 2e-4 && at20 > 100 * at24);
	}

	@Test
	public void defaultBlendingGivesTheSingleTileLabelsWithoutSeams() {
		final int sx = 100, sy = 90, sz = 70;
		final Volume<?> v = TestModels.volume(TestVolumes.ballArrays(sx, sy, sz, 120, 7).image, sx, sy, sz);
		final float[][] single = singleTile(trained, v);
		final int[] tile = { 48, 48, 48 };
		final TiledPredictor.Builder blended = TiledPredictor.of(trained).tile(tile);
		final TilePlan plan = blended.memory(BUDGET).build().plan(v);
		final float[][] p = predict(trained, v, blended);
		final Seams seams = new Seams(single, p, plan, sx, sy, sz);
		// the control: tiles that just abut, each voxel from one tile (no overlap, no blending)
		final TiledPredictor.Builder abutting = TiledPredictor.of(trained).tile(tile).blending(Blending.CROP)
			.overlap(new int[] { 0, 0, 0 });
		final Seams control = new Seams(single, predict(trained, v, abutting), abutting.memory(BUDGET).build().plan(v),
			sx, sy, sz);
		System.out.println(String.format(Locale.ROOT, "Blended (%s): labels agree on %.3f %% of voxels, max |difference| " +
			"%.3f; seam statistic %.3f (interior %.3f). Abutting tiles: %.3f %%, seam statistic %.3f (interior %.3f)",
			plan, 100 * seams.agreement, seams.maxDifference, seams.border, seams.interior, 100 * control.agreement,
			control.border, control.interior));
		assertTrue("foreground present: " + seams.foreground, seams.foreground > 0.05 && seams.foreground < 0.95);
		assertTrue("agreement " + seams.agreement, seams.agreement >= 0.995);
		assertTrue("seam " + seams.border + " vs interior " + seams.interior, seams.border <= Math.max(seams.interior,
			0.05));
		assertTrue("the statistic sees the seams of abutting tiles: " + control.border + " vs interior " +
			control.interior, control.border > 0.2 && control.border > control.interior);
	}

	/**
	 * Seam statistic: for each pair of neighbouring planes along x, y and z, the mean absolute step of
	 * the probabilities from one plane to the next, divided by the same step of the single-tile
	 * prediction. A seam makes this ratio jump at tile borders. {@code border}: the largest deviation
	 * of the ratio from 1 at a pair of planes on either side of a tile border; {@code interior}: the
	 * largest deviation elsewhere (the planes next to the stack border excluded).
	 */
	private static final class Seams {

		double border, interior, agreement, maxDifference, foreground;

		Seams(final float[][] single, final float[][] tiled, final TilePlan plan, final int sx, final int sy,
			final int sz)
		{
			final int[] size = { sz, sy, sx };
			final int n = single[0].length;
			long agree = 0, fg = 0;
			for (int i = 0; i < n; i++) {
				final int a = LabelMaker.argmax(single, i), b = LabelMaker.argmax(tiled, i);
				if (a == b) agree++;
				if (a != 0) fg++;
				for (int k = 0; k < single.length; k++)
					maxDifference = Math.max(maxDifference, Math.abs(single[k][i] - tiled[k][i]));
			}
			agreement = (double) agree / n;
			foreground = (double) fg / n;
			for (int axis = 0; axis < 3; axis++) {
				final int len = size[axis];
				final boolean[] isBorder = new boolean[len - 1];
				for (int i = 0; i < plan.tiles(axis); i++) {
					final long start = plan.grid(axis).origin(i) + plan.haloZYX()[axis];
					final long end = plan.grid(axis).origin(i) + plan.tileZYX()[axis] - plan.haloZYX()[axis];
					if (start >= 1 && start < len) isBorder[(int) start - 1] = true;
					if (end >= 1 && end < len) isBorder[(int) end - 1] = true;
				}
				final double[] a = steps(single, axis, sx, sy, sz);
				final double[] b = steps(tiled, axis, sx, sy, sz);
				for (int i = 2; i < len - 3; i++) {
					final double dev = Math.abs(b[i] / a[i] - 1);
					if (isBorder[i]) border = Math.max(border, dev);
					else interior = Math.max(interior, dev);
				}
			}
		}

		/** Mean |p(i + 1) - p(i)| over each plane pair (i, i + 1) along an axis (0 z, 1 y, 2 x), all classes. */
		private static double[] steps(final float[][] p, final int axis, final int sx, final int sy, final int sz) {
			final int[] stride = { sx * sy, sx, 1 };
			final int[] size = { sz, sy, sx };
			final double[] s = new double[size[axis] - 1];
			for (int z = 0; z < sz; z++)
				for (int y = 0; y < sy; y++)
					for (int x = 0; x < sx; x++) {
						final int[] pos = { z, y, x };
						if (pos[axis] == size[axis] - 1) continue;
						final int i = x + sx * (y + sy * z);
						for (final float[] pk : p)
							s[pos[axis]] += Math.abs(pk[i + stride[axis]] - pk[i]);
					}
			return s;
		}
	}

	@Test
	public void slicesAreHandedOnWhileLaterTilesAreStillToCome() {
		final int sx = 24, sy = 20, sz = 60;
		final Volume<?> v = TestModels.volume(TestModels.blobs(sx, sy, sz, 8), sx, sy, sz);
		final PerVoxelNetwork net = new PerVoxelNetwork(2, 1);
		final AtomicInteger calls = new AtomicInteger();
		final List<String> order = new ArrayList<>();
		final Progress progress = new Progress() {

			@Override
			public void status(final String message) {}

			@Override
			public void progress(final long done, final long total) {
				calls.incrementAndGet();
			}

			@Override
			public boolean isCanceled() {
				return false;
			}
		};
		final TiledPredictor p = TiledPredictor.of(net.model).tile(new int[] { 16, 24, 24 }).batch(1).memory(BUDGET)
			.build();
		final TilePlan plan = p.plan(v);
		assertTrue(plan.toString(), plan.tiles(0) >= 4);
		p.predict(v, (z, probabilities) -> order.add(z + "@" + calls.get()), progress);
		assertEquals(sz, order.size());
		final int callsAtFirstSlice = Integer.parseInt(order.get(0).split("@")[1]);
		assertTrue("first slice after " + callsAtFirstSlice + " of " + plan.tiles() + " tiles", callsAtFirstSlice <= 2);
	}

	@Test
	public void cancelStopsBeforeTheNextBatch() {
		final Volume<?> v = TestModels.volume(TestModels.blobs(30, 30, 30, 8), 30, 30, 30);
		final PerVoxelNetwork net = new PerVoxelNetwork(2, 1);
		final AtomicInteger batches = new AtomicInteger();
		final Progress cancelAfterTwo = new Progress() {

			@Override
			public void status(final String message) {}

			@Override
			public void progress(final long done, final long total) {
				batches.incrementAndGet();
			}

			@Override
			public boolean isCanceled() {
				return batches.get() >= 2;
			}
		};
		try {
			TiledPredictor.of(net.model).tile(new int[] { 8, 8, 8 }).batch(1).memory(BUDGET).build().predict(v, (z,
				p) -> {}, cancelAfterTwo);
			throw new AssertionError("not canceled");
		}
		catch (final CancellationException e) {
			assertEquals(2, batches.get());
		}
	}
}
