package org.unet3d.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
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
		return graph.outputSingle(false, batch);
	}
}
