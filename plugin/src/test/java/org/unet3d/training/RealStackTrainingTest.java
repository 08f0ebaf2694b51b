package org.unet3d.training;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.Collections;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;

import org.junit.Test;
import org.unet3d.data.LabeledVolume;
import org.unet3d.inference.TiledPredictor;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.TiffIO;
import org.unet3d.model.SegmentationModel;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.SharedStacks;

/**
 * Training with the default settings on a real stack (the cement micro-CT of
 * {@code ../shared/sample-stacks}; skipped without it) for one minute, on the first 75 % of its
 * rows, segments the held-out last 25 % with a useful air-void Dice. The long, per-stack accuracy
 * runs are {@code benchmark-accuracy}; this one keeps the default test suite honest on real data.
 */
public class RealStackTrainingTest {

	@Test
	public void oneMinuteOnCementFindsTheAirVoids() throws Exception {
		final File dir = SharedStacks.folder("cement-airvoids-qim3d");
		final LabeledVolume whole = new LabeledVolume("cement", ImagePlusBridge.wrap(TiffIO.open(new File(dir,
			"image.tif"))), ImagePlusBridge.wrapLabels(TiffIO.open(new File(dir, "labels.tif"))));
		final long[] s = whole.shapeZYX();
		final long cut = s[1] * 3 / 4;
		final LabeledVolume train = whole.crop("cement (y 0-" + (cut - 1) + ")", new long[] { 0, 0, 0 }, new long[] {
			s[0] - 1, cut - 1, s[2] - 1 });
		final TrainingConfig config = TrainingConfig.builder().minutes(1).epochs(1000).seed(7).build();
		final SegmentationModel model = new Trainer(config).train(Collections.singletonList(train), null, Progress.NONE,
			TrainingMonitor.NONE);
		final PlanarImg<?, ?> labels = TiledPredictor.of(model).build().segment(whole.image(), Progress.NONE);
		final Cursor<?> c = labels.localizingCursor();
		final RandomAccess<?> t = whole.labels().randomAccess();
		long tp = 0, fp = 0, fn = 0;
		while (c.hasNext()) {
			final int p = (int) ((RealType<?>) c.next()).getRealDouble();
			if (c.getLongPosition(1) < cut) continue;
			t.setPosition(c);
			final int g = (int) ((RealType<?>) t.get()).getRealDouble();
			if (p == 1 && g == 1) tp++;
			else if (p == 1) fp++;
			else if (g == 1) fn++;
		}
		final double dice = 2.0 * tp / (2.0 * tp + fp + fn);
		System.out.println(String.format(java.util.Locale.ROOT, "Cement, 1 minute of training: air-void Dice on the " +
			"held-out rows %.3f (%d steps)", dice, model.metadata().training().steps()));
		assertTrue("air-void Dice " + dice, dice > 0.8);
	}
}
