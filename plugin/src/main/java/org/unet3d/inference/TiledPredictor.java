package org.unet3d.inference;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

import net.imglib2.img.planar.PlanarImg;

import org.unet3d.data.NormalizationStats;
import org.unet3d.data.PreprocessedStack;
import org.unet3d.data.Volume;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.NotEnoughMemoryException;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.progress.Progress;

/**
 * Segments a stack of any size by sliding-window inference: overlapping tiles (mirrored beyond the
 * stack), read from the input one z-row of tiles at a time, batched through the network, blended
 * with a {@link BlendWindow}, optionally averaged over flipped copies, and handed on slice by slice
 * in z order as soon as no later tile touches a slice. Memory therefore depends on the tile size
 * and one slab of slices, not on the stack. Intensities are normalized once for the whole stack
 * (never per tile), and enhanced with CLAHE if the model was trained so (which holds the enhanced
 * stack in memory as 32-bit). Tile size, overlap and batch are chosen from the model and the free memory
 * when not given ({@link #plan}).
 */
public final class TiledPredictor {

	/** Where the normalization of a new stack comes from. */
	public enum Normalization {
		/** Percentiles of the stack being segmented (robust to other acquisitions); the default. */
		PER_STACK,
		/** The intensity range of the training data, stored in the model (for calibrated data such as CT). */
		TRAINING
	}

	private final SegmentationModel model;
	private final int[] tile;
	private final int[] overlap;
	private final int batch;
	private final BlendWindow.Mode mode;
	private final Normalization normalization;
	private final boolean flips;
	private final MemoryBudget budget;

	private TiledPredictor(final Builder b) {
		this.model = b.model;
		this.tile = b.tile;
		this.overlap = b.overlap;
		this.batch = b.batch;
		this.mode = b.mode;
		this.normalization = b.normalization;
		this.flips = b.flips;
		this.budget = b.budget;
	}

	/** Starts configuring a predictor for a model. */
	public static Builder of(final SegmentationModel model) {
		return new Builder(model);
	}

	/** The tiling that would be used for a stack held in memory. */
	public TilePlan plan(final Volume<?> image) {
		return plan(image, null);
	}

	/** The tiling that would be used for a stack, read through {@code cache} if not null. */
	public TilePlan plan(final Volume<?> image, final PlaneCache cache) {
		final TilePlanner.Request r = new TilePlanner.Request();
		r.net = model.config();
		r.shapeZYX = image.shapeZYX();
		r.voxelSize = image.voxelSize();
		r.tile = tile;
		r.overlap = overlap;
		r.batch = batch;
		r.mode = mode;
		r.flips = flips;
		r.budget = budget != null ? budget : MemoryBudget.detect();
		r.cachedPlaneBytes = cache == null ? 0 : cache.planeBytes();
		return TilePlanner.plan(r);
	}

	/**
	 * Segments a stack into a label image held in memory (8-bit up to 256 classes, else 16-bit).
	 *
	 * @throws CancellationException if the user canceled
	 */
	public PlanarImg<?, ?> segment(final Volume<?> image, final Progress progress) {
		final LabelImageSink labels = new LabelImageSink(image.width(), image.height(), image.depth(), model.config()
			.classes());
		predict(image, labels, progress);
		return labels.labels();
	}

	/**
	 * Predicts class probabilities of a whole stack held in memory, handing finished slices to
	 * {@code sink} in z order.
	 *
	 * @throws IllegalArgumentException if the stack's channels differ from the model's
	 * @throws CancellationException if the user canceled
	 */
	public TilePlan predict(final Volume<?> image, final SliceSink sink, final Progress progress) {
		return predict(image, null, sink, progress);
	}

	/**
	 * Predicts class probabilities of a whole stack, handing finished slices to {@code sink} in z
	 * order.
	 *
	 * @param cache the input's plane cache if it is read from disk (told how many planes a row of
	 *          tiles needs), else null
	 * @return the tiling used
	 * @throws IllegalArgumentException if the stack's channels differ from the model's
	 * @throws CancellationException if the user canceled
	 */
	public TilePlan predict(final Volume<?> image, final PlaneCache cache, final SliceSink sink,
		final Progress progress)
	{
		final UNet3DConfig net = model.config();
		if (image.channels() != net.inputChannels()) throw new IllegalArgumentException("The model was trained on " +
			net.inputChannels() + "-channel images, but this image has " + image.channels() + " channel(s). Use an image " +
			"with the same channels as the training data, or train a model for this one.");
		net.checkStackSize(image.shapeZYX(), "The image", "a model with fewer levels (train one with a smaller depth)");
		if (image.width() * image.height() > Integer.MAX_VALUE / 2) throw new IllegalArgumentException(
			"Slices of " + image.width() + " x " + image.height() + " pixels are too large (over 2^30 pixels)");
		final TilePlan plan = plan(image, cache);
		final int[] t = plan.tileZYX();
		final int channels = image.channels();
		if (cache != null) cache.reserve((int) Math.min(Integer.MAX_VALUE / 2, channels * Math.min(image.depth(),
			(long) t[0] + plan.overlapZYX()[0])));
		final NormalizationStats stats = stats(image, progress);
		try {
			new Run(image, plan, sink, progress).run(stats);
		}
		catch (final OutOfMemoryError | RuntimeException e) {
			if (!NotEnoughMemoryException.isOutOfMemory(e)) throw e;
			final int[] smaller = NotEnoughMemoryException.half(t, net.sizeMultiple());
			throw new NotEnoughMemoryException("Segmentation ran out of memory with tile " + NotEnoughMemoryException.zyx(
				t) + " and batch " + plan.batch() + " (" + NotEnoughMemoryException.reason(e) + "). Try tile=" +
				NotEnoughMemoryException.zyx(smaller) + " (half the current)" + (plan.batch() > 1 ? " and batch=1" : "") +
				", or give Java more memory.", e);
		}
		return plan;
	}

	/** The state of one prediction: buffers, the open slices and the blending weights. */
	private final class Run {

		private final Volume<?> image;
		private final TilePlan plan;
		private final SliceSink sink;
		private final Progress progress;
		private final int classes;
		private final int channels;
		private final int[] t;
		private final int tv;
		private final int nb;
		private final long w, h, d;
		private final int sliceLen;
		private final float[] window;
		private final float[] invX, invY, invZ;
		private final TreeMap<Long, float[][]> open = new TreeMap<>();
		private final ArrayDeque<float[][]> free = new ArrayDeque<>();

		Run(final Volume<?> image, final TilePlan plan, final SliceSink sink, final Progress progress) {
			this.image = image;
			this.plan = plan;
			this.sink = sink;
			this.progress = progress;
			classes = model.config().classes();
			channels = image.channels();
			t = plan.tileZYX();
			tv = t[0] * t[1] * t[2];
			nb = plan.batch();
			w = image.width();
			h = image.height();
			d = image.depth();
			sliceLen = (int) (w * h);
			final BlendWindow bw = BlendWindow.of(plan.blending(), t, plan.haloZYX());
			window = bw.weights();
			invZ = inverseWeightSums(plan.grid(0), bw.profile(0), d, "z");
			invY = inverseWeightSums(plan.grid(1), bw.profile(1), h, "y");
			invX = inverseWeightSums(plan.grid(2), bw.profile(2), w, "x");
		}

		void run(final NormalizationStats stats) {
			final PreprocessedStack input = model.metadata().preprocessing().prepare(image, stats, progress);
			final TilePredictions network = new TilePredictions(model, channels, t, plan.flips());
			final int[] sizeXYZ = { t[2], t[1], t[0] };
			final float[] features = new float[nb * channels * tv];
			final long[][] origins = new long[nb][];
			final TileGrid gz = plan.grid(0), gy = plan.grid(1), gx = plan.grid(2);
			final long total = plan.tiles();
			long done = 0;
			long nextEmit = 0;
			progress.status("Segmenting " + image + ": " + plan);
			for (int iz = 0; iz < gz.count(); iz++) {
				int inBatch = 0;
				for (int iy = 0; iy < gy.count(); iy++)
					for (int ix = 0; ix < gx.count(); ix++) {
						final long[] o = { gx.origin(ix), gy.origin(iy), gz.origin(iz) };
						for (int c = 0; c < channels; c++) {
							final int off = (inBatch * channels + c) * tv;
							input.read(c, o, sizeXYZ, features, off);
						}
						origins[inBatch++] = o;
						if (inBatch == nb || iy == gy.count() - 1 && ix == gx.count() - 1) {
							if (progress.isCanceled()) throw new CancellationException("Segmentation canceled");
							final float[] probs = network.predict(features, inBatch);
							for (int b = 0; b < inBatch; b++)
								accumulate(probs, b, origins[b]);
							done += inBatch;
							inBatch = 0;
							progress.progress(done, total);
						}
					}
				final long complete = iz + 1 < gz.count() ? Math.min(d, gz.origin(iz + 1)) : d;
				for (; nextEmit < complete; nextEmit++)
					emit(nextEmit);
			}
		}

		private void accumulate(final float[] probs, final int b, final long[] originXYZ) {
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

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private NormalizationStats stats(final Volume image, final Progress progress) {
		if (normalization == Normalization.TRAINING) {
			final NormalizationStats s = model.metadata().trainingStats();
			if (s == null) throw new IllegalArgumentException("This model does not store the training intensity " +
				"range; use per-stack normalization.");
			return s;
		}
		progress.status("Computing intensity percentiles of the whole stack...");
		return model.metadata().normalization().compute(image);
	}

	/** Configures a {@link TiledPredictor}; every setting has a default chosen from the model. */
	public static final class Builder {

		private final SegmentationModel model;
		private int[] tile;
		private int[] overlap;
		private int batch;
		private BlendWindow.Mode mode = BlendWindow.Mode.GAUSSIAN;
		private Normalization normalization = Normalization.PER_STACK;
		private boolean flips;
		private MemoryBudget budget;

		Builder(final SegmentationModel model) {
			this.model = model;
		}

		/** Tile size z, y, x (multiples of the pooling product); null = automatic. */
		public Builder tile(final int[] zyx) {
			this.tile = zyx == null ? null : zyx.clone();
			return this;
		}

		/**
		 * Overlap between neighbouring tiles, z, y, x, in voxels; null = a quarter tile (GAUSSIAN,
		 * LINEAR) or twice the receptive-field radius (CROP).
		 */
		public Builder overlap(final int[] zyx) {
			this.overlap = zyx == null ? null : zyx.clone();
			return this;
		}

		/** Tiles per network call; 0 = automatic (more for small tiles, within the memory budget). */
		public Builder batch(final int n) {
			if (n < 0) throw new IllegalArgumentException("Batch must be >= 1 (or 0 for automatic), got " + n);
			this.batch = n;
			return this;
		}

		public Builder blending(final BlendWindow.Mode m) {
			this.mode = m;
			return this;
		}

		public Builder normalization(final Normalization n) {
			this.normalization = n;
			return this;
		}

		/**
		 * Test-time augmentation: predict every tile also mirrored along x, y, z and their combinations
		 * (8 passes) and average the probabilities. 8 times slower; smoother, often slightly better.
		 */
		public Builder flips(final boolean on) {
			this.flips = on;
			return this;
		}

		/** Memory to plan tiles for; default: what the JVM has free when a stack is segmented. */
		public Builder memory(final MemoryBudget b) {
			this.budget = b;
			return this;
		}

		public TiledPredictor build() {
			return new TiledPredictor(this);
		}
	}
}
