package org.unet3d.inference;

import java.util.Arrays;
import java.util.concurrent.CancellationException;

import net.imglib2.Interval;

import org.unet3d.data.NormalizationStats;
import org.unet3d.data.PreprocessedStack;
import org.unet3d.data.Volume;
import org.unet3d.model.SegmentationModel;
import org.unet3d.planning.TileGrid;
import org.unet3d.planning.TilePlan;
import org.unet3d.progress.Progress;

/**
 * Segments one block of a stack at a time, for a segmentation spread over many workers (each
 * with its own BlockSegmenter): for a block it evaluates exactly the tiles of the stack's
 * {@link TilePlan} that touch the block, in the order {@link TiledPredictor} evaluates them,
 * through the same network call ({@link TilePredictions}), and blends them with the same
 * {@link BlendWindow} weights and the same per-axis weight sums as {@link BlendedSlices}, into the block's voxels only. Every
 * voxel therefore receives the same weighted tile probabilities, added up in the same order, as in
 * TiledPredictor: the blocks of a stack, segmented anywhere and in any order, together equal
 * TiledPredictor's probabilities bit for bit, and so its labels. Tiles reach beyond the block by up
 * to a tile (the halo each block reads), mirrored at the stack border as in TiledPredictor; tiles
 * that touch several blocks are evaluated once per block ({@link #tiles} counts them).
 * <p>
 * The stack is read through {@link Volume} (e.g. a lazily read OME-Zarr), normalized with
 * statistics of the whole stack computed beforehand (see {@link org.unet3d.data.IntensitySample}).
 * CLAHE needs the whole stack at once and is refused. Not thread-safe: one per thread.
 */
public final class BlockSegmenter {

	private final TilePlan plan;
	private final int classes;
	private final int channels;
	private final int[] t;
	private final int tv;
	private final float[] window;
	private final float[] invX, invY, invZ;
	private final PreprocessedStack input;
	private final TilePredictions network;
	private final long[] dims;

	/**
	 * @param plan the tiling of the whole stack, the same for every block (made once, e.g. by
	 *          {@link TiledPredictor#plan})
	 * @param stats the normalization of the whole stack
	 * @throws IllegalArgumentException if the model needs CLAHE, or the stack's channels or size do
	 *           not fit the model or the plan
	 */
	public BlockSegmenter(final SegmentationModel model, final TilePlan plan, final NormalizationStats stats,
		final Volume<?> image)
	{
		if (!model.metadata().preprocessing().clahe().isOff()) throw new IllegalArgumentException("This model " +
			"enhances contrast with CLAHE (" + model.metadata().preprocessing().clahe() + "), which needs the whole " +
			"stack at once: segment it block by block is not possible. Segment on one machine (segment command), or " +
			"train a model without CLAHE.");
		if (image.channels() != model.config().inputChannels()) throw new IllegalArgumentException("The model was " +
			"trained on " + model.config().inputChannels() + "-channel images, but this image has " + image.channels() +
			" channel(s).");
		this.plan = plan;
		classes = model.config().classes();
		channels = image.channels();
		t = plan.tileZYX();
		tv = t[0] * t[1] * t[2];
		dims = new long[] { image.width(), image.height(), image.depth() };
		final BlendWindow bw = BlendWindow.of(plan.blending(), t, plan.haloZYX());
		window = bw.weights();
		invZ = BlendedSlices.inverseWeightSums(plan.grid(0), bw.profile(0), dims[2], "z");
		invY = BlendedSlices.inverseWeightSums(plan.grid(1), bw.profile(1), dims[1], "y");
		invX = BlendedSlices.inverseWeightSums(plan.grid(2), bw.profile(2), dims[0], "x");
		input = model.metadata().preprocessing().prepare(image, stats, Progress.NONE);
		network = new TilePredictions(model, channels, t, plan.flips());
	}

	/** Number of classes, and of probability arrays {@link #predict} returns. */
	public int classes() {
		return classes;
	}

	/**
	 * Class probabilities of the voxels of a block.
	 *
	 * @param blockXYZ a box inside the stack
	 * @return {@code p[k][x + sx * (y + sy * z)]}, coordinates relative to the block's corner, sizes
	 *         those of the block
	 * @throws CancellationException if canceled
	 */
	public float[][] predict(final Interval blockXYZ, final Progress progress) {
		final long[] min = blockXYZ.minAsLongArray();
		final int[] size = new int[3];
		for (int d = 0; d < 3; d++) {
			if (min[d] < 0 || blockXYZ.max(d) >= dims[d]) throw new IllegalArgumentException("Block " + Arrays.toString(
				min) + " to " + Arrays.toString(blockXYZ.maxAsLongArray()) + " is not inside the stack " + Arrays.toString(
					dims));
			size[d] = (int) blockXYZ.dimension(d);
		}
		final float[][] acc = new float[classes][Math.multiplyExact(Math.multiplyExact(size[0], size[1]), size[2])];
		final int[][] range = new int[3][];
		for (int a = 0; a < 3; a++)
			range[a] = touching(plan.grid(a), min[2 - a], size[2 - a]);
		final long total = (long) (range[0][1] - range[0][0]) * (range[1][1] - range[1][0]) * (range[2][1] -
			range[2][0]);
		final int nb = plan.batch();
		final int[] sizeXYZ = { t[2], t[1], t[0] };
		final float[] features = new float[nb * channels * tv];
		final long[][] origins = new long[nb][];
		final TileGrid gz = plan.grid(0), gy = plan.grid(1), gx = plan.grid(2);
		long done = 0;
		try {
			for (int iz = range[0][0]; iz < range[0][1]; iz++) {
				int inBatch = 0;
				for (int iy = range[1][0]; iy < range[1][1]; iy++)
					for (int ix = range[2][0]; ix < range[2][1]; ix++) {
						final long[] o = { gx.origin(ix), gy.origin(iy), gz.origin(iz) };
						for (int c = 0; c < channels; c++)
							input.read(c, o, sizeXYZ, features, (inBatch * channels + c) * tv);
						origins[inBatch++] = o;
						if (inBatch == nb || iy == range[1][1] - 1 && ix == range[2][1] - 1) {
							if (progress.isCanceled()) throw new CancellationException("Segmentation canceled");
							final float[] probs = network.predict(features, inBatch);
							for (int b = 0; b < inBatch; b++)
								accumulate(acc, min, size, probs, b, origins[b]);
							done += inBatch;
							inBatch = 0;
							progress.progress(done, total);
						}
					}
			}
		}
		finally {
			network.close();
		}
		normalize(acc, min, size);
		return acc;
	}

	/** Indices {from, to} (to exclusive) of the tiles of {@code grid} that overlap {@code min .. min + size - 1}. */
	private static int[] touching(final TileGrid grid, final long min, final int size) {
		int from = 0;
		while (from < grid.count() && grid.origin(from) + grid.tile() <= min)
			from++;
		int to = from;
		while (to < grid.count() && grid.origin(to) < min + size)
			to++;
		return new int[] { from, to };
	}

	/** As TiledPredictor's accumulation, restricted to the block: the same products, added in the same order. */
	private void accumulate(final float[][] acc, final long[] min, final int[] size, final float[] probs,
		final int b, final long[] o)
	{
		final int tx = t[2], ty = t[1], tz = t[0];
		final int x0 = (int) Math.max(0, min[0] - o[0]), x1 = (int) Math.min(tx, min[0] + size[0] - o[0]);
		final int y0 = (int) Math.max(0, min[1] - o[1]), y1 = (int) Math.min(ty, min[1] + size[1] - o[1]);
		final int z0 = (int) Math.max(0, min[2] - o[2]), z1 = (int) Math.min(tz, min[2] + size[2] - o[2]);
		for (int z = z0; z < z1; z++)
			for (int y = y0; y < y1; y++) {
				final int tileRow = (z * ty + y) * tx;
				final int blockRow = (int) (((o[2] + z - min[2]) * size[1] + o[1] + y - min[1]) * size[0] + o[0] - min[0]);
				for (int k = 0; k < classes; k++) {
					final float[] sum = acc[k];
					final int base = (b * classes + k) * tv + tileRow;
					for (int x = x0; x < x1; x++)
						sum[blockRow + x] += window[tileRow + x] * probs[base + x];
				}
			}
	}

	/** Divides by the sum of the weights, as TiledPredictor does for a finished slice (same float products). */
	private void normalize(final float[][] acc, final long[] min, final int[] size) {
		for (int z = 0; z < size[2]; z++) {
			final float sz = invZ[(int) (min[2] + z)];
			for (int y = 0; y < size[1]; y++) {
				final float sy = sz * invY[(int) (min[1] + y)];
				final int row = (z * size[1] + y) * size[0];
				for (int k = 0; k < classes; k++) {
					final float[] a = acc[k];
					for (int x = 0; x < size[0]; x++)
						a[row + x] *= sy * invX[(int) (min[0] + x)];
				}
			}
		}
	}

	/**
	 * Number of tiles a block evaluates (tiles of the plan that touch it). Summed over all blocks and
	 * divided by {@link TilePlan#tiles()}, it is the work of a block-wise run relative to one run over
	 * the whole stack.
	 */
	public static long tiles(final TilePlan plan, final Interval blockXYZ) {
		long n = 1;
		for (int a = 0; a < 3; a++) {
			final int[] r = touching(plan.grid(a), blockXYZ.min(2 - a), (int) blockXYZ.dimension(2 - a));
			n *= r[1] - r[0];
		}
		return n;
	}
}
