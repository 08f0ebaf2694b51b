package org.unet3d.network;

import java.util.Collection;
import java.util.Map;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The U-Net's 3D convolution (stride 1, "same" padding) with bias and activation. Same
 * configuration, parameters ({@code W} as {@code [out, in, kz, ky, kx]}, {@code b}) and results as
 * DL4J's Convolution3D, but its runtime ({@link Conv3DLayer}) runs the convolution once per step:
 * DL4J 1.0.0-M2.1 runs the forward convolution a second time in backprop. Its class name is part
 * of the model file format.
 */
public class Conv3D extends Convolution3D {

	private static final long serialVersionUID = 1L;

	/** Whether backprop computes the gradient with respect to the input (false: zeros are returned). */
	private boolean inputGradient = true;

	/** For JSON deserialization. */
	public Conv3D() {
		super();
	}

	private Conv3D(final Convolution3D.Builder b) {
		super(b);
	}

	/** A convolution with the given kernel (z, y, x), output channels and activation; NCDHW. */
	public static Conv3D of(final int[] kernelZYX, final int filters, final Activation activation) {
		return new Conv3D(new Convolution3D.Builder().kernelSize(kernelZYX).nOut(filters).activation(activation)
			.dataFormat(Convolution3D.DataFormat.NCDHW));
	}

	/**
	 * This layer without the gradient with respect to its input, for the first layer of a network,
	 * whose input gradient no one uses: backprop returns zeros there and skips that work.
	 */
	public Conv3D withoutInputGradient() {
		inputGradient = false;
		return this;
	}

	/** False if backprop skips the gradient with respect to the input (see {@link #withoutInputGradient()}). */
	public boolean isInputGradient() {
		return inputGradient;
	}

	/** For JSON deserialization. */
	public void setInputGradient(final boolean on) {
		inputGradient = on;
	}

	@Override
	public boolean equals(final Object o) {
		return super.equals(o) && o instanceof Conv3D && ((Conv3D) o).inputGradient == inputGradient;
	}

	@Override
	public int hashCode() {
		return 31 * super.hashCode() + (inputGradient ? 1 : 0);
	}

	@Override
	public org.deeplearning4j.nn.api.Layer instantiate(final NeuralNetConfiguration conf,
		final Collection<TrainingListener> trainingListeners, final int layerIndex, final INDArray layerParamsView,
		final boolean initializeParams, final DataType networkDataType)
	{
		LayerValidation.assertNInNOutSet("Conv3D", getLayerName(), layerIndex, getNIn(), getNOut());
		final Conv3DLayer ret = new Conv3DLayer(conf, networkDataType);
		ret.setListeners(trainingListeners);
		ret.setIndex(layerIndex);
		ret.setParamsViewArray(layerParamsView);
		final Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
		ret.setParamTable(paramTable);
		ret.setConf(conf);
		return ret;
	}
}
