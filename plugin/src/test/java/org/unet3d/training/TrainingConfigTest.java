package org.unet3d.training;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.Test;

/** The learning-rate schedule: its formula, its JSON round trip, and what older saved runs mean. */
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
		assertEquals(LearningRateSchedule.COSINE, c.schedule());
		assertEquals(LearningRateSchedule.COSINE, TrainingConfig.fromJson(c.toJson()).schedule());
		final TrainingConfig p = TrainingConfig.builder().schedule(LearningRateSchedule.PLATEAU).build();
		assertEquals(p, TrainingConfig.fromJson(p.toJson()));
		final JsonObject old = JsonParser.parseString(c.toJson()).getAsJsonObject();
		old.remove("schedule");
		assertEquals(LearningRateSchedule.PLATEAU, TrainingConfig.fromJson(old.toString()).schedule());
	}

	@Test
	public void kernelsRoundTripAndUnknownOnesAreExplained() {
		assertTrue(TrainingConfig.builder().build().anisotropicKernels());
		final TrainingConfig cubic = TrainingConfig.builder().kernels(" Cubic ").build();
		assertTrue(!cubic.anisotropicKernels());
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
}
