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
 * Runtime side of {@link BatchNorm3D}. For 32-bit rank-5 activations {@code [N, C, D, H, W]} it
 * normalizes, and backpropagates, in a few sequential passes over each channel's contiguous
 * blocks, with the same parameters and the same running-statistics update as DL4J's
 * BatchNormalization (whose broadcasts along the channel axis made it several times slower than
 * the convolutions around it). Other data types and ranks run DL4J's implementation, on rank-5
 * input viewed as rank 4 {@code [N, C, D*H, W]}.
 */
public class BatchNorm3DRuntime extends BatchNormalization {

	private static final long serialVersionUID = 1L;

	/** Run DL4J's own implementation (tests compare the two). */
	boolean reference;

	public BatchNorm3DRuntime(final NeuralNetConfiguration conf, final DataType dataType) {
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
		final long block = s[2] * s[3] * s[4];
		final float[] in = floats(x);
		final double[] mean, std;
		if (training) {
			mean = new double[c];
			final double[] var = new double[c];
			channelMeanAndVariance(in, n, c, block, mean, var);
			std = new double[c];
			for (int k = 0; k < c; k++)
				std[k] = Math.sqrt(var[k] + bnConf().getEps());
		}
		else {
			mean = values(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
			std = globalStd();
		}
		final double[] gamma = values(getParam(BatchNormalizationParamInitializer.GAMMA));
		final double[] beta = values(getParam(BatchNormalizationParamInitializer.BETA));
		final float[] o = new float[in.length];
		for (int b = 0; b < n; b++)
			for (int k = 0; k < c; k++) {
				final float scale = (float) (gamma[k] / std[k]);
				final float shift = (float) (beta[k] - mean[k] * gamma[k] / std[k]);
				final long base = (b * (long) c + k) * block;
				for (int i = (int) base; i < base + block; i++)
					o[i] = in[i] * scale + shift;
			}
		return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, Nd4j.create(o, s, 'c'));
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
		final long block = s[2] * s[3] * s[4];
		final double m = n * (double) block;
		final float[] xb = floats(x), gb = floats(dy);
		// the batch statistics of the forward pass, computed again (the forward pass keeps no state)
		final double[] batchMean = new double[c], batchVar = new double[c], invStd = new double[c];
		channelMeanAndVariance(xb, n, c, block, batchMean, batchVar);
		for (int k = 0; k < c; k++)
			invStd[k] = 1 / Math.sqrt(batchVar[k] + bnConf().getEps());
		final double[] sumDy = new double[c], sumDyXhat = new double[c];
		for (int b = 0; b < n; b++)
			for (int k = 0; k < c; k++) {
				final long base = (b * (long) c + k) * block;
				final float mu = (float) batchMean[k];
				double sd = 0, sdx = 0;
				for (int i = (int) base; i < base + block; i++) {
					final float g = gb[i];
					sd += g;
					sdx += g * (xb[i] - mu);
				}
				sumDy[k] += sd;
				sumDyXhat[k] += sdx * invStd[k];
			}
		final double[] gamma = values(getParam(BatchNormalizationParamInitializer.GAMMA));
		final float[] db = new float[xb.length];
		for (int k = 0; k < c; k++) {
			// dx = gamma / std * (dy - mean(dy) - xhat * mean(dy * xhat)) = a * dy + b1 * x + b0
			final double a = gamma[k] * invStd[k];
			final double b1 = -a * sumDyXhat[k] / m * invStd[k];
			final double b0 = -a * sumDy[k] / m - b1 * batchMean[k];
			final float fa = (float) a, fb1 = (float) b1, fb0 = (float) b0;
			for (int b = 0; b < n; b++) {
				final long base = (b * (long) c + k) * block;
				for (int i = (int) base; i < base + block; i++)
					db[i] = fa * gb[i] + fb1 * xb[i] + fb0;
			}
		}
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
		return new Pair<>(gradient, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, Nd4j.create(db, s, 'c')));
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

	private static void channelMeanAndVariance(final float[] in, final int n, final int c, final long block,
		final double[] mean, final double[] var)
	{
		final double m = n * (double) block;
		for (int b = 0; b < n; b++)
			for (int k = 0; k < c; k++) {
				final long base = (b * (long) c + k) * block;
				double sum = 0;
				for (int i = (int) base; i < base + block; i++)
					sum += in[i];
				mean[k] += sum;
			}
		for (int k = 0; k < c; k++)
			mean[k] /= m;
		for (int b = 0; b < n; b++)
			for (int k = 0; k < c; k++) {
				final long base = (b * (long) c + k) * block;
				final float mu = (float) mean[k];
				double sum = 0;
				for (int i = (int) base; i < base + block; i++) {
					final float d = in[i] - mu;
					sum += d * d;
				}
				var[k] += sum;
			}
		for (int k = 0; k < c; k++)
			var[k] /= m;
	}

	private static double[] values(final INDArray a) {
		return a.dup().castTo(DataType.DOUBLE).data().asDouble();
	}

	private static INDArray contiguous(final INDArray a) {
		return a.isView() || a.ordering() != 'c' || a.offset() != 0 ? a.dup('c') : a;
	}

	/** The values of a C-ordered array, copied to the heap. */
	private static float[] floats(final INDArray a) {
		if (a.length() > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("Activations of " + a.length() +
			" values are too large for batch normalization; use a smaller tile or patch");
		return a.reshape('c', new long[] { a.length() }).toFloatVector();
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
