package org.unet3d.network;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.util.Arrays;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.Convolution3DLayer;
import org.deeplearning4j.nn.params.Convolution3DParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The layer (what runs) of {@link Conv3D}: calls ND4J's {@code conv3dnew} and {@code conv3dnew_bp} ops
 * (oneDNN kernels on the CPU) directly, with DL4J's weight layout ({@code [out, in, kz, ky, kx]},
 * so no permuted copies). The activation is applied in place, and its derivative is taken from the
 * kept output for ReLU and identity (ReLU'(z) = [out > 0]), so backprop runs no forward
 * convolution. Other activations keep the pre-activation. Without an input gradient (first layer),
 * backprop is a single matrix product over the input's neighbourhoods. A 1x1x1 convolution (the
 * network's head) is a matrix product per sample in both directions, with no format conversions.
 * Where oneDNN has no direct kernel for the input channel count (fewer than a full register block
 * of 16 channels on AVX-512, e.g. 8), backprop runs on channels padded with zeros to the block,
 * which takes oneDNN's direct kernel instead of its much slower im2col one and gives the same
 * gradients. Configurations outside the U-Net's (stride, dilation, padding other than "same",
 * NDHWC) fall back to DL4J's implementation.
 */
public class Conv3DLayer extends Convolution3DLayer {

	private static final long serialVersionUID = 1L;

	/** Input channels up to which the first layer's weight gradient is one matrix product over neighbourhoods. */
	static final long MAX_IM2COL_CHANNELS = 4;

	/**
	 * Input channel counts from half of this up to it (exclusive) are padded to it in backprop; 0 for
	 * none. oneDNN's direct backward kernels work on blocks of 16 channels on AVX-512 CPUs (8 on
	 * AVX2, where 8 channels already take them).
	 */
	private static volatile int paddedChannelBlock = Nd4j.getEnvironment().isCPU() && NativeLibraries.hasAvx512() ? 16 : 0;

	/** For tests: pads input channels to this block in backprop (0: never); returns the block before. */
	static int padChannelsTo(final int block) {
		final int before = paddedChannelBlock;
		paddedChannelBlock = block;
		return before;
	}

	/** The input channel count backprop runs with for {@code channels} input channels. */
	static long paddedChannels(final long channels) {
		final int block = paddedChannelBlock;
		return block > 0 && channels < block && 2 * channels >= block ? block : channels;
	}

	/** Output of the last training forward pass (ReLU and identity). */
	private transient INDArray output;
	/** Pre-activation of the last training forward pass (other activations). */
	private transient INDArray preActivation;
	/** The input that {@link #output} or {@link #preActivation} was computed from. */
	private transient INDArray cachedFor;

	public Conv3DLayer(final NeuralNetConfiguration conf, final DataType dataType) {
		super(conf, dataType);
	}

	private Convolution3D conf3d() {
		return (Convolution3D) layerConf();
	}

	/** True for the configurations the direct path implements. */
	private boolean direct() {
		final Convolution3D c = conf3d();
		for (int a = 0; a < 3; a++)
			if (c.getStride()[a] != 1 || c.getDilation()[a] != 1 || c.getKernelSize()[a] % 2 != 1) return false;
		return c.getDataFormat() == Convolution3D.DataFormat.NCDHW && c.getConvolutionMode() == ConvolutionMode.Same;
	}

	private int[] intArgs() {
		final int[] k = conf3d().getKernelSize();
		// kernel, stride, padding, dilation, same mode, NCDHW (0), weights [out, in, kz, ky, kx] (1)
		return new int[] { k[0], k[1], k[2], 1, 1, 1, k[0] / 2, k[1] / 2, k[2] / 2, 1, 1, 1, 1, 0, 1 };
	}

	@Override
	public INDArray activate(final boolean training, final LayerWorkspaceMgr workspaceMgr) {
		assertInputSet(false);
		if (!direct()) return super.activate(training, workspaceMgr);
		applyDropOutIfNecessary(training, workspaceMgr);
		final INDArray x = checkedInput();
		final Convolution3D c = conf3d();
		final long[] s = x.shape();
		final INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] { s[0], c
			.getNOut(), s[2], s[3], s[4] }, 'c');
		final INDArray w = getParamWithNoise(Convolution3DParamInitializer.WEIGHT_KEY, training, workspaceMgr);
		final INDArray bias = c.hasBias() ? getParamWithNoise(Convolution3DParamInitializer.BIAS_KEY, training,
			workspaceMgr) : null;
		if (pointwise()) pointwiseForward(x, w, bias, z);
		else {
			final DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv3dnew").addIntegerArguments(
				intArgs()).addOutputs(z).callInplace(false);
			if (bias != null) op.addInputs(x, w, bias);
			else op.addInputs(x, w);
			Nd4j.exec(op.build());
		}
		final IActivation act = c.getActivationFn();
		output = null;
		preActivation = null;
		cachedFor = training ? input : null;
		if (isRelu(act)) {
			Transforms.relu(z, false);
			if (training) output = z;
		}
		else if (act instanceof ActivationIdentity) {
			if (training) output = z;
		}
		else {
			if (training) preActivation = workspaceMgr.dup(ArrayType.ACTIVATIONS, z);
			act.getActivation(z, training);
		}
		return z;
	}

	@Override
	public Pair<Gradient, INDArray> backpropGradient(final INDArray epsilon, final LayerWorkspaceMgr workspaceMgr) {
		assertInputSet(true);
		if (!direct()) return super.backpropGradient(epsilon, workspaceMgr);
		final INDArray x = checkedInput();
		final Convolution3D c = conf3d();
		final IActivation act = c.getActivationFn();
		final long[] outShape = { x.size(0), c.getNOut(), x.size(2), x.size(3), x.size(4) };
		if (!Arrays.equals(epsilon.shape(), outShape)) throw new DL4JInvalidInputException("Conv3D " + layerId() +
			": gradient of shape " + Arrays.toString(epsilon.shape()) + ", expected " + Arrays.toString(outShape));
		final boolean cached = cachedFor == input && ((output != null && Arrays.equals(output.shape(), outShape)) ||
			(preActivation != null && Arrays.equals(preActivation.shape(), outShape)));
		if (!cached) activate(true, workspaceMgr);
		final INDArray eps = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
		final INDArray delta;
		if (isRelu(act)) {
			delta = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, outShape, 'c');
			Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(output, eps).addOutputs(delta)
				.addFloatingPointArguments(0.0).callInplace(false).build());
		}
		else if (act instanceof ActivationIdentity) delta = eps;
		else delta = act.backprop(workspaceMgr.dup(ArrayType.BP_WORKING_MEM, preActivation), eps).getFirst();

		final INDArray w = getParamWithNoise(Convolution3DParamInitializer.WEIGHT_KEY, true, workspaceMgr);
		final INDArray gradW = gradientViews.get(Convolution3DParamInitializer.WEIGHT_KEY);
		if (!((Conv3D) c).isInputGradient() && x.size(1) <= MAX_IM2COL_CHANNELS) {
			final Gradient g = weightGradientOnly(x, delta, gradW, workspaceMgr);
			weightNoiseParams.clear();
			forget();
			return new Pair<>(g, workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c'));
		}
		final INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
		final Gradient g = new DefaultGradient();
		final INDArray gradB = c.hasBias() ? gradientViews.get(Convolution3DParamInitializer.BIAS_KEY) : null;
		if (gradB != null) g.setGradientFor(Convolution3DParamInitializer.BIAS_KEY, gradB);
		if (pointwise()) pointwiseBackward(x, w, delta, epsOut, gradW, gradB);
		else {
			final long ch = x.size(1);
			final long padded = paddedChannels(ch);
			final INDArray xIn, wIn, epsIn, gradWIn;
			if (padded == ch) {
				xIn = x;
				wIn = w;
				epsIn = epsOut;
				gradWIn = gradW;
			}
			else {
				final long[] s = x.shape();
				xIn = workspaceMgr.create(ArrayType.BP_WORKING_MEM, dataType, new long[] { s[0], padded, s[2], s[3], s[4] },
					'c');
				xIn.get(all(), interval(0, ch)).assign(x);
				final long[] ws = w.shape();
				wIn = workspaceMgr.create(ArrayType.BP_WORKING_MEM, dataType, new long[] { ws[0], padded, ws[2], ws[3],
					ws[4] }, 'c');
				wIn.get(all(), interval(0, ch)).assign(w);
				epsIn = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, xIn.shape(), 'c');
				gradWIn = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, wIn.shape(), 'c');
			}
			final DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv3dnew_bp").addIntegerArguments(
				intArgs()).callInplace(false);
			if (gradB != null) op.addInputs(xIn, wIn, getParamWithNoise(Convolution3DParamInitializer.BIAS_KEY, true,
				workspaceMgr), delta).addOutputs(epsIn, gradWIn, gradB);
			else op.addInputs(xIn, wIn, delta).addOutputs(epsIn, gradWIn);
			Nd4j.exec(op.build());
			if (padded != ch) {
				epsOut.assign(epsIn.get(all(), interval(0, ch)));
				gradW.assign(gradWIn.get(all(), interval(0, ch)));
			}
		}
		g.setGradientFor(Convolution3DParamInitializer.WEIGHT_KEY, gradW, 'c');
		weightNoiseParams.clear();
		forget();
		return new Pair<>(g, backpropDropOutIfPresent(epsOut));
	}

	/**
	 * Weight and bias gradients without the input gradient (first layer): the input's k-neighbourhoods
	 * as rows ({@code [N, C*kz*ky*kx, D*H*W]}, cheap for few input channels) times the output gradient,
	 * one matrix product per sample.
	 */
	private Gradient weightGradientOnly(final INDArray x, final INDArray delta, final INDArray gradW,
		final LayerWorkspaceMgr workspaceMgr)
	{
		final int[] k = conf3d().getKernelSize();
		final long n = x.size(0), ch = x.size(1), d = x.size(2), h = x.size(3), w = x.size(4);
		final long taps = (long) k[0] * k[1] * k[2];
		final INDArray padded = workspaceMgr.create(ArrayType.BP_WORKING_MEM, dataType, new long[] { n, ch, d + k[0] - 1,
			h + k[1] - 1, w + k[2] - 1 }, 'c');
		padded.get(all(), all(), interval(k[0] / 2, k[0] / 2 + d), interval(k[1] / 2, k[1] / 2 + h), interval(k[2] / 2,
			k[2] / 2 + w)).assign(x);
		final INDArray rows = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, new long[] { n, ch *
			taps, d, h, w }, 'c');
		long r = 0;
		for (long c = 0; c < ch; c++)
			for (int a = 0; a < k[0]; a++)
				for (int b = 0; b < k[1]; b++)
					for (int e = 0; e < k[2]; e++)
						rows.get(all(), point(r++)).assign(padded.get(all(), point(c), interval(a, a + d), interval(b, b + h),
							interval(e, e + w)));
		final long out = conf3d().getNOut();
		final INDArray gw = gradW.reshape('c', out, ch * taps);
		final INDArray rowsM = rows.reshape('c', n, ch * taps, d * h * w);
		final INDArray deltaM = delta.reshape('c', n, out, d * h * w);
		for (long i = 0; i < n; i++)
			Nd4j.gemm(deltaM.slice(i), rowsM.slice(i), gw, false, true, 1.0, i == 0 ? 0.0 : 1.0);
		final Gradient g = new DefaultGradient();
		if (conf3d().hasBias()) {
			final INDArray gradB = gradientViews.get(Convolution3DParamInitializer.BIAS_KEY);
			delta.sum(gradB.reshape(gradB.length()), 0, 2, 3, 4);
			g.setGradientFor(Convolution3DParamInitializer.BIAS_KEY, gradB);
		}
		g.setGradientFor(Convolution3DParamInitializer.WEIGHT_KEY, gradW, 'c');
		return g;
	}

	/** True for a 1x1x1 kernel: a matrix product per sample. */
	private boolean pointwise() {
		final int[] k = conf3d().getKernelSize();
		return k[0] == 1 && k[1] == 1 && k[2] == 1;
	}

	/** {@code z[n] = W x[n] + b} with {@code x[n]} as {@code [in, D*H*W]}, {@code W} as {@code [out, in]}. */
	private static void pointwiseForward(final INDArray x, final INDArray w, final INDArray bias, final INDArray z) {
		final long n = x.size(0);
		final long voxels = x.size(2) * x.size(3) * x.size(4);
		final INDArray xm = x.reshape('c', n, x.size(1), voxels);
		final INDArray zm = z.reshape('c', n, z.size(1), voxels);
		final INDArray wm = w.reshape('c', w.size(0), w.size(1));
		for (long i = 0; i < n; i++) {
			final INDArray zi = zm.slice(i);
			Nd4j.gemm(wm, xm.slice(i), zi, false, false, 1.0, 0.0);
			if (bias != null) zi.addiColumnVector(bias.reshape(bias.length(), 1));
		}
	}

	/**
	 * Gradients of a 1x1x1 convolution: {@code dW = sum_n delta[n] x[n]^T}, {@code db = sum of delta
	 * over samples and voxels}, {@code dx[n] = W^T delta[n]}.
	 */
	private static void pointwiseBackward(final INDArray x, final INDArray w, final INDArray delta,
		final INDArray epsOut, final INDArray gradW, final INDArray gradB)
	{
		final long n = x.size(0);
		final long voxels = x.size(2) * x.size(3) * x.size(4);
		final INDArray xm = x.reshape('c', n, x.size(1), voxels);
		final INDArray dm = delta.reshape('c', n, delta.size(1), voxels);
		final INDArray em = epsOut.reshape('c', n, x.size(1), voxels);
		final INDArray wm = w.reshape('c', w.size(0), w.size(1));
		final INDArray gw = gradW.reshape('c', w.size(0), w.size(1));
		for (long i = 0; i < n; i++) {
			Nd4j.gemm(dm.slice(i), xm.slice(i), gw, false, true, 1.0, i == 0 ? 0.0 : 1.0);
			Nd4j.gemm(wm, dm.slice(i), em.slice(i), true, false, 1.0, 0.0);
		}
		if (gradB != null) dm.sum(gradB.reshape(gradB.length()), 0, 2);
	}

	private INDArray checkedInput() {
		final INDArray x = input.dataType() == dataType ? input : input.castTo(dataType);
		if (x.rank() != 5) throw new DL4JInvalidInputException("Conv3D " + layerId() + " expects [N, C, D, H, W] " +
			"input, got shape " + Arrays.toString(x.shape()));
		if (x.size(1) != conf3d().getNIn()) throw new DL4JInvalidInputException("Conv3D " + layerId() + " expects " +
			conf3d().getNIn() + " input channels, got shape " + Arrays.toString(x.shape()));
		return x;
	}

	private static boolean isRelu(final IActivation act) {
		return act instanceof ActivationReLU && act.equals(new ActivationReLU());
	}

	private void forget() {
		output = null;
		preActivation = null;
		cachedFor = null;
	}

	@Override
	public void clear() {
		super.clear();
		forget();
	}
}
