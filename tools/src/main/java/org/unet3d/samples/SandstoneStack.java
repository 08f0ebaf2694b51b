package org.unet3d.samples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link SyntheticStacks.Kind#SANDSTONE_CT} generator. Quartz grains are ellipsoids packed by
 * random sequential addition with some overlap (cemented, partly fused contacts) until they fill
 * 60-66 % of the volume; clay fills pore voxels in the necks near grain contacts (where the
 * distances to the two nearest grains add up to little), with irregular edges; small dense grains
 * sit on grain surfaces or in pores. The image is a CT reconstruction: partial-volume blur, cupping from beam
 * hardening, ring artifacts around the rotation axis (z) and noise.
 */
final class SandstoneStack {

	private SandstoneStack() {}

	static LabeledStack generate(final int sx, final int sy, final int sz, final long seed) {
		final SeededRandom master = new SeededRandom(seed);
		final SeededRandom geometry = master.split();
		final SeededRandom texture = master.split();
		final SeededRandom scanner = master.split();

		final byte[][] labels = new byte[sz][sx * sy];
		final FloatStack density = new FloatStack(sx, sy, sz);
		final List<Ellipsoid> grains = packGrains(sx, sy, sz, geometry, labels, density);
		addClay(grains, sx, sy, sz, texture, labels, density);
		addDenseGrains(grains, sx, sy, sz, geometry, labels, density);

		// the scanner: partial volume, cupping, rings, noise
		density.blur(0.8, 0.8, 0.8);
		final double ax = 0.5 * (sx - 1) + 0.05 * sx * scanner.gaussian();
		final double ay = 0.5 * (sy - 1) + 0.05 * sy * scanner.gaussian();
		final double rMax = Math.hypot(Math.max(ax, sx - 1 - ax), Math.max(ay, sy - 1 - ay)) + 1;
		final float[] rings = new float[(int) rMax + 2];
		for (int r = 0; r < rings.length; r++)
			rings[r] = (float) (0.008 * scanner.gaussian() + (scanner.chance(0.04) ? 0.05 * (scanner.chance(0.5) ? 1
				: -1) : 0));
		final double cupping = scanner.uniform(0.05, 0.09);
		for (int z = 0; z < sz; z++) {
			final float[] d = density.planes[z];
			for (int y = 0; y < sy; y++)
				for (int x = 0; x < sx; x++) {
					final int i = x + y * sx;
					final double r = Math.hypot(x - ax, y - ay);
					final int ri = (int) r;
					final double ring = rings[ri] + (r - ri) * (rings[ri + 1] - rings[ri]);
					final double rho = r / rMax;
					d[i] = (float) (d[i] * (1 - cupping * (1 - rho * rho)) + ring + 0.055 * scanner.gaussian());
				}
		}
		return new LabeledStack(SyntheticStacks.Kind.SANDSTONE_CT, seed, sx, sy, density.toUnsignedBytes(-0.05, 1.1),
			labels);
	}

	/** Random sequential addition of grains until the porosity target is met. */
	private static List<Ellipsoid> packGrains(final int sx, final int sy, final int sz, final SeededRandom random,
		final byte[][] labels, final FloatStack density)
	{
		final long total = (long) sx * sy * sz;
		final long target = (long) (total * random.uniform(0.60, 0.66));
		final List<Ellipsoid> grains = new ArrayList<>();
		long filled = 0;
		for (int attempt = 0; attempt < 20000 && filled < target; attempt++) {
			final double r = random.chance(0.75) ? random.uniform(7, 12) : random.uniform(3.5, 7);
			final double out = grains.isEmpty() ? 0 : 0.5 * r;
			final Ellipsoid g = new Ellipsoid(random.uniform(-out, sx - 1 + out), random.uniform(-out, sy - 1 + out),
				random.uniform(-out, sz - 1 + out), r * random.uniform(0.95, 1.25), r * random.uniform(0.85, 1.05), r *
					random.uniform(0.7, 0.95), random.rotation(), 1);
			if (!g.clearOf(grains, 0.72)) continue;
			grains.add(g);
			// quartz, sometimes feldspar (a little denser), with a tone per grain
			final float tone = (float) ((random.chance(0.15) ? 0.62 : 0.56) + 0.02 * random.gaussian());
			final int[] box = g.box(0, sx, sy, sz);
			for (int z = box[4]; z <= box[5]; z++)
				for (int y = box[2]; y <= box[3]; y++)
					for (int x = box[0]; x <= box[1]; x++) {
						if (g.q(x, y, z) > 1) continue;
						final int i = x + y * sx;
						if (labels[z][i] == 0) filled++;
						labels[z][i] = 1;
						density.planes[z][i] = tone;
					}
		}
		for (final float[] d : density.planes)
			for (int i = 0; i < d.length; i++)
				if (d[i] == 0) d[i] = 0.1f;
		return grains;
	}

	/**
	 * Clay where a pore voxel is in a neck: the rough distances to the two nearest grains sum to
	 * less than a threshold that varies smoothly in space; granular, intermediate density.
	 */
	private static void addClay(final List<Ellipsoid> grains, final int sx, final int sy, final int sz,
		final SeededRandom random, final byte[][] labels, final FloatStack density)
	{
		final double reach = 7;
		final float[][] d1 = new float[sz][sx * sy];
		final float[][] d2 = new float[sz][sx * sy];
		for (int z = 0; z < sz; z++) {
			Arrays.fill(d1[z], Float.MAX_VALUE);
			Arrays.fill(d2[z], Float.MAX_VALUE);
		}
		for (final Ellipsoid g : grains) {
			final int[] box = g.box(reach, sx, sy, sz);
			for (int z = box[4]; z <= box[5]; z++)
				for (int y = box[2]; y <= box[3]; y++)
					for (int x = box[0]; x <= box[1]; x++) {
						final int i = x + y * sx;
						if (labels[z][i] != 0) continue;
						final float d = (float) g.distance(x, y, z);
						if (d < d1[z][i]) {
							d2[z][i] = d1[z][i];
							d1[z][i] = d;
						}
						else if (d < d2[z][i]) d2[z][i] = d;
					}
		}
		final FloatStack patchiness = FloatStack.smoothNoise(sx, sy, sz, 3, 3, random);
		final FloatStack grain = FloatStack.smoothNoise(sx, sy, sz, 0.7, 0.7, random);
		for (int z = 0; z < sz; z++)
			for (int i = 0; i < sx * sy; i++) {
				if (labels[z][i] != 0 || d2[z][i] == Float.MAX_VALUE) continue;
				final double limit = 3.0 * (1 + 0.6 * patchiness.planes[z][i]);
				if (d1[z][i] + d2[z][i] < limit) {
					labels[z][i] = 2;
					density.planes[z][i] = (float) (0.31 + 0.13 * grain.planes[z][i]);
				}
			}
	}

	/** Small, very dense grains (about 0.7 % of the volume), most of them on a quartz grain's surface. */
	private static void addDenseGrains(final List<Ellipsoid> grains, final int sx, final int sy, final int sz,
		final SeededRandom random, final byte[][] labels, final FloatStack density)
	{
		final long total = (long) sx * sy * sz;
		final int count = (int) Math.max(1, Math.round(total * 0.008 / 60));
		for (int k = 0; k < count; k++) {
			double cx = random.uniform(0, sx - 1);
			double cy = random.uniform(0, sy - 1);
			double cz = random.uniform(0, sz - 1);
			if (!grains.isEmpty() && random.chance(0.6)) {
				final Ellipsoid g = grains.get(random.nextInt(grains.size()));
				final double[] dir = { random.gaussian(), random.gaussian(), random.gaussian() };
				final double n = StrictMath.sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]) + 1e-12;
				final double r = g.meanRadius();
				cx = g.cx + r * dir[0] / n;
				cy = g.cy + r * dir[1] / n;
				cz = g.cz + r * dir[2] / n;
			}
			final double r = random.uniform(1.6, 3.2);
			final Ellipsoid d = new Ellipsoid(cx, cy, cz, r * random.uniform(1, 1.4), r, r * random.uniform(0.7, 1),
				random.rotation(), 1);
			final int[] box = d.box(0, sx, sy, sz);
			for (int z = box[4]; z <= box[5]; z++)
				for (int y = box[2]; y <= box[3]; y++)
					for (int x = box[0]; x <= box[1]; x++)
						if (d.q(x, y, z) <= 1) {
							labels[z][x + y * sx] = 3;
							density.planes[z][x + y * sx] = 1.0f;
						}
		}
	}
}
