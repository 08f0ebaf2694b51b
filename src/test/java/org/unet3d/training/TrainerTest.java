package org.unet3d.training;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Collections;

import net.imglib2.img.planar.PlanarImg;

import org.junit.Test;
import org.unet3d.data.LabeledVolume;
import org.unet3d.inference.TiledPredictor;
import org.unet3d.model.SegmentationModel;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.TestVolumes;

/** Training on tiny synthetic data really learns. */
public class TrainerTest {

	@Test
	public void tinyNetLearnsBalls() throws Exception {
		final LabeledVolume train = TestVolumes.balls(32, 32, 32, 12, 1);
		final TrainingConfig config = TrainingConfig.builder().depth(2).baseFilters(4).patchSize(new int[] { 16, 16,
			16 }).batchSize(2).epochs(12).stepsPerEpoch(25).seed(3).build();
		final long t0 = System.nanoTime();
		final SegmentationModel model = new Trainer(config).train(Collections.singletonList(train), null,
			Progress.NONE, TrainingMonitor.NONE);
		final LabeledVolume test = TestVolumes.balls(40, 36, 28, 14, 2);
		final PlanarImg<?, ?> labels = TiledPredictor.of(model).build().segment(test.image(), Progress.NONE);
		final double dice = dice(labels, test);
		assertTrue("Dice " + dice, dice > 0.8);
		assertEquals(2, model.config().classes());
	}

	public static double dice(final PlanarImg<?, ?> pred, final LabeledVolume truth) {
		final net.imglib2.Cursor<?> c = pred.localizingCursor();
		final net.imglib2.RandomAccess<?> t = truth.labels().randomAccess();
		long tp = 0, fp = 0, fn = 0;
		while (c.hasNext()) {
			final int p = (int) ((net.imglib2.type.numeric.RealType<?>) c.next()).getRealDouble();
			t.setPosition(c);
			final int g = (int) ((net.imglib2.type.numeric.RealType<?>) t.get()).getRealDouble();
			if (p == 1 && g == 1) tp++;
			else if (p == 1) fp++;
			else if (g == 1) fn++;
		}
		return 2.0 * tp / (2.0 * tp + fp + fn);
	}
}
