package org.unet3d.inference;

import java.util.Collections;
import java.util.Random;

import net.imglib2.img.array.ArrayImgs;

import org.deeplearning4j.nn.graph.ComputationGraph;
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
