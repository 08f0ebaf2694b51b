package org.unet3d.inference;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.InferenceNetwork;

/**
 * The class probabilities of a batch of tiles: the network's output, or with test-time flips the
 * mean over the 8 mirrored copies of each tile. The one place where tiles meet the network, shared
 * by {@link TiledPredictor} and {@link BlockSegmenter}, so that a tile predicted by either gives the
 * same numbers. Not thread-safe (neither is the network).
 */
final class TilePredictions implements AutoCloseable {

	private final SegmentationModel model;
	private final int channels;
	private final int classes;
	private final int[] t;
	private final int tv;
	private final boolean flips;
	/** The network prepared for these tiles; null where it does not apply (then the graph runs). */
	private InferenceNetwork prepared;
	private int preparedBatch;
	private float[] out;

	/**
	 * @param tileZYX tile size
	 * @param flips average over the 8 flips (x, y, z) of each tile
	 */
	TilePredictions(final SegmentationModel model, final int channels, final int[] tileZYX, final boolean flips) {
		this.model = model;
		this.channels = channels;
		this.classes = model.config().classes();
		this.t = tileZYX.clone();
		this.tv = t[0] * t[1] * t[2];
		this.flips = flips;
	}

	/**
	 * Class probabilities {@code [n, K, z, y, x]} of the first {@code n} tiles in {@code features}
	 * ({@code [n, C, z, y, x]} normalized intensities); the array may be longer and is reused by
	 * the next call.
	 */
	float[] predict(final float[] features, final int n) {
		return flips ? predictFlipped(features, n) : network(features, n);
	}

	/**
	 * As {@link #predict}, into {@code probs} (at least {@code n * K * tile voxels} long), without
	 * a copy where the prepared network writes there itself.
	 */
	void predict(final float[] features, final int n, final float[] probs) {
		if (!flips && prepare(n)) prepared.predict(features, n, probs);
		else System.arraycopy(predict(features, n), 0, probs, 0, n * classes * tv);
	}

	/** Prepares the network for batches of {@code n}; false where the graph runs instead. */
	private boolean prepare(final int n) {
		if (n > preparedBatch) {
			close();
			prepared = InferenceNetwork.of(model.graph(), model.config(), n, t);
			preparedBatch = n;
		}
		return prepared != null;
	}

	/** Probabilities of the first {@code n} tiles (the array may be longer; it is reused). */
	private float[] network(final float[] features, final int n) {
		if (!prepare(n)) return graph(features, n);
		if (out == null || out.length < n * classes * tv) out = new float[preparedBatch * classes * tv];
		prepared.predict(features, n, out);
		return out;
	}

	/** The DL4J graph's prediction (networks {@link InferenceNetwork} does not implement). */
	private float[] graph(final float[] features, final int n) {
		final int len = n * channels * tv;
		final float[] in = len == features.length ? features : Arrays.copyOf(features, len);
		final INDArray input = Nd4j.create(in, new long[] { n, channels, t[0], t[1], t[2] }, 'c');
		final INDArray out = model.predict(input);
		try {
			final INDArray c = out.ordering() == 'c' && !out.isView() ? out : out.dup('c');
			final float[] p = c.data().asFloat();
			if (c != out) release(c);
			return p.length == n * classes * tv ? p : Arrays.copyOf(p, n * classes * tv);
		}
		finally {
			release(input);
			release(out);
		}
	}

	/** Test-time augmentation: the mean of the predictions of all 8 flips (x, y, z) of each tile. */
	private float[] predictFlipped(final float[] features, final int n) {
		final float[] sum = new float[n * classes * tv];
		final float[] flipped = new float[n * channels * tv];
		for (int f = 0; f < 8; f++) {
			Flips.flip(features, flipped, n * channels, t, f, false);
			Flips.flip(network(flipped, n), sum, n * classes, t, f, true);
		}
		for (int i = 0; i < sum.length; i++)
			sum[i] *= 0.125f;
		return sum;
	}

	/** Frees the prepared network's native buffers. */
	@Override
	public void close() {
		if (prepared != null) prepared.close();
		prepared = null;
		preparedBatch = 0;
	}

	private static void release(final INDArray a) {
		if (a != null && a.closeable()) a.close();
	}
}
