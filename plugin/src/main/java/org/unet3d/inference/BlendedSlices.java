package org.unet3d.inference;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.TreeMap;

import org.unet3d.planning.TileGrid;
import org.unet3d.planning.TilePlan;

/**
 * The slices that overlapping tiles are being blended into: each tile's class probabilities, times
 * its {@link BlendWindow}, are added into the slices it covers; a slice that no later tile touches
 * is divided by its sum of weights, handed to a {@link SliceSink} in z order, and its buffers are
 * reused. So only about one tile depth of slices (K float planes each) is held, whatever the stack.
 */
final class BlendedSlices {

	private final SliceSink sink;
	private final int classes;
	private final int[] t;
	private final int tv;
	private final long w, h, d;
	private final int sliceLen;
	private final float[] window;
	private final float[] invX, invY, invZ;
	private final TreeMap<Long, float[][]> open = new TreeMap<>();
	private final ArrayDeque<float[][]> free = new ArrayDeque<>();
	private long next;

	/** Slices of a stack {@code w x h x d} tiled by {@code plan}, for {@code classes} probabilities. */
	BlendedSlices(final TilePlan plan, final long w, final long h, final long d, final int classes,
		final SliceSink sink)
	{
		this.sink = sink;
		this.classes = classes;
		this.w = w;
		this.h = h;
		this.d = d;
		t = plan.tileZYX();
		tv = t[0] * t[1] * t[2];
		sliceLen = (int) (w * h);
		final BlendWindow bw = BlendWindow.of(plan.blending(), t, plan.haloZYX());
		window = bw.weights();
		invZ = inverseWeightSums(plan.grid(0), bw.profile(0), d, "z");
		invY = inverseWeightSums(plan.grid(1), bw.profile(1), h, "y");
		invX = inverseWeightSums(plan.grid(2), bw.profile(2), w, "x");
	}

	/**
	 * Adds tile {@code b} of a batch of class probabilities {@code [n, K, z, y, x]}, weighted, into
	 * the slices it covers.
	 *
	 * @param originXYZ the tile's origin in the stack (negative or beyond it in the mirrored margin)
	 */
	void add(final float[] probs, final int b, final long[] originXYZ) {
		final int tx = t[2], ty = t[1], tz = t[0];
		final int x0 = (int) Math.max(0, -originXYZ[0]);
		final int x1 = (int) Math.min(tx, w - originXYZ[0]);
		final int y0 = (int) Math.max(0, -originXYZ[1]);
		final int y1 = (int) Math.min(ty, h - originXYZ[1]);
		for (int z = 0; z < tz; z++) {
			final long gz = originXYZ[2] + z;
			if (gz < 0 || gz >= d) continue;
			float[][] acc = open.get(gz);
			if (acc == null) {
				acc = free.isEmpty() ? new float[classes][sliceLen] : free.pop();
				open.put(gz, acc);
			}
			for (int y = y0; y < y1; y++) {
				final int tileRow = (z * ty + y) * tx;
				final int sliceRow = (int) ((originXYZ[1] + y) * w + originXYZ[0]);
				for (int k = 0; k < classes; k++) {
					final float[] sum = acc[k];
					final int base = (b * classes + k) * tv + tileRow;
					for (int x = x0; x < x1; x++)
						sum[sliceRow + x] += window[tileRow + x] * probs[base + x];
				}
			}
		}
	}

	/** Hands on, in z order, every slice before {@code z} not handed on yet (no later tile may touch them). */
	void finishBelow(final long z) {
		for (final long end = Math.min(d, z); next < end; next++)
			emit(next);
	}

	private void emit(final long z) {
		final float[][] acc = open.remove(z);
		if (acc == null) throw new IllegalStateException("Slice " + z + " was not covered by any tile");
		final float sz = invZ[(int) z];
		for (int y = 0; y < h; y++) {
			final float sy = sz * invY[y];
			final int row = (int) (y * w);
			for (int k = 0; k < classes; k++) {
				final float[] a = acc[k];
				for (int x = 0; x < w; x++)
					a[row + x] *= sy * invX[x];
			}
		}
		sink.accept(z, acc);
		for (final float[] a : acc)
			Arrays.fill(a, 0f);
		free.push(acc);
	}

	/**
	 * 1 / (sum of the blending weights of all tiles) at each position along one axis: the weights are
	 * products of per-axis profiles and the tiles a product of per-axis grids, so the sum of the
	 * weights at a voxel is the product of these per-axis sums.
	 */
	static float[] inverseWeightSums(final TileGrid grid, final float[] profile, final long size, final String axis) {
		final double[] sum = new double[(int) size];
		for (int i = 0; i < grid.count(); i++) {
			final long o = grid.origin(i);
			for (int p = 0; p < profile.length; p++) {
				final long pos = o + p;
				if (pos >= 0 && pos < size) sum[(int) pos] += profile[p];
			}
		}
		final float[] inv = new float[(int) size];
		for (int p = 0; p < size; p++) {
			if (!(sum[p] > 0)) throw new IllegalStateException("Position " + p + " along " + axis + " is covered by no " +
				"tile (" + grid + ")");
			inv[p] = (float) (1 / sum[p]);
		}
		return inv;
	}
}
