package org.unet3d.network;

import java.util.Arrays;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layer (what runs) of {@link ConcatVertex3D}. Forward: concatenation on axis 1 into the activation
 * workspace. Backward: the incoming gradient is cut along axis 1 into one slice per input, each
 * copied into the activation-gradient workspace.
 */
public class ConcatVertex3DLayer extends BaseGraphVertex {

	private static final long serialVersionUID = 1L;

	private long[][] inputShapes;

	public ConcatVertex3DLayer(final ComputationGraph graph, final String name, final int vertexIndex,
		final DataType dataType)
	{
		super(graph, name, vertexIndex, null, null, dataType);
	}

	@Override
	public boolean hasLayer() {
		return false;
	}

	@Override
	public Layer getLayer() {
		return null;
	}

	@Override
	public INDArray doForward(final boolean training, final LayerWorkspaceMgr workspaceMgr) {
		if (!canDoForward()) throw new IllegalStateException("ConcatVertex3D " + vertexName + ": inputs not set");
		inputShapes = new long[inputs.length][];
		for (int i = 0; i < inputs.length; i++) {
			final long[] s = inputs[i].shape();
			if (s.length != 5) throw new IllegalStateException("ConcatVertex3D " + vertexName +
				" expects [N,C,D,H,W] inputs, input " + i + " has shape " + Arrays.toString(s));
			if (i > 0 && (s[0] != inputShapes[0][0] || s[2] != inputShapes[0][2] || s[3] != inputShapes[0][3] ||
				s[4] != inputShapes[0][4])) throw new IllegalStateException("ConcatVertex3D " + vertexName +
					": inputs differ outside the channel axis: " + Arrays.toString(inputShapes[0]) + " vs " + Arrays
						.toString(s));
			inputShapes[i] = s;
		}
		try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
			return Nd4j.concat(1, inputs);
		}
	}

	@Override
	public Pair<Gradient, INDArray[]> doBackward(final boolean tbptt, final LayerWorkspaceMgr workspaceMgr) {
		if (!canDoBackward()) throw new IllegalStateException("ConcatVertex3D " + vertexName + ": epsilon not set");
		final INDArray[] out = new INDArray[inputShapes.length];
		long from = 0;
		for (int i = 0; i < out.length; i++) {
			final long c = inputShapes[i][1];
			out[i] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), inputShapes[i], 'c');
			out[i].assign(epsilon.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + c), NDArrayIndex.all(),
				NDArrayIndex.all(), NDArrayIndex.all()));
			from += c;
		}
		return new Pair<>(null, out);
	}

	@Override
	public void setBackpropGradientsViewArray(final INDArray backpropGradientsViewArray) {
		if (backpropGradientsViewArray != null) throw new IllegalStateException(
			"ConcatVertex3D has no parameters, so no gradient view");
	}

	@Override
	public Pair<INDArray, MaskState> feedForwardMaskArrays(final INDArray[] maskArrays,
		final MaskState currentMaskState, final int minibatchSize)
	{
		// Masks of 3D activations are per voxel and identical for all inputs of a skip connection.
		if (maskArrays == null) return new Pair<>(null, currentMaskState);
		for (final INDArray m : maskArrays)
			if (m != null) return new Pair<>(m, currentMaskState);
		return new Pair<>(null, currentMaskState);
	}

	@Override
	public String toString() {
		return "ConcatVertex3D(id=" + vertexIndex + ",name=\"" + vertexName + "\")";
	}
}
