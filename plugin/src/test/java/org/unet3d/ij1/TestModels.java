package org.unet3d.ij1;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.unet3d.data.NormalizationStats;
import org.unet3d.data.VoxelSize;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;

/** An untrained two-class model (depth 2, 4 filters): enough to test front-ends, in well under a second. */
final class TestModels {

	private TestModels() {}

	static SegmentationModel small() {
		final UNet3DConfig c = UNet3DConfig.builder().depth(2).baseFilters(4).classes(2).build();
		final ComputationGraph g = UNet3DBuilder.of(c).seed(7).build(new int[] { 8, 16, 16 });
		final ModelMetadata m = ModelMetadata.builder().network(c).classNames("background", "ball").patchSize(
			new int[] { 8, 16, 16 }).voxelSize(VoxelSize.UNCALIBRATED).trainingStats(new NormalizationStats(
				new double[] { 20 }, new double[] { 100 })).build();
		return new SegmentationModel(g, m);
	}
}
