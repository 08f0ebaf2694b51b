package org.unet3d.training;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

/** Automatic class weights are inverse to the class frequencies, 1 for balanced classes, and capped. */
public class ClassWeightingTest {

	@Test
	public void inverseFrequency() {
		assertArrayEquals(new double[] { 1, 1 }, ClassWeighting.INVERSE_FREQUENCY.weights(new long[] { 50, 50 }), 1e-12);
		// 80 % / 20 %: weights 1 / (2 * 0.8) and 1 / (2 * 0.2)
		assertArrayEquals(new double[] { 0.625, 2.5 }, ClassWeighting.INVERSE_FREQUENCY.weights(new long[] { 80, 20 }),
			1e-12);
		final double[] rare = ClassWeighting.INVERSE_FREQUENCY.weights(new long[] { 1_000_000, 1, 0 });
		assertEquals(ClassWeighting.MAX_WEIGHT, rare[1], 0);
		assertEquals("absent classes get 1", 1, rare[2], 0);
		assertNull(ClassWeighting.EQUAL.weights(new long[] { 3, 4 }));
		assertEquals(ClassWeighting.INVERSE_FREQUENCY, ClassWeighting.parse("auto"));
	}
}
