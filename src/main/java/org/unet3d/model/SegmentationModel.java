package org.unet3d.model;

import java.util.Collections;

import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.unet3d.network.Conv3DRuntime;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;

/**
 * A trained (or training) 3D U-Net together with its {@link ModelMetadata}: what
 * {@link org.unet3d.io.ModelFile} reads and writes, what training produces and segmentation uses.
 */
public final class SegmentationModel {

	private final ComputationGraph graph;
	private final ModelMetadata metadata;

	public SegmentationModel(final ComputationGraph graph, final ModelMetadata metadata) {
		this.graph = graph;
		this.metadata = metadata;
	}

	/** The DL4J network; input {@code [N, C, D, H, W]}, output {@code [N, K, D, H, W]} probabilities. */
	public ComputationGraph graph() {
		return graph;
	}

	public ModelMetadata metadata() {
		return metadata;
	}

	public UNet3DConfig config() {
		return metadata.network();
	}

	/** The same network with other metadata (e.g. after more training). */
	public SegmentationModel withMetadata(final ModelMetadata m) {
		return new SegmentationModel(graph, m);
	}

	/**
	 * Class probabilities for a batch of normalized patches.
	 *
	 * @param batch {@code [N, C, D, H, W]}, each size a multiple of {@link UNet3DConfig#sizeMultiple()}
	 * @return {@code [N, K, D, H, W]}, detached from any workspace
	 */
	public INDArray predict(final INDArray batch) {
		return probabilities(graph, batch);
	}

	/**
	 * Class probabilities of a network built by {@link UNet3DBuilder}: its head's output with a
	 * softmax over the class axis, computed on the contiguous class planes of each sample. DL4J's
	 * loss layer computes the same softmax after permuting the classes to the last axis and back,
	 * two copies of the output that cost more than the softmax. Other networks (no {@link
	 * org.unet3d.network.Conv3D} head with a softmax loss layer after it): their output.
	 *
	 * @param batch {@code [N, C, D, H, W]}
	 * @return {@code [N, K, D, H, W]}, detached from any workspace
	 */
	public static INDArray probabilities(final ComputationGraph graph, final INDArray batch) {
		final org.deeplearning4j.nn.api.Layer out = graph.getLayer(UNet3DBuilder.OUTPUT);
		if (!(graph.getLayer("head") instanceof Conv3DRuntime) || out == null || !(out.conf().getLayer() instanceof Cnn3DLossLayer) ||
			!(((Cnn3DLossLayer) out.conf().getLayer()).getActivationFn() instanceof ActivationSoftmax)) return graph
				.outputSingle(false, batch);
		final INDArray logits = graph.output(Collections.singletonList("head"), false, new INDArray[] { batch }, null)[0];
		final INDArray p = logits.ordering() == 'c' && !logits.isView() ? logits : logits.dup('c');
		softmaxOverClasses(p);
		return p;
	}

	/** In place: softmax over axis 1 of a c-ordered {@code [N, K, ...]} array. */
	static void softmaxOverClasses(final INDArray a) {
		final long n = a.size(0);
		final long k = a.size(1);
		final long voxels = a.length() / (n * k);
		final INDArray rows = a.reshape('c', n * k, voxels);
		final INDArray max = Nd4j.create(a.dataType(), voxels);
		for (long i = 0; i < n; i++) {
			max.assign(rows.getRow(i * k));
			for (long j = 1; j < k; j++)
				Transforms.max(max, rows.getRow(i * k + j), false);
			for (long j = 0; j < k; j++) {
				final INDArray r = rows.getRow(i * k + j);
				Nd4j.exec(new SubOp(r, max, r));
			}
		}
		Transforms.exp(a, false);
		final INDArray sum = max;
		for (long i = 0; i < n; i++) {
			sum.assign(rows.getRow(i * k));
			for (long j = 1; j < k; j++)
				sum.addi(rows.getRow(i * k + j));
			for (long j = 0; j < k; j++)
				rows.getRow(i * k + j).divi(sum);
		}
	}
}
