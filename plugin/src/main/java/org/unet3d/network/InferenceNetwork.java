package org.unet3d.network;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A trained U-Net prepared for segmentation only, for one tile size and batch: batch normalization
 * folded into the convolution before it (exact up to float rounding), activations laid out
 * channels-last ({@code [N, D, H, W, C]}, which oneDNN convolves in place, where the
 * channels-first layout of training costs two layout conversions and fresh native buffers per
 * convolution), and every activation buffer allocated once and reused for every tile. Gives the
 * probabilities of {@link ComputationGraph#outputSingle} up to float rounding; {@link #of} returns
 * null for a network it does not know (then use the graph). Not thread-safe; {@link #close} frees
 * its native memory.
 */
public final class InferenceNetwork implements AutoCloseable {

	/** Voxels copied in (several channels) or out (probabilities) at a time, through {@link #chunk}. */
	private static final int CHUNK = 1 << 16;

	private final int channels;
	private final int classes;
	private final int batch;
	private final int[] tile;
	private final int tileVoxels;
	private final List<Level> levels;
	private final Convolution[] bottom;
	private final INDArray headWeights; // [f0, K]
	private final INDArray headBias; // [K]
	private final List<DataBuffer> buffers = new ArrayList<>();
	private final DataBuffer input, bottomA, bottomB, logits, probabilities;
	private final float[] chunk;

	private InferenceNetwork(final UNet3DConfig net, final List<Level> levels, final Convolution[] bottom,
		final INDArray headWeights, final INDArray headBias, final int batch, final int[] tileZYX)
	{
		this.channels = net.inputChannels();
		this.classes = net.classes();
		this.batch = batch;
		this.tile = tileZYX.clone();
		this.tileVoxels = tile[0] * tile[1] * tile[2];
		this.levels = levels;
		this.bottom = bottom;
		this.headWeights = headWeights;
		this.headBias = headBias;
		input = buffer((long) batch * tileVoxels * channels);
		long voxels = tileVoxels;
		for (final Level l : levels) {
			l.a = buffer(batch * voxels * l.filters);
			l.skip = buffer(batch * voxels * l.filters);
			l.concat = buffer(batch * voxels * 2L * l.filters);
			voxels /= l.pooling[0] * l.pooling[1] * l.pooling[2];
			l.pooled = buffer(batch * voxels * l.filters);
		}
		final int fb = net.filters(net.depth());
		bottomA = buffer(batch * voxels * fb);
		bottomB = buffer(batch * voxels * fb);
		logits = buffer((long) batch * tileVoxels * classes);
		probabilities = buffer((long) batch * tileVoxels * classes);
		chunk = new float[CHUNK * Math.max(classes, channels)];
	}

	/**
	 * The inference network of a graph built by {@link UNet3DBuilder} for tiles of {@code tileZYX}
	 * (multiples of {@link UNet3DConfig#sizeMultiple()}), up to {@code batch} tiles per call; null if
	 * the graph holds layers this class does not implement (activations other than ReLU, locked
	 * batch normalization), or on a GPU (ND4J's CUDA backend), where the graph runs as before.
	 */
	public static InferenceNetwork of(final ComputationGraph graph, final UNet3DConfig net, final int batch,
		final int[] tileZYX)
	{
		if (!runsHere()) return null;
		net.checkSize(tileZYX, "Tile size");
		if (batch < 1) throw new IllegalArgumentException("Batch must be at least 1, got " + batch);
		final List<Level> levels = new ArrayList<>();
		for (int l = 0; l < net.depth(); l++) {
			final Convolution a = convolution(graph, net, "enc" + l + "_a");
			final Convolution b = convolution(graph, net, "enc" + l + "_b");
			final Convolution da = convolution(graph, net, "dec" + l + "_a");
			final Convolution db = convolution(graph, net, "dec" + l + "_b");
			final Layer up = layer(graph, "up" + l);
			if (a == null || b == null || da == null || db == null || up == null || !(up.conf()
				.getLayer() instanceof Deconvolution3D) || !(((Deconvolution3D) up.conf().getLayer())
					.getActivationFn() instanceof ActivationIdentity)) return null;
			final int f = net.filters(l);
			final int[] p = net.pooling(l);
			final int blocks = p[0] * p[1] * p[2];
			// DL4J's [fz, fy, fx, out, in] as [(fz, fy, fx, out), in]; transposed for X [voxels, in] * W^T
			final INDArray w = up.getParam("W").dup('c').reshape('c', (long) blocks * f, net.filters(l + 1));
			final INDArray upBias = Nd4j.create(DataType.FLOAT, blocks * f);
			final INDArray bias = up.getParam("b");
			for (int j = 0; j < blocks; j++)
				for (int o = 0; o < f; o++)
					upBias.putScalar((long) j * f + o, bias.getFloat(o));
			levels.add(new Level(f, p, a, b, da, db, w.transpose().dup('c'), upBias.reshape(1, blocks * f)));
		}
		final Convolution ba = convolution(graph, net, "bottom_a");
		final Convolution bb = convolution(graph, net, "bottom_b");
		final Layer head = layer(graph, "head");
		if (ba == null || bb == null || head == null || !(head.conf().getLayer() instanceof Convolution3D)) return null;
		final INDArray hw = head.getParam("W").dup('c').reshape('c', net.classes(), net.filters(0)).transpose().dup('c');
		final INDArray hb = head.getParam("b").dup('c').reshape(1, net.classes());
		return new InferenceNetwork(net, levels, new Convolution[] { ba, bb }, hw, hb, batch, tileZYX);
	}

	/**
	 * True where segmentation runs this network: on the CPU (oneDNN). On a GPU (ND4J's CUDA backend)
	 * the graph runs as before; this network was not measured there.
	 */
	public static boolean runsHere() {
		return Nd4j.getEnvironment().isCPU();
	}

	/** Native bytes of this network's activation buffers (planned by the planning layer's ActivationMemory). */
	public long nativeBytes() {
		long n = 0;
		for (final DataBuffer b : buffers)
			n += b.length() * 4;
		return n;
	}

	/** The tile size (z, y, x) this network was prepared for. */
	public int[] tileZYX() {
		return tile.clone();
	}

	/** The most tiles one {@link #predict} call takes. */
	public int batch() {
		return batch;
	}

	/**
	 * Class probabilities of {@code n} tiles.
	 *
	 * @param features {@code [n, C, z, y, x]} normalized intensities (more is ignored)
	 * @param probs receives {@code [n, K, z, y, x]} probabilities
	 */
	public void predict(final float[] features, final int n, final float[] probs) {
		if (n < 1 || n > batch) throw new IllegalArgumentException("Between 1 and " + batch + " tiles, got " + n);
		writeInput(features, n);
		INDArray x = array(input, n, tile[0], tile[1], tile[2], channels);
		int[] size = tile.clone();
		for (final Level l : levels) {
			final INDArray a = array(l.a, n, size[0], size[1], size[2], l.filters);
			final INDArray skip = array(l.skip, n, size[0], size[1], size[2], l.filters);
			l.encoderA.run(x, a);
			l.encoderB.run(a, skip);
			for (int ax = 0; ax < 3; ax++)
				size[ax] /= l.pooling[ax];
			x = array(l.pooled, n, size[0], size[1], size[2], l.filters);
			maxPool(skip, x, l.pooling);
		}
		final int fb = (int) bottom[0].weights.size(0);
		final INDArray b1 = array(bottomA, n, size[0], size[1], size[2], fb);
		INDArray below = array(bottomB, n, size[0], size[1], size[2], fb);
		bottom[0].run(x, b1);
		bottom[1].run(b1, below);
		for (int i = levels.size() - 1; i >= 0; i--) {
			final Level l = levels.get(i);
			final long coarse = below.length() / below.size(4);
			final INDArray up = Nd4j.create(l.a, new long[] { coarse, l.upWeights.size(1) });
			Nd4j.gemm(below.reshape('c', coarse, below.size(4)), l.upWeights, up, false, false, 1.0, 0.0);
			up.addiRowVector(l.upBias);
			final int[] fine = new int[3];
			for (int ax = 0; ax < 3; ax++)
				fine[ax] = size[ax] * l.pooling[ax];
			interleave(l, n, size, fine);
			size = fine;
			final INDArray concat = array(l.concat, n, size[0], size[1], size[2], 2 * l.filters);
			final INDArray a = array(l.a, n, size[0], size[1], size[2], l.filters);
			final INDArray out = array(l.skip, n, size[0], size[1], size[2], l.filters);
			l.decoderA.run(concat, a);
			l.decoderB.run(a, out);
			below = out;
		}
		final long voxels = (long) n * tileVoxels;
		final INDArray scores = Nd4j.create(logits, new long[] { voxels, classes });
		Nd4j.gemm(below.reshape('c', voxels, below.size(4)), headWeights, scores, false, false, 1.0, 0.0);
		scores.addiRowVector(headBias);
		final INDArray p = Nd4j.create(probabilities, new long[] { voxels, classes });
		Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(scores).addOutputs(p).addIntegerArguments(1).callInplace(
			false).build());
		readOutput(n, probs);
	}

	/** Copies {@code [n, C, z, y, x]} into the channels-last input buffer (several channels: through a small buffer). */
	private void writeInput(final float[] features, final int n) {
		final FloatBuffer in = floats(input);
		if (channels == 1) {
			put(in, 0, features, 0, n * tileVoxels);
			return;
		}
		for (int s = 0; s < n; s++)
			for (int from = 0; from < tileVoxels; from += CHUNK) {
				final int len = Math.min(CHUNK, tileVoxels - from);
				for (int c = 0; c < channels; c++) {
					final int at = (s * channels + c) * tileVoxels + from;
					for (int v = 0, i = c; v < len; v++, i += channels)
						chunk[i] = features[at + v];
				}
				put(in, (s * tileVoxels + from) * channels, chunk, 0, len * channels);
			}
	}

	/**
	 * Copies the channels-last probabilities into {@code [n, K, z, y, x]}, through a small heap
	 * buffer of {@link #CHUNK} voxels.
	 */
	private void readOutput(final int n, final float[] probs) {
		final FloatBuffer p = floats(probabilities);
		for (int s = 0; s < n; s++)
			for (int from = 0; from < tileVoxels; from += CHUNK) {
				final int len = Math.min(CHUNK, tileVoxels - from);
				get(p, (s * tileVoxels + from) * classes, chunk, 0, len * classes);
				for (int k = 0; k < classes; k++) {
					final int to = (s * classes + k) * tileVoxels + from;
					for (int v = 0, i = k; v < len; v++, i += classes)
						probs[to + v] = chunk[i];
				}
			}
	}

	/**
	 * The concatenation of the up-convolution and the kept encoder output, channels-last: the
	 * up-convolution's matrix product gives each coarse voxel a block of {@code fz*fy*fx} fine voxels
	 * (held in the level's convolution buffer), which go to their places in the fine grid, each
	 * followed by the encoder's channels of the same voxel. One pass, rows spread over the cores.
	 */
	private static void interleave(final Level l, final int n, final int[] coarse, final int[] fine) {
		final int f = l.filters;
		final int[] p = l.pooling;
		final int blocks = p[0] * p[1] * p[2];
		final FloatBuffer up = floats(l.a), skip = floats(l.skip), concat = floats(l.concat);
		final int coarseRow = coarse[2] * blocks * f, skipRow = fine[2] * f, concatRow = fine[2] * 2 * f;
		final ThreadLocal<float[][]> rows = ThreadLocal.withInitial(() -> new float[][] { new float[coarseRow],
			new float[skipRow], new float[concatRow] });
		IntStream.range(0, n * fine[0] * fine[1]).parallel().forEach(r -> {
			final float[][] buf = rows.get();
			final int y2 = r % fine[1], z2 = (r / fine[1]) % fine[0], s = r / (fine[1] * fine[0]);
			final int z = z2 / p[0], a = z2 % p[0], y = y2 / p[1], b = y2 % p[1];
			get(up, ((s * coarse[0] + z) * coarse[1] + y) * coarseRow, buf[0], 0, coarseRow);
			get(skip, r * skipRow, buf[1], 0, skipRow);
			final float[] out = buf[2];
			for (int x = 0; x < coarse[2]; x++)
				for (int c = 0; c < p[2]; c++) {
					final int x2 = x * p[2] + c;
					System.arraycopy(buf[0], (x * blocks + (a * p[1] + b) * p[2] + c) * f, out, x2 * 2 * f, f);
					System.arraycopy(buf[1], x2 * f, out, x2 * 2 * f + f, f);
				}
			put(concat, r * concatRow, out, 0, concatRow);
		});
	}

	private static void maxPool(final INDArray in, final INDArray out, final int[] p) {
		Nd4j.exec(DynamicCustomOp.builder("maxpool3dnew").addInputs(in).addOutputs(out).addIntegerArguments(p[0], p[1],
			p[2], p[0], p[1], p[2], 0, 0, 0, 1, 1, 1, 0, 0, 1).callInplace(false).build());
	}

	private DataBuffer buffer(final long floats) {
		if (floats > Integer.MAX_VALUE / 4) throw new IllegalArgumentException("Tiles of " + tile[0] + "," + tile[1] +
			"," + tile[2] + " with batch " + batch + " need an activation map over 2 GB; use smaller tiles or batch 1.");
		final DataBuffer b = Nd4j.createBuffer(DataType.FLOAT, floats, false);
		buffers.add(b);
		return b;
	}

	private static INDArray array(final DataBuffer b, final long... shape) {
		return Nd4j.create(b, shape);
	}

	private static void get(final FloatBuffer from, final int index, final float[] to, final int offset,
		final int length)
	{
		final FloatBuffer b = from.duplicate();
		b.position(index);
		b.get(to, offset, length);
	}

	private static void put(final FloatBuffer to, final int index, final float[] from, final int offset,
		final int length)
	{
		final FloatBuffer b = to.duplicate();
		b.position(index);
		b.put(from, offset, length);
	}

	private static FloatBuffer floats(final DataBuffer b) {
		return b.asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
	}

	/** Frees the native buffers now (they are freed when collected otherwise). */
	@Override
	public void close() {
		for (final DataBuffer b : buffers)
			if (b.closeable()) b.close();
		buffers.clear();
	}

	/**
	 * The convolution called {@code name} with its batch normalization (if any) folded in; null if
	 * the graph's layers there are not the U-Net's (a 3D convolution, optionally batch normalization,
	 * then ReLU).
	 */
	private static Convolution convolution(final ComputationGraph graph, final UNet3DConfig net, final String name) {
		final Layer conv = layer(graph, name);
		if (conv == null || !(conv.conf().getLayer() instanceof Convolution3D)) return null;
		final Convolution3D c = (Convolution3D) conv.conf().getLayer();
		for (int a = 0; a < 3; a++)
			if (c.getStride()[a] != 1 || c.getDilation()[a] != 1 || c.getKernelSize()[a] % 2 != 1) return null;
		if (c.getDataFormat() != Convolution3D.DataFormat.NCDHW) return null;
		final INDArray w = conv.getParam("W").castTo(DataType.FLOAT).dup('c');
		final long out = w.size(0);
		final float[] bias = new float[(int) out];
		if (c.hasBias()) {
			final INDArray b = conv.getParam("b");
			for (int k = 0; k < out; k++)
				bias[k] = b.getFloat(k);
		}
		final IActivation act;
		if (net.batchNorm()) {
			final Layer bn = layer(graph, name + "_bn");
			final Layer relu = layer(graph, name + "_relu");
			if (!(bn instanceof BatchNorm3DLayer) || relu == null || !(relu.conf()
				.getLayer() instanceof ActivationLayer) || !(c.getActivationFn() instanceof ActivationIdentity)) return null;
			final double[][] affine = ((BatchNorm3DLayer) bn).inferenceAffine();
			if (affine == null) return null;
			final INDArray rows = w.reshape('c', out, w.length() / out);
			for (int k = 0; k < out; k++) {
				rows.getRow(k).muli(affine[0][k]);
				bias[k] = (float) (bias[k] * affine[0][k] + affine[1][k]);
			}
			act = ((ActivationLayer) relu.conf().getLayer()).getActivationFn();
		}
		else act = c.getActivationFn();
		if (!(act instanceof ActivationReLU) || !act.equals(new ActivationReLU())) return null;
		return new Convolution(w, Nd4j.createFromArray(bias), c.getKernelSize());
	}

	/** The layer called {@code name}, or null if the graph has none of that name. */
	private static Layer layer(final ComputationGraph graph, final String name) {
		return graph.getConfiguration().getVertices().containsKey(name) ? graph.getLayer(name) : null;
	}

	/** A 3x3x3 (or 1x3x3) "same" convolution with its bias and a ReLU, channels-last. */
	private static final class Convolution {

		final INDArray weights; // [out, in, kz, ky, kx]
		final INDArray bias;
		final int[] args;

		Convolution(final INDArray weights, final INDArray bias, final int[] k) {
			this.weights = weights;
			this.bias = bias;
			// kernel, stride, padding, dilation, same mode, NDHWC (1), weights [out, in, kz, ky, kx] (1)
			this.args = new int[] { k[0], k[1], k[2], 1, 1, 1, k[0] / 2, k[1] / 2, k[2] / 2, 1, 1, 1, 1, 1, 1 };
		}

		void run(final INDArray in, final INDArray out) {
			Nd4j.exec(DynamicCustomOp.builder("conv3dnew").addInputs(in, weights, bias).addOutputs(out)
				.addIntegerArguments(args).callInplace(false).build());
			Transforms.relu(out, false);
		}
	}

	/** One level of the U-Net: its four convolutions, its up-convolution and its buffers. */
	private static final class Level {

		final int filters;
		final int[] pooling;
		final Convolution encoderA, encoderB, decoderA, decoderB;
		final INDArray upWeights; // [in, (fz, fy, fx, out)]
		final INDArray upBias; // [1, (fz, fy, fx, out)]
		DataBuffer a, skip, concat, pooled;

		Level(final int filters, final int[] pooling, final Convolution encoderA, final Convolution encoderB,
			final Convolution decoderA, final Convolution decoderB, final INDArray upWeights, final INDArray upBias)
		{
			this.filters = filters;
			this.pooling = pooling;
			this.encoderA = encoderA;
			this.encoderB = encoderB;
			this.decoderA = decoderA;
			this.decoderB = decoderB;
			this.upWeights = upWeights;
			this.upBias = upBias;
		}
	}
}
