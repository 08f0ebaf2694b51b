package org.unet3d.samples;

import java.util.SplittableRandom;

/**
 * Random numbers from one seed and nothing else, reproducible on every JVM: uniform values from
 * {@link SplittableRandom}, Gaussian values by the polar method with {@link StrictMath}, and
 * independent streams by {@link #split()}.
 */
final class SeededRandom {

	private final SplittableRandom random;
	private double spare;
	private boolean hasSpare;

	SeededRandom(final long seed) {
		this(new SplittableRandom(seed));
	}

	private SeededRandom(final SplittableRandom random) {
		this.random = random;
	}

	/** An independent stream, so that one stage drawing more numbers does not change the next stage. */
	SeededRandom split() {
		return new SeededRandom(random.split());
	}

	/** Uniform in [0, 1). */
	double uniform() {
		return random.nextDouble();
	}

	/** Uniform in [low, high). */
	double uniform(final double low, final double high) {
		return low + (high - low) * random.nextDouble();
	}

	/** Uniform integer in [0, bound). */
	int nextInt(final int bound) {
		return random.nextInt(bound);
	}

	boolean chance(final double p) {
		return random.nextDouble() < p;
	}

	/** Standard normal value. */
	double gaussian() {
		if (hasSpare) {
			hasSpare = false;
			return spare;
		}
		double u;
		double v;
		double s;
		do {
			u = 2 * random.nextDouble() - 1;
			v = 2 * random.nextDouble() - 1;
			s = u * u + v * v;
		}
		while (s >= 1 || s == 0);
		final double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
		spare = v * f;
		hasSpare = true;
		return u * f;
	}

	/** A uniformly distributed rotation, as a row-major 3x3 matrix. */
	double[] rotation() {
		double a = gaussian();
		double b = gaussian();
		double c = gaussian();
		double d = gaussian();
		final double n = StrictMath.sqrt(a * a + b * b + c * c + d * d);
		a /= n;
		b /= n;
		c /= n;
		d /= n;
		return new double[] { //
			a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c), //
			2 * (b * c + a * d), a * a - b * b + c * c - d * d, 2 * (c * d - a * b), //
			2 * (b * d - a * c), 2 * (c * d + a * b), a * a - b * b - c * c + d * d };
	}
}
