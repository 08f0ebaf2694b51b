package org.unet3d.samples;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link SyntheticStacks.Kind#NUCLEI} generator: places ellipsoidal nuclei by random sequential
 * addition (a little overlap allowed, so some touch) until a target volume fraction is reached,
 * then images them like a confocal microscope.
 */
final class NucleiStack {

	/** Gray value 255 corresponds to this many photons. */
	private static final double PHOTONS_AT_WHITE = 95;
	/** Photons per voxel for signal 1 under full illumination. */
	private static final double GAIN = 70;
	private static final double READ_NOISE = 2.5;

	private NucleiStack() {}

	static LabeledStack generate(final int sx, final int sy, final int sz, final long seed) {
		final SeededRandom master = new SeededRandom(seed);
		final SeededRandom geometry = master.split();
		final SeededRandom texture = master.split();
		final SeededRandom light = master.split();
		final SeededRandom shot = master.split();
		final double anisotropy = SyntheticStacks.Kind.NUCLEI.voxelSize().anisotropy();

		final byte[][] labels = new byte[sz][sx * sy];
		final FloatStack signal = new FloatStack(sx, sy, sz);
		final List<Ellipsoid> nuclei = place(sx, sy, sz, anisotropy, geometry, labels, signal);
		addNucleoli(nuclei, sx, sy, sz, anisotropy, geometry, signal);

		// chromatin texture inside the nuclei
		final FloatStack chromatin = FloatStack.smoothNoise(sx, sy, sz, 1.2, 0.6, texture);
		for (int z = 0; z < sz; z++) {
			final float[] s = signal.planes[z];
			final float[] t = chromatin.planes[z];
			for (int i = 0; i < s.length; i++)
				if (s[i] != 0) s[i] *= Math.max(0.2f, 1 + 0.22f * t[i]);
		}

		// optics: PSF (longer in z) and out-of-focus haze from the nuclei around
		final FloatStack haze = signal.copy().blur(6, 6, 3);
		signal.blur(1.0, 1.0, 1.1);

		// uneven illumination, background, shot noise and read noise
		final double cx = sx * light.uniform(0.25, 0.75);
		final double cy = sy * light.uniform(0.25, 0.75);
		final double vignette = light.uniform(0.35, 0.5);
		final double attenuation = light.uniform(0.2, 0.35);
		final double background = light.uniform(0.05, 0.08);
		final double hazeLevel = light.uniform(0.25, 0.35);
		final double r2 = 0.25 * ((double) sx * sx + (double) sy * sy);
		final double scale = 255 / PHOTONS_AT_WHITE;
		final FloatStack out = new FloatStack(sx, sy, sz);
		for (int z = 0; z < sz; z++) {
			final double depth = StrictMath.exp(-attenuation * z / Math.max(1, sz - 1));
			final float[] s = signal.planes[z];
			final float[] h = haze.planes[z];
			final float[] o = out.planes[z];
			for (int y = 0; y < sy; y++)
				for (int x = 0; x < sx; x++) {
					final int i = x + y * sx;
					final double rho2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / r2;
					final double illumination = depth * Math.max(0.3, 1 - vignette * rho2);
					final double photons = GAIN * (background + illumination * (s[i] + hazeLevel * h[i]));
					final double noisy = photons + StrictMath.sqrt(photons) * shot.gaussian() + READ_NOISE * shot
						.gaussian();
					o[i] = (float) (noisy * scale);
				}
		}
		return new LabeledStack(SyntheticStacks.Kind.NUCLEI, seed, sx, sy, out.toUnsignedBytes(0, 255), labels);
	}

	/**
	 * Random sequential addition: candidates closer than 0.9 x the sum of mean radii to an accepted
	 * nucleus are rejected; stops at a random target fraction of 20-30 % nucleus voxels.
	 */
	private static List<Ellipsoid> place(final int sx, final int sy, final int sz, final double anisotropy,
		final SeededRandom random, final byte[][] labels, final FloatStack signal)
	{
		final long total = (long) sx * sy * sz;
		final long target = (long) (total * random.uniform(0.20, 0.30));
		final List<Ellipsoid> nuclei = new ArrayList<>();
		long filled = 0;
		final double depthIso = (sz - 1) * anisotropy;
		for (int attempt = 0; attempt < 4000 && filled < target; attempt++) {
			final double r = random.uniform(7.5, 12.5);
			final double a = r * random.uniform(0.95, 1.3);
			final double b = r * random.uniform(0.8, 1.1);
			final double c = r * random.uniform(0.6, 0.85);
			final double[] rot = random.rotation();
			final double out = nuclei.isEmpty() ? 0 : 0.4 * r;
			final Ellipsoid e = new Ellipsoid(random.uniform(-out, sx - 1 + out), random.uniform(-out, sy - 1 + out),
				random.uniform(-out, depthIso + out), a, b, c, rot, anisotropy);
			if (!e.clearOf(nuclei, 0.9)) continue;
			nuclei.add(e);
			final float brightness = (float) random.uniform(0.3, 1.0);
			final int[] box = e.box(0, sx, sy, sz);
			for (int z = box[4]; z <= box[5]; z++)
				for (int y = box[2]; y <= box[3]; y++)
					for (int x = box[0]; x <= box[1]; x++) {
						if (e.q(x, y, z) > 1) continue;
						final int i = x + y * sx;
						if (labels[z][i] == 0) filled++;
						labels[z][i] = 1;
						signal.planes[z][i] = Math.max(signal.planes[z][i], brightness);
					}
		}
		return nuclei;
	}

	/** Dark nucleoli and bright chromocenters: small ellipsoids inside each nucleus. */
	private static void addNucleoli(final List<Ellipsoid> nuclei, final int sx, final int sy, final int sz,
		final double anisotropy, final SeededRandom random, final FloatStack signal)
	{
		for (final Ellipsoid n : nuclei) {
			final int dark = 1 + random.nextInt(2);
			final int bright = random.nextInt(4);
			for (int k = 0; k < dark + bright; k++) {
				final boolean isDark = k < dark;
				final double rm = n.meanRadius() * (isDark ? random.uniform(0.2, 0.3) : random.uniform(0.1, 0.16));
				final double ox = random.uniform(-0.45, 0.45) * n.a;
				final double oy = random.uniform(-0.45, 0.45) * n.b;
				final double oz = random.uniform(-0.45, 0.45) * n.c;
				final Ellipsoid s = new Ellipsoid(n.cx + ox, n.cy + oy, n.cz + oz, rm * random.uniform(0.9, 1.2), rm,
					rm * random.uniform(0.75, 1.0), random.rotation(), anisotropy);
				final float factor = isDark ? (float) random.uniform(0.4, 0.6) : (float) random.uniform(1.4, 1.7);
				final int[] box = s.box(0, sx, sy, sz);
				for (int z = box[4]; z <= box[5]; z++)
					for (int y = box[2]; y <= box[3]; y++)
						for (int x = box[0]; x <= box[1]; x++)
							if (s.q(x, y, z) <= 1 && n.q(x, y, z) <= 1) signal.planes[z][x + y * sx] *= factor;
			}
		}
	}
}
