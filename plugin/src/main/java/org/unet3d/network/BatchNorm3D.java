package org.unet3d.network;

import java.util.Collection;
import java.util.Map;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalization of 3D activations ({@code [N, C, D, H, W]}, statistics per channel over
 * N, D, H and W). DL4J 1.0.0-M2.1's BatchNormalization accepts only rank 2 and 4 and is slow on
 * 3D activations; {@link BatchNorm3DLayer} computes the same thing with DL4J's parameters (gamma,
 * beta, running mean and standard deviation). Its class name is part of the model file format.
 */
public class BatchNorm3D extends BatchNormalization {

	private static final long serialVersionUID = 1L;

	/** A batch norm layer with DL4J's defaults (decay 0.9, eps 1e-5, learned gamma and beta). */
	public BatchNorm3D() {
		super();
	}

	@Override
	public org.deeplearning4j.nn.api.Layer instantiate(final NeuralNetConfiguration conf,
		final Collection<TrainingListener> trainingListeners, final int layerIndex, final INDArray layerParamsView,
		final boolean initializeParams, final DataType networkDataType)
	{
		LayerValidation.assertNOutSet("BatchNorm3D", getLayerName(), layerIndex, getNOut());
		final BatchNorm3DLayer ret = new BatchNorm3DLayer(conf, networkDataType);
		ret.setListeners(trainingListeners);
		ret.setIndex(layerIndex);
		ret.setParamsViewArray(layerParamsView);
		final Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
		ret.setParamTable(paramTable);
		ret.setConf(conf);
		return ret;
	}

	@Override
	public InputType getOutputType(final int layerIndex, final InputType inputType) {
		if (inputType instanceof InputType.InputTypeConvolutional3D) return inputType;
		return super.getOutputType(layerIndex, inputType);
	}

	@Override
	public void setNIn(final InputType inputType, final boolean override) {
		if (inputType instanceof InputType.InputTypeConvolutional3D) {
			if (getNIn() <= 0 || override) {
				final long c = ((InputType.InputTypeConvolutional3D) inputType).getChannels();
				setNIn(c);
				setNOut(c);
			}
			return;
		}
		super.setNIn(inputType, override);
	}

	@Override
	public InputPreProcessor getPreProcessorForInputType(final InputType inputType) {
		if (inputType instanceof InputType.InputTypeConvolutional3D) return null;
		return super.getPreProcessorForInputType(inputType);
	}
}
