package org.unet3d.network;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Concatenates 3D activations ({@code [N, C, D, H, W]}) along the channel axis: the skip connection
 * of a U-Net. DL4J 1.0.0-M2.1's own {@code MergeVertex} cannot backpropagate rank-5 arrays; this
 * vertex can (see {@link ConcatVertex3DLayer}). Its class name is part of the model file format.
 */
public class ConcatVertex3D extends GraphVertex {

	private static final long serialVersionUID = 1L;

	@Override
	public ConcatVertex3D clone() {
		return new ConcatVertex3D();
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof ConcatVertex3D;
	}

	@Override
	public int hashCode() {
		return ConcatVertex3D.class.getName().hashCode();
	}

	@Override
	public long numParams(final boolean backprop) {
		return 0;
	}

	@Override
	public int minVertexInputs() {
		return 2;
	}

	@Override
	public int maxVertexInputs() {
		return Integer.MAX_VALUE;
	}

	@Override
	public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(final ComputationGraph graph, final String name,
		final int idx, final INDArray paramsView, final boolean initializeParams, final DataType networkDatatype)
	{
		return new ConcatVertex3DLayer(graph, name, idx, networkDatatype);
	}

	@Override
	public InputType getOutputType(final int layerIndex, final InputType... inputs) throws InvalidInputTypeException {
		if (inputs == null || inputs.length < 2) throw new InvalidInputTypeException(
			"ConcatVertex3D needs at least two inputs");
		long channels = 0;
		InputType.InputTypeConvolutional3D first = null;
		for (final InputType t : inputs) {
			if (!(t instanceof InputType.InputTypeConvolutional3D)) throw new InvalidInputTypeException(
				"ConcatVertex3D concatenates 3D convolutional activations, got " + t);
			final InputType.InputTypeConvolutional3D c = (InputType.InputTypeConvolutional3D) t;
			if (first == null) first = c;
			else if (c.getDepth() != first.getDepth() || c.getHeight() != first.getHeight() || c.getWidth() != first
				.getWidth()) throw new InvalidInputTypeException("ConcatVertex3D inputs differ in size: " + first + " vs " +
					c);
			channels += c.getChannels();
		}
		return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, first.getDepth(), first.getHeight(), first
			.getWidth(), channels);
	}

	@Override
	public MemoryReport getMemoryReport(final InputType... inputs) {
		final InputType out = getOutputType(-1, inputs);
		return new LayerMemoryReport.Builder(null, ConcatVertex3D.class, inputs[0], out).standardMemory(0, 0)
			.workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
	}

	@Override
	public String toString() {
		return "ConcatVertex3D()";
	}
}
