package org.unet3d.network;

import java.util.Collection;
import java.util.Map;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The U-Net's up-convolution: a transposed 3D convolution whose kernel equals its stride (the
 * level's pooling factors, z, y, x), so each input voxel becomes a block of output voxels. It
 * computes what DL4J's Deconvolution3D computes, but reports its output shape correctly for
 * anisotropic factors (DL4J 1.0.0-M2.1 mixes up the axes there), and runs as matrix products
 * ({@link UpConv3DLayer}) instead of DL4J's slow generic transposed convolution. Its class name
 * and parameter layout are part of the model file format.
 */
public class UpConv3D extends Deconvolution3D {

	private static final long serialVersionUID = 1L;

	/** For JSON deserialization. */
	public UpConv3D() {
		super();
	}

	private UpConv3D(final Deconvolution3D.Builder b) {
		super(b);
	}

	/** An up-convolution by {@code factorsZYX} to {@code filters} channels, no activation. */
	public static UpConv3D of(final int[] factorsZYX, final int filters) {
		return new UpConv3D(new Deconvolution3D.Builder().kernelSize(factorsZYX).stride(factorsZYX).nOut(filters)
			.activation(Activation.IDENTITY).dataFormat(Convolution3D.DataFormat.NCDHW));
	}

	@Override
	public InputType getOutputType(final int layerIndex, final InputType inputType) {
		if (!(inputType instanceof InputType.InputTypeConvolutional3D)) throw new InvalidInputTypeException(
			"UpConv3D needs 3D convolutional input, got " + inputType);
		final InputType.InputTypeConvolutional3D in = (InputType.InputTypeConvolutional3D) inputType;
		final int[] s = getStride();
		return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, in.getDepth() * s[0], in.getHeight() * s[1], in
			.getWidth() * s[2], getNOut());
	}

	@Override
	public org.deeplearning4j.nn.api.Layer instantiate(final NeuralNetConfiguration conf,
		final Collection<TrainingListener> trainingListeners, final int layerIndex, final INDArray layerParamsView,
		final boolean initializeParams, final DataType networkDataType)
	{
		LayerValidation.assertNInNOutSet("UpConv3D", getLayerName(), layerIndex, getNIn(), getNOut());
		final UpConv3DLayer ret = new UpConv3DLayer(conf, networkDataType);
		ret.setListeners(trainingListeners);
		ret.setIndex(layerIndex);
		ret.setParamsViewArray(layerParamsView);
		final Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
		ret.setParamTable(paramTable);
		ret.setConf(conf);
		return ret;
	}
}
