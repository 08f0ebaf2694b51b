package org.unet3d.network;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The same network computed by DL4J's own layers: {@link Conv3D} becomes DL4J's Convolution3D (as
 * in models saved before Conv3D existed) and {@link UpConv3D} becomes DL4J's Deconvolution3D (as
 * UpConv3D ran before it had its own runtime), with the same parameters.
 */
final class ReferenceLayers {

	private ReferenceLayers() {}

	/** DL4J's Deconvolution3D with the output shape fixed for anisotropic strides (UpConv3D's old self). */
	public static class Dl4jUpConv3D extends Deconvolution3D {

		private static final long serialVersionUID = 1L;

		@Override
		public InputType getOutputType(final int layerIndex, final InputType inputType) {
			if (!(inputType instanceof InputType.InputTypeConvolutional3D)) throw new InvalidInputTypeException(
				"3D input expected");
			final InputType.InputTypeConvolutional3D in = (InputType.InputTypeConvolutional3D) inputType;
			final int[] s = getStride();
			return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, in.getDepth() * s[0], in.getHeight() * s[1],
				in.getWidth() * s[2], getNOut());
		}
	}

	/** The configuration with DL4J's layers in place of ours (a JSON rewrite of the class names). */
	static ComputationGraphConfiguration of(final ComputationGraphConfiguration conf) {
		final String json = conf.toJson().replace("\"" + Conv3D.class.getName() + "\"", "\"" + Convolution3D.class
			.getName() + "\"").replace("\"" + UpConv3D.class.getName() + "\"", "\"" + Dl4jUpConv3D.class.getName() +
				"\"");
		return ComputationGraphConfiguration.fromJson(json);
	}

	/** A reference network with the parameters (and batch norm statistics) of {@code g}. */
	static ComputationGraph of(final ComputationGraph g) {
		final ComputationGraph r = new ComputationGraph(of(g.getConfiguration()));
		r.init(g.params().dup(), true);
		for (final Map.Entry<String, INDArray> e : g.paramTable().entrySet())
			if (!e.getValue().equals(r.getParam(e.getKey()))) throw new AssertionError("parameter " + e.getKey() +
				" differs after copying");
		return r;
	}
}
