package org.unet3d.inference;

import java.util.Collections;
import java.util.Random;

import net.imglib2.img.array.ArrayImgs;

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
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.TestVolumes;
import org.unet3d.training.Trainer;
import org.unet3d.training.TrainingConfig;
import org.unet3d.training.TrainingMonitor;

/** Small networks with random weights and synthetic volumes for inference tests. */
final class TestModels {

	private TestModels() {}

	private static SegmentationModel trainedOnBalls;

	/**
	 * A depth-2, 4-filter U-Net trained on bright balls ({@link TestVolumes#balls}) as in
	 * TrainerTest, so it is confident like a real model; trained once per test JVM.
	 */
	static synchronized SegmentationModel trainedOnBalls() throws java.io.IOException {
		if (trainedOnBalls == null) {
			final TrainingConfig config = TrainingConfig.builder().depth(2).baseFilters(4).patchSize(new int[] { 16, 16,
				16 }).batchSize(2).epochs(12).stepsPerEpoch(25).seed(3).build();
			trainedOnBalls = new Trainer(config).train(Collections.singletonList(TestVolumes.balls(32, 32, 32, 12, 1)),
				null, Progress.NONE, TrainingMonitor.NONE);
		}
		return trainedOnBalls;
	}

	/** A U-Net with random weights (never trained). */
	static SegmentationModel randomUNet(final UNet3DConfig config, final long seed) {
		final int[] m = config.sizeMultiple();
		final int[] patch = { 4 * m[0], 4 * m[1], 4 * m[2] };
		final ComputationGraph g = UNet3DBuilder.of(config).seed(seed).build(patch);
		return new SegmentationModel(g, ModelMetadata.builder().network(config).patchSize(patch).build());
	}

	/**
	 * A network whose class scores depend on each voxel alone: a 1x1x1 convolution (weights
	 * {@code w[k]}, biases {@code b[k]}) and a softmax. Its metadata claims a one-level U-Net, so
	 * tiles must be multiples of 2, as for a real one.
	 */
	static final class PerVoxel {

		final SegmentationModel model;
		final double[] w;
		final double[] b;

		PerVoxel(final int classes, final long seed) {
			final ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).convolutionMode(
				ConvolutionMode.Same).graphBuilder().addInputs(UNet3DBuilder.INPUT).setInputTypes(InputType.convolutional3D(
					Convolution3D.DataFormat.NCDHW, 8, 8, 8, 1)).addLayer("head", new Convolution3D.Builder().kernelSize(1, 1,
						1).nOut(classes).activation(Activation.IDENTITY).dataFormat(Convolution3D.DataFormat.NCDHW).build(),
							UNet3DBuilder.INPUT).addLayer(UNet3DBuilder.OUTPUT, new Cnn3DLossLayer.Builder(
								Convolution3D.DataFormat.NCDHW).lossFunction(new LossMCXENT()).activation(Activation.SOFTMAX)
								.build(), "head").setOutputs(UNet3DBuilder.OUTPUT).build();
			final ComputationGraph g = new ComputationGraph(conf);
			g.init();
			final Random r = new Random(seed);
			w = new double[classes];
			b = new double[classes];
			for (int k = 0; k < classes; k++) {
				w[k] = 4 * r.nextGaussian();
				b[k] = r.nextGaussian();
			}
			final INDArray weights = g.getLayer("head").getParam("W");
			final INDArray bias = g.getLayer("head").getParam("b");
			for (int k = 0; k < classes; k++) {
				weights.putScalar(new long[] { k, 0, 0, 0, 0 }, w[k]);
				bias.putScalar(k, b[k]);
			}
			final UNet3DConfig c = UNet3DConfig.builder().depth(1).classes(classes).baseFilters(1).build();
			model = new SegmentationModel(g, ModelMetadata.builder().network(c).patchSize(new int[] { 8, 8, 8 }).build());
		}

		/** The probability of class k for a normalized intensity v. */
		double probability(final double v, final int k) {
			double max = Double.NEGATIVE_INFINITY;
			for (int j = 0; j < w.length; j++)
				max = Math.max(max, w[j] * v + b[j]);
			double sum = 0;
			for (int j = 0; j < w.length; j++)
				sum += Math.exp(w[j] * v + b[j] - max);
			return Math.exp(w[k] * v + b[k] - max) / sum;
		}
	}

	/** Voxels of a volume, X fastest. */
	static float[] blobs(final int sx, final int sy, final int sz, final long seed) {
		final Random r = new Random(seed);
		final float[] v = new float[sx * sy * sz];
		final int n = Math.max(4, sx * sy * sz / 2000);
		final double[][] c = new double[n][4];
		for (final double[] b : c) {
			b[0] = r.nextDouble() * sx;
			b[1] = r.nextDouble() * sy;
			b[2] = r.nextDouble() * sz;
			b[3] = 3 + 5 * r.nextDouble();
		}
		int i = 0;
		for (int z = 0; z < sz; z++)
			for (int y = 0; y < sy; y++)
				for (int x = 0; x < sx; x++, i++) {
					double s = 0;
					for (final double[] b : c) {
						final double dx = x - b[0], dy = y - b[1], dz = z - b[2];
						s += Math.exp(-(dx * dx + dy * dy + dz * dz) / (2 * b[3] * b[3]));
					}
					v[i] = (float) (100 * s + 10 * r.nextGaussian());
				}
		return v;
	}

	static Volume<?> volume(final float[] v, final int sx, final int sy, final int sz) {
		return Volume.of(ArrayImgs.floats(v, sx, sy, sz), VoxelSize.UNCALIBRATED);
	}

	/** A sink keeping all probabilities, {@code p[k][x + sx * (y + sy * z)]}. */
	static final class AllProbabilities implements SliceSink {

		final float[][] p;
		final int sliceLen;
		long nextZ;

		AllProbabilities(final int classes, final long sx, final long sy, final long sz) {
			sliceLen = (int) (sx * sy);
			p = new float[classes][(int) (sx * sy * sz)];
		}

		@Override
		public void accept(final long z, final float[][] probabilities) {
			if (z != nextZ) throw new AssertionError("slice " + z + " handed on out of order, expected " + nextZ);
			nextZ++;
			for (int k = 0; k < p.length; k++)
				System.arraycopy(probabilities[k], 0, p[k], (int) (z * sliceLen), sliceLen);
		}
	}
}
