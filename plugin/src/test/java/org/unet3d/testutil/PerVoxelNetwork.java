package org.unet3d.testutil;

import java.util.Random;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;

/**
 * A network whose class scores depend on each voxel alone: a 1x1x1 convolution (weights
 * {@code w[k]}, biases {@code b[k]}) and a softmax. Its metadata claims a one-level U-Net, so
 * tiles must be multiples of 2, as for a real one.
 */
public final class PerVoxelNetwork {

	public final SegmentationModel model;
	final double[] w;
	final double[] b;

	/** Random weights and biases. */
	public PerVoxelNetwork(final int classes, final long seed) {
		this(random(classes, seed, 4), random(classes, seed, 1), seed);
	}

	/** Given weights and biases, one per class (e.g. a class that wins where the normalized intensity is high). */
	public PerVoxelNetwork(final double[] weights, final double[] biases) {
		this(weights.clone(), biases.clone(), 1);
	}

	private PerVoxelNetwork(final double[] w, final double[] b, final long seed) {
		final int classes = w.length;
		final ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).convolutionMode(
			ConvolutionMode.Same).graphBuilder().addInputs(UNet3DBuilder.INPUT).setInputTypes(InputType.convolutional3D(
				Convolution3D.DataFormat.NCDHW, 8, 8, 8, 1)).addLayer("head", new Convolution3D.Builder().kernelSize(1, 1,
					1).nOut(classes).activation(Activation.IDENTITY).dataFormat(Convolution3D.DataFormat.NCDHW).build(),
						UNet3DBuilder.INPUT).addLayer(UNet3DBuilder.OUTPUT, new Cnn3DLossLayer.Builder(
							Convolution3D.DataFormat.NCDHW).lossFunction(new LossMCXENT()).activation(Activation.SOFTMAX)
							.build(), "head").setOutputs(UNet3DBuilder.OUTPUT).build();
		final ComputationGraph g = new ComputationGraph(conf);
		g.init();
		this.w = w;
		this.b = b;
		final INDArray weights = g.getLayer("head").getParam("W");
		final INDArray bias = g.getLayer("head").getParam("b");
		for (int k = 0; k < classes; k++) {
			weights.putScalar(new long[] { k, 0, 0, 0, 0 }, w[k]);
			bias.putScalar(k, b[k]);
		}
		final UNet3DConfig c = UNet3DConfig.builder().depth(1).classes(classes).baseFilters(1).build();
		model = new SegmentationModel(g, ModelMetadata.builder().network(c).patchSize(new int[] { 8, 8, 8 }).build());
	}

	/** The random weights (scale 4) or biases (scale 1) of the seeded network, as drawn before. */
	private static double[] random(final int classes, final long seed, final double scale) {
		final Random r = new Random(seed);
		final double[] v = new double[classes];
		for (int k = 0; k < classes; k++) {
			final double weight = 4 * r.nextGaussian();
			final double bias = r.nextGaussian();
			v[k] = scale == 4 ? weight : bias;
		}
		return v;
	}

	/** The probability of class k for a normalized intensity v. */
	public double probability(final double v, final int k) {
		double max = Double.NEGATIVE_INFINITY;
		for (int j = 0; j < w.length; j++)
			max = Math.max(max, w[j] * v + b[j]);
		double sum = 0;
		for (int j = 0; j < w.length; j++)
			sum += Math.exp(w[j] * v + b[j] - max);
		return Math.exp(w[k] * v + b[k] - max) / sum;
	}
}
