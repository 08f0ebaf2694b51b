package org.unet3d.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import net.imglib2.img.planar.PlanarImg;

import org.unet3d.data.NormalizationStats;
import org.unet3d.data.PlaneCache;
import org.unet3d.data.PreprocessedStack;
import org.unet3d.data.Volume;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.NotEnoughMemoryException;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.planning.Blending;
import org.unet3d.planning.MemoryBudget;
import org.unet3d.planning.TileGrid;
import org.unet3d.planning.TilePlan;
import org.unet3d.planning.TilePlanner;
import org.unet3d.planning.TilingOptions;
import org.unet3d.progress.Progress;

/**
 * Segments a stack of any size by sliding-window inference: overlapping tiles (mirrored beyond the
 * stack), read from the input one z-row of tiles at a time, batched through the network, optionally
 * averaged over flipped copies, blended with a {@link BlendWindow} into the slices they cover
 * ({@link BlendedSlices}), and handed on slice by slice in z order as soon as no later tile touches
 * a slice. Memory therefore depends on the tile size
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
	private final TilingOptions tiling;
	private final Normalization normalization;
	private final MemoryBudget budget;

	private TiledPredictor(final Builder b) {
		this.model = b.model;
		this.tiling = b.tiling.build();
		this.normalization = b.normalization;
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
		return TilePlanner.plan(model.config(), image.shapeZYX(), image.voxelSize(), cache == null ? 0 : cache
			.planeBytes(), tiling, budget != null ? budget : MemoryBudget.detect());
	}

	/** Number of classes the model tells apart (and of probability channels). */
	public int classes() {
		return model.config().classes();
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

	/** The state of one prediction: the tile buffer and the slices being blended. */
	private final class Run {

		private final Volume<?> image;
		private final TilePlan plan;
		private final Progress progress;
		private final int classes;
		private final int channels;
		private final int[] t;
		private final int tv;
		private final int nb;
		private final BlendedSlices slices;

		Run(final Volume<?> image, final TilePlan plan, final SliceSink sink, final Progress progress) {
			this.image = image;
			this.plan = plan;
			this.progress = progress;
			classes = model.config().classes();
			channels = image.channels();
			t = plan.tileZYX();
			tv = t[0] * t[1] * t[2];
			nb = plan.batch();
			slices = new BlendedSlices(plan, image.width(), image.height(), image.depth(), classes, sink);
		}

		void run(final NormalizationStats stats) {
			final PreprocessedStack input = model.metadata().preprocessing().prepare(image, stats, progress);
			try (TilePredictions network = new TilePredictions(model, channels, t, plan.flips())) {
				run(input, network);
			}
		}

		private void run(final PreprocessedStack input, final TilePredictions network) {
			final int[] sizeXYZ = { t[2], t[1], t[0] };
			final TileGrid gz = plan.grid(0), gy = plan.grid(1), gx = plan.grid(2);
			// batches never span two rows of tiles in z: after a row, the slices above the next are done
			final List<long[][]> batches = new ArrayList<>();
			final List<Long> finishedBelow = new ArrayList<>();
			for (int iz = 0; iz < gz.count(); iz++) {
				final List<long[]> row = new ArrayList<>();
				for (int iy = 0; iy < gy.count(); iy++)
					for (int ix = 0; ix < gx.count(); ix++)
						row.add(new long[] { gx.origin(ix), gy.origin(iy), gz.origin(iz) });
				for (int from = 0; from < row.size(); from += nb) {
					final int to = Math.min(row.size(), from + nb);
					batches.add(row.subList(from, to).toArray(new long[0][]));
					finishedBelow.add(to < row.size() ? -1 : iz + 1 < gz.count() ? gz.origin(iz + 1) : Long.MAX_VALUE);
				}
			}
			final long total = plan.tiles();
			final long[] done = { 0 };
			progress.status("Segmenting " + image + ": " + plan);
			try {
				new TilePipeline().run(batches.size(), nb * channels * tv, nb * classes * tv, (i, features) -> {
					final long[][] origins = batches.get((int) i);
					for (int b = 0; b < origins.length; b++)
						for (int c = 0; c < channels; c++)
							input.read(c, origins[b], sizeXYZ, features, (b * channels + c) * tv);
					return origins.length;
				}, (features, n, probs) -> {
					network.predict(features, n, probs);
					done[0] += n; // reported as the network finishes a batch, so a cancel stops before the next
					progress.progress(done[0], total);
				}, (i, probs, n) -> {
					final long[][] origins = batches.get((int) i);
					for (int b = 0; b < n; b++)
						slices.add(probs, b, origins[b]);
					final long below = finishedBelow.get((int) i);
					if (below >= 0) slices.finishBelow(below);
				}, progress::isCanceled);
			}
			catch (final RuntimeException | Error e) {
				throw e;
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new CancellationException("Segmentation interrupted");
			}
			catch (final Exception e) {
				throw new UncheckedIOException(e instanceof IOException ? (IOException) e : new IOException(e));
			}
		}

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
		private TilingOptions.Builder tiling = TilingOptions.builder();
		private Normalization normalization = Normalization.PER_STACK;
		private MemoryBudget budget;

		Builder(final SegmentationModel model) {
			this.model = model;
		}

		/** Tile size z, y, x; null = automatic. See {@link TilingOptions.Builder#tile}. */
		public Builder tile(final int[] zyx) {
			tiling.tile(zyx);
			return this;
		}

		/** Overlap z, y, x; null = automatic. See {@link TilingOptions.Builder#overlap}. */
		public Builder overlap(final int[] zyx) {
			tiling.overlap(zyx);
			return this;
		}

		/** Tiles per network call; 0 = automatic. */
		public Builder batch(final int n) {
			tiling.batch(n);
			return this;
		}

		public Builder blending(final Blending b) {
			tiling.blending(b);
			return this;
		}

		/** Test-time flips (8 passes per tile). See {@link TilingOptions.Builder#flips}. */
		public Builder flips(final boolean on) {
			tiling.flips(on);
			return this;
		}

		public Builder normalization(final Normalization n) {
			this.normalization = n;
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
