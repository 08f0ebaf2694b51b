package org.unet3d.inference;

import java.util.Arrays;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImg;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.unet3d.data.BlockReader;
import org.unet3d.data.NormalizationStats;
import org.unet3d.data.Volume;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.progress.Progress;
import org.unet3d.training.PatchShape;

/**
 * Segments a stack of any size by sliding-window inference: overlapping tiles (mirrored beyond the
 * stack), batched through the network, blended with a {@link BlendWindow}, and handed on slice by
 * slice in z order, so memory depends on the tile size and one slab of slices, not on the stack.
 * Intensities are normalized once for the whole stack (never per tile). Tile size, overlap and
 * batch are chosen from the model when not given.
 */
public final class TiledPredictor {

	/** Tile voxels aimed at by default for 16 base filters (scaled inversely with the filter count). */
	static final long DEFAULT_TILE_VOXELS = 96L * 96 * 96;

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

	private TiledPredictor(final Builder b) {
		this.model = b.model;
		this.tile = b.tile;
		this.overlap = b.overlap;
		this.batch = b.batch;
		this.mode = b.mode;
		this.normalization = b.normalization;
	}

	/** Starts configuring a predictor for a model. */
	public static Builder of(final SegmentationModel model) {
		return new Builder(model);
	}

	/** The tiling that would be used for a stack: tile size, overlap and number of tiles. */
	public Plan plan(final Volume<?> image) {
		final UNet3DConfig net = model.config();
		final int[] m = net.sizeMultiple();
		final long[] shape = image.shapeZYX();
		final int[] rf = net.receptiveFieldRadius();
		final int[] t = new int[3];
		final int[] o = new int[3];
		final int[] margin = new int[3];
		final int[] halo = new int[3];
		final int[] chosen = tile != null ? tile : PatchShape.choose(shape, image.voxelSize(), m, Math.max(32768,
			DEFAULT_TILE_VOXELS * 16 / net.baseFilters()));
		if (tile != null) net.checkSize(tile, "Tile size");
		for (int a = 0; a < 3; a++) {
			if (mode == BlendWindow.Mode.CROP) {
				halo[a] = roundUp(overlap != null ? overlap[a] / 2 : rf[a], m[a]);
				margin[a] = halo[a];
				final long region = TileGrid.region(shape[a], margin[a], m[a]);
				t[a] = (int) Math.min(region, tile != null ? chosen[a] : Math.max(chosen[a], 2 * halo[a] + 2 * m[a]));
				if (t[a] < region && t[a] - 2 * halo[a] < m[a]) throw new IllegalArgumentException(String.format(
					Locale.ROOT, "Tile %s is too small for a halo of %d voxels along %s: make it at least %d.", Arrays
						.toString(tile), halo[a], "zyx".charAt(a), 2 * halo[a] + m[a]));
				o[a] = 2 * halo[a];
			}
			else if (chosen[a] >= shape[a]) { // one tile holds the whole axis: no overlap needed
				o[a] = 0;
				margin[a] = 0;
				t[a] = chosen[a];
			}
			else {
				o[a] = overlap != null ? overlap[a] : roundUp(chosen[a] / 4, m[a]);
				margin[a] = o[a] / 2;
				final long region = TileGrid.region(shape[a], margin[a], m[a]);
				t[a] = (int) Math.min(region, chosen[a]);
				if (o[a] >= t[a] && t[a] < region) throw new IllegalArgumentException(String.format(Locale.ROOT,
					"Overlap %d is not smaller than the tile (%d) along %s.", o[a], t[a], "zyx".charAt(a)));
			}
		}
		final TileGrid[] grids = new TileGrid[3];
		for (int a = 0; a < 3; a++)
			grids[a] = TileGrid.of(shape[a], t[a], margin[a], t[a] - o[a], m[a]);
		return new Plan(t, o, halo, grids);
	}

	/** A tiling: tile size, overlap and halo (z, y, x) and the tile origins per axis. */
	public static final class Plan {

		public final int[] tileZYX;
		public final int[] overlapZYX;
		final int[] haloZYX;
		final TileGrid[] grids; // z, y, x

		Plan(final int[] tile, final int[] overlap, final int[] halo, final TileGrid[] grids) {
			this.tileZYX = tile;
			this.overlapZYX = overlap;
			this.haloZYX = halo;
			this.grids = grids;
		}

		public long tiles() {
			return (long) grids[0].count() * grids[1].count() * grids[2].count();
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%d tiles of %d,%d,%d (z,y,x), overlap %d,%d,%d", tiles(), tileZYX[0],
				tileZYX[1], tileZYX[2], overlapZYX[0], overlapZYX[1], overlapZYX[2]);
		}
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
	 * Predicts class probabilities of a whole stack, handing finished slices to {@code sink} in z order.
	 *
	 * @throws IllegalArgumentException if the stack's channels differ from the model's
	 * @throws CancellationException if the user canceled
	 */
	public void predict(final Volume<?> image, final SliceSink sink, final Progress progress) {
		final UNet3DConfig net = model.config();
		if (image.channels() != net.inputChannels()) throw new IllegalArgumentException("The model was trained on " +
			net.inputChannels() + "-channel images, but this image has " + image.channels() + " channel(s). Use an image " +
			"with the same channels as the training data, or train a model for this one.");
		if ((long) image.width() * image.height() > Integer.MAX_VALUE / 2) throw new IllegalArgumentException(
			"Slices of " + image.width() + " x " + image.height() + " pixels are too large (over 2^30 pixels)");
		final Plan plan = plan(image);
		final NormalizationStats stats = stats(image, progress);
		final int channels = image.channels();
		final int classes = net.classes();
		final int[] t = plan.tileZYX;
		final int[] sizeXYZ = { t[2], t[1], t[0] };
		final int tv = t[0] * t[1] * t[2];
		final BlockReader[] readers = new BlockReader[channels];
		for (int c = 0; c < channels; c++)
			readers[c] = reader(image, c);
		final BlendWindow window = BlendWindow.of(mode, t, plan.haloZYX);
		final int nb = batch > 0 ? batch : 1;
		final float[] features = new float[nb * channels * tv];
		final long w = image.width();
		final long h = image.height();
		final long d = image.depth();
		final int sliceLen = (int) (w * h);
		final TreeMap<Long, float[][]> open = new TreeMap<>(); // z -> [classes sums..., weights]
		final TileGrid gz = plan.grids[0];
		final TileGrid gy = plan.grids[1];
		final TileGrid gx = plan.grids[2];
		final long total = plan.tiles();
		long done = 0;
		long nextEmit = 0;
		progress.status("Segmenting " + image + ": " + plan);
		final long[][] origins = new long[nb][];
		for (int iz = 0; iz < gz.count(); iz++) {
			final long oz = gz.origin(iz);
			int inBatch = 0;
			for (int iy = 0; iy < gy.count(); iy++)
				for (int ix = 0; ix < gx.count(); ix++) {
					final long[] o = { gx.origin(ix), gy.origin(iy), oz };
					for (int c = 0; c < channels; c++) {
						final int off = (inBatch * channels + c) * tv;
						readers[c].readFloat(o, sizeXYZ, features, off);
						stats.apply(c, features, off, tv);
					}
					origins[inBatch++] = o;
					final boolean last = iy == gy.count() - 1 && ix == gx.count() - 1;
					if (inBatch == nb || last) {
						if (progress.isCanceled()) throw new CancellationException("Segmentation canceled");
						final float[] probs = run(features, inBatch, channels, t);
						for (int b = 0; b < inBatch; b++)
							accumulate(probs, b, classes, t, origins[b], window, open, w, h, d, sliceLen);
						done += inBatch;
						inBatch = 0;
						progress.progress(done, total);
					}
				}
			final long complete = iz + 1 < gz.count() ? Math.min(d, gz.origin(iz + 1)) : d;
			for (; nextEmit < complete; nextEmit++)
				emit(nextEmit, open.remove(nextEmit), classes, sink);
		}
	}

	private float[] run(final float[] features, final int n, final int channels, final int[] t) {
		final int len = n * channels * t[0] * t[1] * t[2];
		final float[] in = len == features.length ? features : Arrays.copyOf(features, len);
		final INDArray batchArr = Nd4j.create(in, new long[] { n, channels, t[0], t[1], t[2] }, 'c');
		final INDArray out = model.predict(batchArr);
		return (out.ordering() == 'c' && !out.isView() ? out : out.dup('c')).data().asFloat();
	}

	private static void accumulate(final float[] probs, final int b, final int classes, final int[] t,
		final long[] originXYZ, final BlendWindow window, final TreeMap<Long, float[][]> open, final long w,
		final long h, final long d, final int sliceLen)
	{
		final float[] wts = window.weights();
		final int tx = t[2];
		final int ty = t[1];
		final int tz = t[0];
		final int tv = tx * ty * tz;
		final int x0 = (int) Math.max(0, -originXYZ[0]);
		final int x1 = (int) Math.min(tx, w - originXYZ[0]);
		final int y0 = (int) Math.max(0, -originXYZ[1]);
		final int y1 = (int) Math.min(ty, h - originXYZ[1]);
		for (int z = 0; z < tz; z++) {
			final long gzPos = originXYZ[2] + z;
			if (gzPos < 0 || gzPos >= d) continue;
			float[][] acc = open.get(gzPos);
			if (acc == null) {
				acc = new float[classes + 1][sliceLen];
				open.put(gzPos, acc);
			}
			final float[] weight = acc[classes];
			for (int y = y0; y < y1; y++) {
				final int tileRow = (z * ty + y) * tx;
				final int sliceRow = (int) ((originXYZ[1] + y) * w + originXYZ[0]);
				for (int k = 0; k < classes; k++) {
					final float[] sum = acc[k];
					final int base = b * classes * tv + k * tv + tileRow;
					for (int x = x0; x < x1; x++) {
						final float wt = wts[tileRow + x];
						sum[sliceRow + x] += wt * probs[base + x];
					}
				}
				for (int x = x0; x < x1; x++)
					weight[sliceRow + x] += wts[tileRow + x];
			}
		}
	}

	private static void emit(final long z, final float[][] acc, final int classes, final SliceSink sink) {
		if (acc == null) throw new IllegalStateException("Slice " + z + " was not covered by any tile");
		final float[] weight = acc[classes];
		for (int i = 0; i < weight.length; i++) {
			final float wt = weight[i];
			if (!(wt > 0)) throw new IllegalStateException("Voxel " + i + " of slice " + z + " got no tile weight");
			final float inv = 1f / wt;
			for (int k = 0; k < classes; k++)
				acc[k][i] *= inv;
		}
		sink.accept(z, Arrays.copyOf(acc, classes));
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

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static BlockReader reader(final Volume<?> image, final int c) {
		return BlockReader.of((RandomAccessibleInterval) image.channel(c));
	}

	private static int roundUp(final int v, final int m) {
		return (v + m - 1) / m * m;
	}

	/** Configures a {@link TiledPredictor}; every setting has a default chosen from the model. */
	public static final class Builder {

		private final SegmentationModel model;
		private int[] tile;
		private int[] overlap;
		private int batch = 1;
		private BlendWindow.Mode mode = BlendWindow.Mode.GAUSSIAN;
		private Normalization normalization = Normalization.PER_STACK;

		Builder(final SegmentationModel model) {
			this.model = model;
		}

		/** Tile size z, y, x (multiples of the pooling product); null = automatic. */
		public Builder tile(final int[] zyx) {
			this.tile = zyx == null ? null : zyx.clone();
			return this;
		}

		/**
		 * Overlap between neighbouring tiles, z, y, x, in voxels; null = a quarter tile (GAUSSIAN) or
		 * twice the receptive-field radius (CROP).
		 */
		public Builder overlap(final int[] zyx) {
			this.overlap = zyx == null ? null : zyx.clone();
			return this;
		}

		/** Tiles per network call. */
		public Builder batch(final int n) {
			if (n < 1) throw new IllegalArgumentException("Batch must be >= 1, got " + n);
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

		public TiledPredictor build() {
			return new TiledPredictor(this);
		}
	}
}
