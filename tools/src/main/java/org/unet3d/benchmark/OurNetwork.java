package org.unet3d.benchmark;

import java.util.Random;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.unet3d.data.PercentileNormalization;
import org.unet3d.inference.TiledPredictor;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.progress.Progress;
import org.unet3d.samples.LabeledStack;
import org.unet3d.samples.SyntheticStacks;

/**
 * Our U-Net for one {@link Workload}, timed the way the peer times its own: training steps on a
 * fixed random batch (Adam, cross-entropy), forward passes of that batch, and tiled segmentation
 * of a whole generated stack ({@link TiledPredictor}, tile = patch, same batch). Times in
 * milliseconds.
 */
final class OurNetwork {

	private final Workload workload;
	private final ComputationGraph graph;
	private final MultiDataSet data;
	private final INDArray features;
	private final MemoryMeter memory;
	private LabeledStack stack;
	private long lastTiles;

	OurNetwork(final Workload w, final MemoryMeter memory) {
		this.workload = w;
		this.memory = memory;
		final int[] p = w.patchZYX();
		graph = UNet3DBuilder.of(w.network()).seed(1).build(p);
		final int k = w.network().classes();
		final Random r = new Random(1);
		features = Nd4j.rand(DataType.FLOAT, w.batch(), w.network().inputChannels(), p[0], p[1], p[2]);
		final int n = p[0] * p[1] * p[2];
		final float[] labels = new float[w.batch() * k * n];
		for (int b = 0; b < w.batch(); b++)
			for (int v = 0; v < n; v++)
				labels[(b * k + r.nextInt(k)) * n + v] = 1;
		data = new MultiDataSet(features, Nd4j.create(labels, new long[] { w.batch(), k, p[0], p[1], p[2] }, 'c'));
	}

	/** Milliseconds of each of {@code steps} training steps. */
	double[] train(final int steps) {
		final double[] t = new double[steps];
		for (int i = 0; i < steps; i++) {
			final long s = System.nanoTime();
			graph.fit(data);
			t[i] = (System.nanoTime() - s) / 1e6;
			memory.sample();
		}
		return t;
	}

	/** Milliseconds of each of {@code reps} forward passes (inference mode) of the batch. */
	double[] infer(final int reps) {
		final double[] t = new double[reps];
		for (int i = 0; i < reps; i++) {
			final long s = System.nanoTime();
			graph.outputSingle(false, features);
			t[i] = (System.nanoTime() - s) / 1e6;
			memory.sample();
		}
		return t;
	}

	/** Milliseconds to segment the workload's generated stack. */
	double tiled() {
		if (stack == null) {
			final long[] s = workload.stackXYZ();
			stack = SyntheticStacks.generate(workload.stackKind(), s[0], s[1], s[2], 7);
		}
		final SegmentationModel model = new SegmentationModel(graph, ModelMetadata.builder().network(workload.network())
			.patchSize(workload.patchZYX()).normalization(PercentileNormalization.standard()).voxelSize(stack
				.voxelSize()).build());
		final TiledPredictor p = TiledPredictor.of(model).tile(workload.patchZYX()).batch(workload.batch()).build();
		lastTiles = p.plan(stack.image()).tiles();
		final long s = System.nanoTime();
		p.segment(stack.image(), Progress.NONE);
		final double ms = (System.nanoTime() - s) / 1e6;
		memory.sample();
		return ms;
	}

	/** Voxels of the stack segmented by {@link #tiled()}. */
	long stackVoxels() {
		final long[] s = workload.stackXYZ();
		return s[0] * s[1] * s[2];
	}

	/** Tiles of the last {@link #tiled()} run. */
	long tiles() {
		return lastTiles;
	}
}
