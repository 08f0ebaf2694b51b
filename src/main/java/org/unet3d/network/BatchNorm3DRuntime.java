package org.unet3d.network;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime side of {@link BatchNorm3D}: views rank-5 input {@code [N, C, D, H, W]} as rank 4
 * {@code [N, C, D*H*W, 1]} (no copy for the usual C-ordered activations), runs DL4J's batch
 * normalization on it, and gives the output and the input gradient their rank-5 shape back.
 */
public class BatchNorm3DRuntime extends BatchNormalization {

	private static final long serialVersionUID = 1L;

	public BatchNorm3DRuntime(final NeuralNetConfiguration conf, final DataType dataType) {
		super(conf, dataType);
	}

	@Override
	public INDArray activate(final boolean training, final LayerWorkspaceMgr workspaceMgr) {
		final INDArray original = input;
		if (original == null || original.rank() != 5) return super.activate(training, workspaceMgr);
		final long[] s = original.shape();
		try {
			input = as4d(original);
			return super.activate(training, workspaceMgr).reshape('c', s);
		}
		finally {
			input = original;
		}
	}

	@Override
	public Pair<Gradient, INDArray> backpropGradient(final INDArray epsilon, final LayerWorkspaceMgr workspaceMgr) {
		final INDArray original = input;
		if (original == null || original.rank() != 5) return super.backpropGradient(epsilon, workspaceMgr);
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
		return a.reshape('c', s[0], s[1], s[2] * s[3] * s[4], 1);
	}
}
