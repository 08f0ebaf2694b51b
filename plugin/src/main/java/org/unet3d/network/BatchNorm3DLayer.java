package org.unet3d.network;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer (what runs) of {@link BatchNorm3D}. For 32-bit rank-5 activations {@code [N, C, D, H, W]} it
 * normalizes, and backpropagates, in a few sequential passes over each channel's contiguous
 * blocks (channels spread over the cores, activations copied to and from reused heap buffers in
 * one bulk copy each), with the same parameters and the same running-statistics update as DL4J's
 * BatchNormalization (whose broadcasts along the channel axis made it several times slower than
 * the convolutions around it). Backprop reuses the batch statistics of the forward pass. Other data types and ranks run DL4J's implementation, on rank-5
 * input viewed as rank 4 {@code [N, C, D*H, W]}.
 */
public class BatchNorm3DLayer extends BatchNormalization {

	private static final long serialVersionUID = 1L;

	/** Run DL4J's own implementation (tests compare the two). */
	boolean reference;

	/** The input of the last training forward pass, and its batch mean and variance per channel. */
	private transient INDArray statsFor;
	private transient double[] statsMean;
	private transient double[] statsVar;

	public BatchNorm3DLayer(final NeuralNetConfiguration conf, final DataType dataType) {
		super(conf, dataType);
	}

	private org.deeplearning4j.nn.conf.layers.BatchNormalization bnConf() {
		return (org.deeplearning4j.nn.conf.layers.BatchNormalization) conf().getLayer();
	}

	private boolean fast(final INDArray a) {
		return !reference && a != null && a.rank() == 5 && a.dataType() == DataType.FLOAT && !bnConf().isLockGammaBeta() && bnConf()
			.isMinibatch();
	}

	@Override
	public INDArray activate(final boolean training, final LayerWorkspaceMgr workspaceMgr) {
		final INDArray original = input;
		if (original == null || original.rank() != 5) return super.activate(training, workspaceMgr);
		if (!fast(original)) return viaRank4(training, workspaceMgr);
		final INDArray x = contiguous(original);
		final long[] s = x.shape();
		final int n = (int) s[0], c = (int) s[1];
		final int block = blockSize(s);
		final float[] buf = Scratch.first(n * c * block);
		read(x, buf);
		final double[] mean, std;
		if (training) {
			mean = new double[c];
			final double[] var = new double[c];
			channelMeanAndVariance(buf, n, c, block, mean, var);
			std = new double[c];
			for (int k = 0; k < c; k++)
				std[k] = Math.sqrt(var[k] + bnConf().getEps());
			statsFor = original;
			statsMean = mean;
			statsVar = var;
		}
		else {
			mean = values(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
			std = globalStd();
		}
		final double[] gamma = values(getParam(BatchNormalizationParamInitializer.GAMMA));
		final double[] beta = values(getParam(BatchNormalizationParamInitializer.BETA));
		parallel(c, k -> {
			final float scale = (float) (gamma[k] / std[k]);
			final float shift = (float) (beta[k] - mean[k] * gamma[k] / std[k]);
			for (int b = 0; b < n; b++) {
				final int from = (b * c + k) * block, to = from + block;
				for (int i = from; i < to; i++)
					buf[i] = buf[i] * scale + shift;
			}
		});
		final INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, s, 'c');
		write(buf, out);
		return out;
	}

	@Override
	public Pair<Gradient, INDArray> backpropGradient(final INDArray epsilon, final LayerWorkspaceMgr workspaceMgr) {
		final INDArray original = input;
		if (original == null || original.rank() != 5) return super.backpropGradient(epsilon, workspaceMgr);
		if (!fast(original)) return backpropViaRank4(epsilon, workspaceMgr);
		final INDArray x = contiguous(original);
		final INDArray dy = contiguous(epsilon);
		final long[] s = x.shape();
		final int n = (int) s[0], c = (int) s[1];
		final int block = blockSize(s);
		final double m = n * (double) block;
		final float[] xb = Scratch.first(n * c * block), gb = Scratch.second(n * c * block);
		read(x, xb);
		read(dy, gb);
		// the batch statistics of the training forward pass on this input (computed again if there was none)
		final double[] batchMean, batchVar;
		if (statsFor == original && statsMean != null && statsMean.length == c) {
			batchMean = statsMean;
			batchVar = statsVar;
		}
		else {
			batchMean = new double[c];
			batchVar = new double[c];
			channelMeanAndVariance(xb, n, c, block, batchMean, batchVar);
		}
		forget();
		final double[] invStd = new double[c];
		for (int k = 0; k < c; k++)
			invStd[k] = 1 / Math.sqrt(batchVar[k] + bnConf().getEps());
		final double[] gamma = values(getParam(BatchNormalizationParamInitializer.GAMMA));
		final double[] sumDy = new double[c], sumDyXhat = new double[c];
		parallel(c, k -> {
			final float mu = (float) batchMean[k];
			double sd0 = 0, sd1 = 0, sx0 = 0, sx1 = 0;
			for (int b = 0; b < n; b++) {
				final int from = (b * c + k) * block, to = from + block;
				int i = from;
				for (; i + 1 < to; i += 2) {
					final float g0 = gb[i], g1 = gb[i + 1];
					sd0 += g0;
					sd1 += g1;
					sx0 += g0 * (xb[i] - mu);
					sx1 += g1 * (xb[i + 1] - mu);
				}
				for (; i < to; i++) {
					sd0 += gb[i];
					sx0 += gb[i] * (xb[i] - mu);
				}
			}
			sumDy[k] = sd0 + sd1;
			sumDyXhat[k] = (sx0 + sx1) * invStd[k];
			// dx = gamma / std * (dy - mean(dy) - xhat * mean(dy * xhat)) = a * dy + b1 * x + b0
			final double a = gamma[k] * invStd[k];
			final double b1 = -a * sumDyXhat[k] / m * invStd[k];
			final double b0 = -a * sumDy[k] / m - b1 * batchMean[k];
			final float fa = (float) a, fb1 = (float) b1, fb0 = (float) b0;
			for (int b = 0; b < n; b++) {
				final int from = (b * c + k) * block, to = from + block;
				for (int i = from; i < to; i++)
					gb[i] = fa * gb[i] + fb1 * xb[i] + fb0;
			}
		});
		final Gradient gradient = new DefaultGradient();
		final INDArray dGamma = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
		final INDArray dBeta = gradientViews.get(BatchNormalizationParamInitializer.BETA);
		final INDArray dMean = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
		final String stdKey = bnConf().isUseLogStd() ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
			: BatchNormalizationParamInitializer.GLOBAL_VAR;
		final INDArray dStd = gradientViews.get(stdKey);
		final double decay = bnConf().getDecay();
		final double[] globalMean = values(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
		final double[] globalStd = globalStd();
		for (int k = 0; k < c; k++) {
			dGamma.putScalar(k, sumDyXhat[k]);
			dBeta.putScalar(k, sumDy[k]);
			// "gradients" of the running statistics: the updater subtracts them, giving the moving averages
			dMean.putScalar(k, (globalMean[k] - batchMean[k]) * (1 - decay));
			final double globalVar = globalStd[k] * globalStd[k];
			final double newVar = decay * globalVar + (1 - decay) * (batchVar[k] + bnConf().getEps());
			dStd.putScalar(k, bnConf().isUseLogStd() ? 0.5 * Math.log10(globalVar / newVar) : globalVar - newVar);
		}
		gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGamma);
		gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBeta);
		gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, dMean);
		gradient.setGradientFor(stdKey, dStd);
		final INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, s, 'c');
		write(gb, dx);
		return new Pair<>(gradient, dx);
	}

	@Override
	public void clear() {
		super.clear();
		forget();
	}

	private void forget() {
		statsFor = null;
		statsMean = null;
		statsVar = null;
	}

	/**
	 * What this layer does at inference, per channel: {@code y = x * scale + shift} from the running
	 * statistics, as {@code {scale, shift}}; what {@link InferenceNetwork} folds into the convolution
	 * before it. Null where this layer would run DL4J's implementation (locked gamma and beta).
	 */
	double[][] inferenceAffine() {
		if (bnConf().isLockGammaBeta() || !bnConf().isMinibatch()) return null;
		final double[] mean = values(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
		final double[] std = globalStd();
		final double[] gamma = values(getParam(BatchNormalizationParamInitializer.GAMMA));
		final double[] beta = values(getParam(BatchNormalizationParamInitializer.BETA));
		final double[] scale = new double[mean.length];
		final double[] shift = new double[mean.length];
		for (int k = 0; k < mean.length; k++) {
			scale[k] = gamma[k] / std[k];
			shift[k] = beta[k] - mean[k] * gamma[k] / std[k];
		}
		return new double[][] { scale, shift };
	}

	/** Standard deviation per channel of the running statistics (as DL4J keeps them). */
	private double[] globalStd() {
		if (bnConf().isUseLogStd()) {
			final double[] l = values(getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
			for (int k = 0; k < l.length; k++)
				l[k] = Math.pow(10, l[k]);
			return l;
		}
		final double[] v = values(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
		for (int k = 0; k < v.length; k++)
			v[k] = Math.sqrt(v[k]);
		return v;
	}

	/** Mean and (biased) variance per channel over samples and voxels, in one pass, in double precision. */
	private static void channelMeanAndVariance(final float[] in, final int n, final int c, final int block,
		final double[] mean, final double[] var)
	{
		final double m = n * (double) block;
		parallel(c, k -> {
			// the shift (the channel's first value) keeps the sum of squares from cancelling
			final float shift = in[k * block];
			double s0 = 0, s1 = 0, q0 = 0, q1 = 0;
			for (int b = 0; b < n; b++) {
				final int from = (b * c + k) * block, to = from + block;
				int i = from;
				for (; i + 1 < to; i += 2) {
					final double d0 = in[i] - shift, d1 = in[i + 1] - shift;
					s0 += d0;
					s1 += d1;
					q0 += d0 * d0;
					q1 += d1 * d1;
				}
				for (; i < to; i++) {
					final double d = in[i] - shift;
					s0 += d;
					q0 += d * d;
				}
			}
			final double mu = (s0 + s1) / m;
			mean[k] = shift + mu;
			var[k] = Math.max(0, (q0 + q1) / m - mu * mu);
		});
	}

	/** Runs {@code body} for channels 0..c-1, on all cores when there is enough work. */
	private static void parallel(final int c, final java.util.function.IntConsumer body) {
		if (c > 1) java.util.stream.IntStream.range(0, c).parallel().forEach(body);
		else if (c == 1) body.accept(0);
	}

	private static double[] values(final INDArray a) {
		return a.dup().castTo(DataType.DOUBLE).data().asDouble();
	}

	private static INDArray contiguous(final INDArray a) {
		return a.isView() || a.ordering() != 'c' || a.offset() != 0 ? a.dup('c') : a;
	}

	private static int blockSize(final long[] shape) {
		final long voxels = shape[0] * shape[1] * shape[2] * shape[3] * shape[4];
		if (voxels > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("Activations of " + voxels +
			" values are too large for batch normalization; use a smaller tile or patch");
		return (int) (shape[2] * shape[3] * shape[4]);
	}

	/** Copies a C-ordered array without offset into {@code to} (one bulk copy). */
	private static void read(final INDArray a, final float[] to) {
		final java.nio.FloatBuffer b = a.data().asNioFloat();
		b.position(0);
		b.get(to, 0, (int) a.length());
	}

	/** Copies {@code from} into a new C-ordered array (one bulk copy). */
	private static void write(final float[] from, final INDArray a) {
		final java.nio.FloatBuffer b = a.data().asNioFloat();
		b.position(0);
		b.put(from, 0, (int) a.length());
	}

	/**
	 * Heap buffers reused by all layers of a thread (layers run one after the other), softly held so
	 * that they do not keep memory once a run is over and the heap is needed for something else.
	 */
	private static final class Scratch {

		private static final ThreadLocal<java.lang.ref.SoftReference<float[][]>> BUFFERS = new ThreadLocal<>();

		static float[] first(final int length) {
			return get(0, length);
		}

		static float[] second(final int length) {
			return get(1, length);
		}

		private static float[] get(final int which, final int length) {
			final java.lang.ref.SoftReference<float[][]> ref = BUFFERS.get();
			float[][] b = ref == null ? null : ref.get();
			if (b == null) {
				b = new float[2][0];
				BUFFERS.set(new java.lang.ref.SoftReference<>(b));
			}
			if (b[which].length < length) b[which] = new float[length];
			return b[which];
		}
	}

	private INDArray viaRank4(final boolean training, final LayerWorkspaceMgr workspaceMgr) {
		final INDArray original = input;
		final long[] s = original.shape();
		try {
			input = as4d(original);
			return super.activate(training, workspaceMgr).reshape('c', s);
		}
		finally {
			input = original;
		}
	}

	private Pair<Gradient, INDArray> backpropViaRank4(final INDArray epsilon, final LayerWorkspaceMgr workspaceMgr) {
		final INDArray original = input;
		final long[] s = original.shape();
		try {
			input = as4d(original);
			final Pair<Gradient, INDArray> p = super.backpropGradient(as4d(epsilon), workspaceMgr);
			return new Pair<>(p.getFirst(), p.getSecond().reshape('c', s));
		}
		finally {
			input = original;
		}
	}

	private static INDArray as4d(final INDArray a) {
		final long[] s = a.shape();
		return a.reshape('c', s[0], s[1], s[2] * s[3], s[4]);
	}
}
