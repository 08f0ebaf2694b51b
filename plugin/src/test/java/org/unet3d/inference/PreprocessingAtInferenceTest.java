package org.unet3d.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.unet3d.data.Clahe;
import org.unet3d.data.PreprocessedStack;
import org.unet3d.data.Preprocessing;
import org.unet3d.data.Volume;
import org.unet3d.model.SegmentationModel;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.PerVoxelNetwork;

/**
 * Segmentation treats intensities exactly as training did: a model trained with CLAHE gets
 * CLAHE-enhanced tiles, voxel for voxel the values training reads through {@link Preprocessing}.
 */
public class PreprocessingAtInferenceTest {

	private static final int SX = 40, SY = 36, SZ = 12;

	@Test
	public void claheStoredInTheModelIsAppliedBeforeTheNetwork() {
		final PerVoxelNetwork net = new PerVoxelNetwork(2, 5);
		final Preprocessing withClahe = Preprocessing.of(net.model.metadata().normalization(), Clahe.slices(16, 3));
		final SegmentationModel model = new SegmentationModel(net.model.graph(), net.model.metadata().toBuilder()
			.preprocessing(withClahe).build());
		final Volume<?> image = TestModels.volume(TestModels.blobs(SX, SY, SZ, 7), SX, SY, SZ);

		final TestModels.AllProbabilities clahe = new TestModels.AllProbabilities(2, SX, SY, SZ);
		TiledPredictor.of(model).tile(new int[] { 8, 16, 16 }).build().predict(image, clahe, Progress.NONE);
		final TestModels.AllProbabilities plain = new TestModels.AllProbabilities(2, SX, SY, SZ);
		TiledPredictor.of(net.model).tile(new int[] { 8, 16, 16 }).build().predict(image, plain, Progress.NONE);

		final PreprocessedStack seen = withClahe.prepare(image, withClahe.statistics(image), Progress.NONE);
		final float[] v = new float[SX * SY * SZ];
		seen.read(0, new long[] { 0, 0, 0 }, new int[] { SX, SY, SZ }, v, 0);
		double differsFromPlain = 0;
		for (int i = 0; i < v.length; i++) {
			assertEquals("voxel " + i, net.probability(v[i], 1), clahe.p[1][i], 1e-4);
			differsFromPlain = Math.max(differsFromPlain, Math.abs(clahe.p[1][i] - plain.p[1][i]));
		}
		assertTrue("CLAHE changed nothing: " + differsFromPlain, differsFromPlain > 0.01);
	}
}
