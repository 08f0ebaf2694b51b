package org.unet3d.training;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Best-score tracking, learning-rate halving on a plateau, early stopping, and the JSON round trip. */
public class TrainingStateTest {

	private static TrainingState state() {
		final TrainingState s = new TrainingState();
		s.learningRate = 1e-3;
		return s;
	}

	private static boolean epoch(final TrainingState s, final double score) {
		final boolean best = s.scored(score);
		s.epochsDone++;
		return best;
	}

	@Test
	public void halvesTheLearningRateAfterPatienceEpochsWithoutImprovement() {
		final TrainingState s = state();
		assertTrue(epoch(s, 0.5));
		assertTrue(epoch(s, 0.6));
		assertFalse(epoch(s, 0.6)); // equal is no improvement
		assertFalse(s.reduceOnPlateau(2));
		assertFalse(epoch(s, 0.55));
		assertTrue(s.reduceOnPlateau(2));
		assertEquals(5e-4, s.learningRate, 1e-15);
		assertFalse("the plateau count starts again", s.reduceOnPlateau(2));
		assertEquals(2, s.bestEpoch);
		assertTrue(epoch(s, 0.7));
		assertEquals(5, s.bestEpoch);
		assertEquals(0, s.epochsSinceBest);
		assertFalse(s.reduceOnPlateau(0));
	}

	@Test
	public void neverBelowTheMinimumLearningRate() {
		final TrainingState s = state();
		s.learningRate = 1.5e-5;
		epoch(s, 1);
		epoch(s, 0);
		assertTrue(s.reduceOnPlateau(1));
		assertEquals(TrainingConfig.MIN_LEARNING_RATE, s.learningRate, 0);
		epoch(s, 0);
		assertFalse(s.reduceOnPlateau(1));
	}

	@Test
	public void earlyStoppingAfterPatienceEpochs() {
		final TrainingState s = state();
		epoch(s, 0.9);
		for (int i = 0; i < 3; i++) {
			assertFalse(s.noProgressFor(3));
			epoch(s, 0.1);
		}
		assertTrue(s.noProgressFor(3));
		assertFalse("patience 0 never stops", s.noProgressFor(0));
	}

	@Test
	public void jsonRoundTripWithNaNScores() {
		final TrainingState s = state();
		epoch(s, 0.4);
		s.steps = 17;
		s.history.add(new EpochRecord(1, 17, 3.5, 1e-3, 0.8, org.unet3d.metrics.SegmentationScores.of(org.unet3d.metrics
			.ConfusionCounts.of(new long[][] { { 10, 0 }, { 0, 0 } })), 0.4, true));
		final TrainingState back = TrainingState.fromJson(s.toJson());
		assertEquals(17, back.steps);
		assertEquals(1, back.bestEpoch);
		assertEquals(1, back.history.size());
		assertTrue(Double.isNaN(back.history.get(0).dice(1)));
		assertEquals(1.0, back.history.get(0).dice(0), 0);
		assertArrayEquals(new double[] { 0.8 }, new double[] { back.history.get(0).trainingLoss() }, 0);
	}
}
