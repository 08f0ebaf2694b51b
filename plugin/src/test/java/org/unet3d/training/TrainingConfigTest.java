package org.unet3d.training;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.File;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;
import org.unet3d.data.Augmentation;
import org.unet3d.data.Clahe;
import org.unet3d.io.ModelFile;
import org.unet3d.training.loss.LossKind;

/**
 * The learning-rate schedule: its formula, its JSON round trip, and what older saved runs mean;
 * every setting's round trip through the flat JSON of model files, whose keys stay those older
 * versions wrote and read.
 */
public class TrainingConfigTest {

	@Test
	public void cosineGoesFromTheRateToOnePercentOfIt() {
		assertEquals(1e-3, LearningRateSchedule.cosine(1e-3, 0), 1e-15);
		assertEquals(1e-5, LearningRateSchedule.cosine(1e-3, 1), 1e-15);
		assertEquals(1e-5, LearningRateSchedule.cosine(1e-3, 1.5), 1e-15);
		assertEquals(0.505e-3, LearningRateSchedule.cosine(1e-3, 0.5), 1e-12);
		double last = Double.POSITIVE_INFINITY;
		for (int i = 0; i <= 20; i++) {
			final double r = LearningRateSchedule.cosine(1e-3, i / 20.0);
			assertTrue(r < last);
			last = r;
		}
	}

	@Test
	public void scheduleRoundTripsAndOlderRunsKeepThePlateau() {
		final TrainingConfig c = TrainingConfig.builder().build();
		assertEquals(LearningRateSchedule.COSINE, c.schedule().learningRateSchedule());
		assertEquals(LearningRateSchedule.COSINE, TrainingConfig.fromJson(c.toJson()).schedule().learningRateSchedule());
		final TrainingConfig p = TrainingConfig.builder().schedule(LearningRateSchedule.PLATEAU).build();
		assertEquals(p, TrainingConfig.fromJson(p.toJson()));
		final JsonObject old = JsonParser.parseString(c.toJson()).getAsJsonObject();
		old.remove("schedule");
		assertEquals(LearningRateSchedule.PLATEAU, TrainingConfig.fromJson(old.toString()).schedule()
			.learningRateSchedule());
	}

	@Test
	public void kernelsRoundTripAndUnknownOnesAreExplained() {
		assertTrue(TrainingConfig.builder().build().network().kernels() == ConvolutionKernels.AUTO);
		final TrainingConfig cubic = TrainingConfig.builder().kernels(" Cubic ").build();
		assertTrue(cubic.network().kernels() != ConvolutionKernels.AUTO);
		assertEquals(cubic, TrainingConfig.fromJson(cubic.toJson()));
		try {
			TrainingConfig.builder().kernels("5x5x5").build();
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("\"auto\"") && e.getMessage().contains("\"cubic\""));
		}
	}

	@Test
	public void unknownScheduleIsExplained() {
		assertEquals(LearningRateSchedule.PLATEAU, LearningRateSchedule.parse(" Plateau "));
		try {
			LearningRateSchedule.parse("step");
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("cosine") && e.getMessage().contains("plateau"));
		}
	}

	/** A value other than the default for every setting. */
	private static TrainingConfig everythingChanged() {
		return TrainingConfig.builder().depth(4).baseFilters(8).batchNorm(false).kernels("cubic").dropout(0.1)
			.patchSize(new int[] { 8, 32, 48 }).batchSize(3).stepsPerEpoch(7).foregroundFraction(0.3).augmentation(
				Augmentation.withElastic()).epochs(9).minutes(2.5).learningRate(2e-4).schedule(LearningRateSchedule.PLATEAU)
			.patience(4).plateauPatience(2).loss(LossKind.DICE).weights("0.5, 2,1").classes(3).classNames("bg", "a", "b")
			.ignoreLabel(255).percentiles(2, 99).clahe(Clahe.slices(32, 2)).validationFraction(0.2).seed(11)
			.cacheMegabytes(512).build();
	}

	@Test
	public void everySettingRoundTripsThroughTheFlatJson() {
		final TrainingConfig c = everythingChanged();
		final TrainingConfig back = TrainingConfig.fromJson(c.toJson());
		assertEquals(c, back);
		assertEquals(c, c.toBuilder().build());
		assertEquals(4, back.network().depth());
		assertEquals(8, back.network().baseFilters());
		assertEquals(false, back.network().batchNorm());
		assertEquals(ConvolutionKernels.CUBIC, back.network().kernels());
		assertEquals(0.1, back.network().dropout(), 0);
		assertEquals(Arrays.toString(new int[] { 8, 32, 48 }), Arrays.toString(back.sampling().patchSize()));
		assertEquals(3, back.sampling().batchSize());
		assertEquals(7, back.sampling().stepsPerEpoch());
		assertEquals(0.3, back.sampling().foregroundFraction(), 0);
		assertEquals(Augmentation.withElastic().toJson(), back.sampling().augmentation().toJson());
		assertEquals(9, back.schedule().epochs());
		assertEquals(2.5, back.schedule().minutes(), 0);
		assertEquals(2e-4, back.schedule().learningRate(), 0);
		assertEquals(LearningRateSchedule.PLATEAU, back.schedule().learningRateSchedule());
		assertEquals(4, back.schedule().patience());
		assertEquals(2, back.schedule().plateauPatience());
		assertEquals(LossKind.DICE, back.loss().kind());
		assertEquals(ClassWeighting.EQUAL, back.loss().classWeighting());
		assertEquals(Arrays.toString(new double[] { 0.5, 2, 1 }), Arrays.toString(back.loss().classWeights()));
		assertEquals(3, back.labels().count());
		assertEquals(Arrays.asList("bg", "a", "b"), Arrays.asList(back.labels().classNames()));
		assertEquals(255, back.labels().ignoreLabel());
		assertEquals(2, back.preprocessing().normalization().lowPercentile(), 0);
		assertEquals(99, back.preprocessing().normalization().highPercentile(), 0);
		assertEquals(Clahe.slices(32, 2), back.preprocessing().clahe());
		assertEquals(0.2, back.validationFraction(), 0);
		assertEquals(11, back.seed());
		assertEquals(512, back.cacheMegabytes());
		// a builder made from a configuration does not change it
		final TrainingConfig.Builder b = c.toBuilder();
		b.depth(2).patchSize(null).weights("auto");
		assertEquals(4, c.network().depth());
		assertEquals(ClassWeighting.INVERSE_FREQUENCY, b.build().loss().classWeighting());
		assertEquals(null, b.build().loss().classWeights());
	}

	/** The training settings stored in a model file written before the settings were grouped. */
	private static JsonObject legacyConfig() throws Exception {
		final File legacy = new File(TrainingConfigTest.class.getClassLoader().getResource("legacy/model-10a7872.zip")
			.getFile());
		return ModelFile.readMetadata(legacy).training().config();
	}

	@Test
	public void settingsOfAnOlderModelFileLoadAndAreWrittenWithTheSameKeys() throws Exception {
		final JsonObject old = legacyConfig();
		final TrainingConfig c = TrainingConfig.fromJson(old.toString());
		assertEquals(2, c.network().depth());
		assertEquals(4, c.sampling().stepsPerEpoch());
		assertEquals(2, c.schedule().epochs());
		assertEquals(1, c.seed());
		assertEquals(ConvolutionKernels.AUTO, c.network().kernels());
		assertEquals("the same keys and values, written back", old, JsonParser.parseString(c.toJson()));
		// and the keys of today's defaults are those older versions know (epochs aside, see below)
		final Set<String> keys = new TreeSet<>(JsonParser.parseString(TrainingConfig.builder().build().toJson())
			.getAsJsonObject().keySet());
		final Set<String> known = new TreeSet<>(old.keySet());
		known.remove("epochs");
		assertEquals(known, keys);
	}

	/**
	 * Epochs left at 0 (as many as the time budget allows) are not written, so that versions that
	 * need epochs >= 1 read the file with their default; a file without epochs reads as 0.
	 */
	@Test
	public void automaticEpochsAreLeftOutOfTheJson() {
		final TrainingConfig budget = TrainingConfig.builder().minutes(15).build();
		assertTrue(budget.toJson(), !JsonParser.parseString(budget.toJson()).getAsJsonObject().has("epochs"));
		assertEquals(0, TrainingConfig.fromJson(budget.toJson()).schedule().epochs());
		assertEquals(budget, TrainingConfig.fromJson(budget.toJson()));
		try {
			TrainingConfig.builder().epochs(-1).build();
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("Epochs must be at least 1 (or 0 = until the time budget)"));
		}
	}
}
