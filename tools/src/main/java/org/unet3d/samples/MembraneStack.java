package org.unet3d.samples;

/**
 * The {@link SyntheticStacks.Kind#EM_MEMBRANES} generator. Cells are a power diagram (a weighted
 * Voronoi tessellation) of seeds that drift slowly from slice to slice, so most cells are neurites
 * running roughly along z; a few seeds only live for some slices, like branches and ends. The
 * membrane is the band within {@value #HALF_WIDTH} pixels of a cell boundary (measured in the slice
 * plane). Mitochondria are ellipsoids along a neurite that keep clear of its membrane.
 */
final class MembraneStack {

	/** Half the membrane label width, pixels. */
	private static final double HALF_WIDTH = 1.6;
	/** Mean spacing of neurites, pixels. */
	private static final double SPACING = 32;

	private MembraneStack() {}

	/** Seeds of the cells: centre at slice z is (x0 + dx z, y0 + dy z); blobs grow and vanish around zc. */
	private static final class Seeds {

		final int n;
		final double[] x0;
		final double[] y0;
		final double[] dx;
		final double[] dy;
		final double[] weight;
		/** For blobs: centre slice and growth per slice (squared isotropic units); 0 for neurites. */
		final double[] zc;
		final double[] zGrowth;

		Seeds(final int n) {
			this.n = n;
			x0 = new double[n];
			y0 = new double[n];
			dx = new double[n];
			dy = new double[n];
			weight = new double[n];
			zc = new double[n];
			zGrowth = new double[n];
		}
	}

	static LabeledStack generate(final int sx, final int sy, final int sz, final long seed) {
		final SeededRandom master = new SeededRandom(seed);
		final SeededRandom geometry = master.split();
		final SeededRandom texture = master.split();
		final SeededRandom organelles = master.split();
		final SeededRandom imaging = master.split();
		final double anisotropy = SyntheticStacks.Kind.EM_MEMBRANES.voxelSize().anisotropy();

		final Seeds seeds = seeds(sx, sy, sz, anisotropy, geometry);
		final int[][] owner = new int[sz][sx * sy];
		final float[][] boundary = new float[sz][sx * sy];
		tessellate(seeds, sx, sy, sz, owner, boundary);

		final byte[][] labels = new byte[sz][sx * sy];
		for (int z = 0; z < sz; z++)
			for (int i = 0; i < sx * sy; i++)
				if (boundary[z][i] < HALF_WIDTH) labels[z][i] = 1;

		// cytoplasm: a tone per cell plus fine texture
		final double[] tone = new double[seeds.n];
		for (int k = 0; k < seeds.n; k++)
			tone[k] = 0.64 + 0.035 * texture.gaussian();
		final FloatStack grain = FloatStack.smoothNoise(sx, sy, sz, 1.3, 0.3, texture);
		final FloatStack contrast = FloatStack.smoothNoise(sx, sy, sz, 7, 1, texture);
		final FloatStack img = new FloatStack(sx, sy, sz);
		for (int z = 0; z < sz; z++) {
			final float[] o = img.planes[z];
			for (int i = 0; i < o.length; i++) {
				final double d = boundary[z][i];
				final double depth = 0.42 * Math.min(1, Math.max(0.2, 0.75 + 0.35 * contrast.planes[z][i]));
				o[i] = (float) (tone[owner[z][i]] + 0.05 * grain.planes[z][i] - depth * StrictMath.exp(-0.5 * d * d /
					(1.2 * 1.2)));
			}
		}
		addVesicles(seeds, sx, sy, sz, organelles, owner, labels, img);
		addMitochondria(seeds, sx, sy, sz, anisotropy, organelles, owner, boundary, labels, img);

		// imaging: section thickness and beam blur, section-to-section contrast, noise
		img.blur(0.8, 0.8, 0.3);
		for (int z = 0; z < sz; z++) {
			final float gain = (float) imaging.uniform(0.93, 1.07);
			final float offset = (float) (0.02 * imaging.gaussian());
			final float[] o = img.planes[z];
			for (int i = 0; i < o.length; i++)
				o[i] = o[i] * gain + offset + (float) (0.075 * imaging.gaussian());
		}
		return new LabeledStack(SyntheticStacks.Kind.EM_MEMBRANES, seed, sx, sy, img.toUnsignedBytes(0, 1), labels);
	}

	/** Neurite seeds spread by dart throwing, plus short-lived blob seeds. */
	private static Seeds seeds(final int sx, final int sy, final int sz, final double anisotropy,
		final SeededRandom random)
	{
		final int neurites = Math.max(2, (int) Math.round((double) sx * sy / (SPACING * SPACING)));
		final int blobs = (int) Math.round(neurites * 0.3 * Math.min(1, sz / 16.0));
		final Seeds s = new Seeds(neurites + blobs);
		final double zMid = 0.5 * (sz - 1);
		for (int k = 0; k < s.n; k++) {
			// dart throwing at the middle slice, so that cells are of similar size
			double bx = 0;
			double by = 0;
			double best = -1;
			for (int t = 0; t < 12; t++) {
				final double x = random.uniform(-0.1, 1.1) * sx;
				final double y = random.uniform(-0.1, 1.1) * sy;
				double nearest = Double.MAX_VALUE;
				for (int j = 0; j < k; j++) {
					final double ex = x - (s.x0[j] + s.dx[j] * zMid);
					final double ey = y - (s.y0[j] + s.dy[j] * zMid);
					nearest = Math.min(nearest, ex * ex + ey * ey);
				}
				if (nearest > best) {
					best = nearest;
					bx = x;
					by = y;
				}
			}
			final boolean blob = k >= neurites;
			s.dx[k] = blob ? 0 : 1.2 * random.gaussian();
			s.dy[k] = blob ? 0 : 1.2 * random.gaussian();
			s.x0[k] = bx - s.dx[k] * zMid;
			s.y0[k] = by - s.dy[k] * zMid;
			final double w = SPACING * SPACING * random.uniform(-0.12, 0.12);
			if (blob) {
				s.zc[k] = random.uniform(0, sz - 1);
				final double g = random.uniform(0.25, 0.5) * anisotropy;
				s.zGrowth[k] = g * g;
				s.weight[k] = SPACING * SPACING * random.uniform(0.1, 0.3);
			}
			else {
				s.weight[k] = w;
			}
		}
		return s;
	}

	/**
	 * For every voxel: the owning seed (smallest power distance) and the in-plane distance to the
	 * nearest cell boundary, which for a power diagram is exact: {@code (D_j - D_i) / (2 |c_i - c_j|)}.
	 */
	private static void tessellate(final Seeds s, final int sx, final int sy, final int sz, final int[][] owner,
		final float[][] boundary)
	{
		final int n = s.n;
		final double[] cx = new double[n];
		final double[] cy = new double[n];
		final double[] offset = new double[n];
		final double[] power = new double[n];
		final double[][] inverseGap = new double[n][n];
		for (int z = 0; z < sz; z++) {
			for (int k = 0; k < n; k++) {
				cx[k] = s.x0[k] + s.dx[k] * z;
				cy[k] = s.y0[k] + s.dy[k] * z;
				offset[k] = s.zGrowth[k] * (z - s.zc[k]) * (z - s.zc[k]) - s.weight[k];
			}
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++) {
					final double g = Math.hypot(cx[i] - cx[j], cy[i] - cy[j]);
					inverseGap[i][j] = g > 1e-9 ? 0.5 / g : 0;
				}
			for (int y = 0; y < sy; y++)
				for (int x = 0; x < sx; x++) {
					int best = 0;
					for (int k = 0; k < n; k++) {
						final double ex = x - cx[k];
						final double ey = y - cy[k];
						power[k] = ex * ex + ey * ey + offset[k];
						if (power[k] < power[best]) best = k;
					}
					double d = Double.MAX_VALUE;
					final double[] inv = inverseGap[best];
					for (int k = 0; k < n; k++)
						if (k != best && inv[k] > 0) d = Math.min(d, (power[k] - power[best]) * inv[k]);
					owner[z][x + y * sx] = best;
					boundary[z][x + y * sx] = (float) Math.min(d, 1e6);
				}
		}
	}

	/** Clusters of synaptic vesicles: small rings, darker than cytoplasm, in some cells (image only). */
	private static void addVesicles(final Seeds s, final int sx, final int sy, final int sz, final SeededRandom random,
		final int[][] owner, final byte[][] labels, final FloatStack img)
	{
		final int clusters = (int) Math.round(s.n * 0.6 * sz / 16.0 + random.uniform());
		for (int c = 0; c < clusters; c++) {
			final double x0 = random.uniform(0, sx);
			final double y0 = random.uniform(0, sy);
			final int z = random.nextInt(sz);
			final int cell = owner[z][Math.min(sx - 1, (int) x0) + Math.min(sy - 1, (int) y0) * sx];
			final int count = 8 + random.nextInt(18);
			for (int v = 0; v < count; v++) {
				final double vx = x0 + 5 * random.gaussian();
				final double vy = y0 + 5 * random.gaussian();
				final double r = random.uniform(1.8, 3.0);
				final int zv = Math.max(0, Math.min(sz - 1, z + (random.chance(0.3) ? random.nextInt(3) - 1 : 0)));
				for (int y = Math.max(0, (int) (vy - r)); y <= Math.min(sy - 1, (int) (vy + r + 1)); y++)
					for (int x = Math.max(0, (int) (vx - r)); x <= Math.min(sx - 1, (int) (vx + r + 1)); x++) {
						final int i = x + y * sx;
						if (owner[zv][i] != cell || labels[zv][i] != 0) continue;
						final double d = Math.hypot(x - vx, y - vy) / r;
						if (d <= 1) img.planes[zv][i] -= d > 0.5 ? 0.34f : 0.06f;
					}
			}
		}
	}

	/**
	 * Mitochondria in three of four neurites per 12 slices: ellipsoids along the neurite, centred
	 * in it, with a dark double-membrane rim and cristae, shrunk until they keep 2 pixels from the
	 * cell's membrane.
	 */
	private static void addMitochondria(final Seeds s, final int sx, final int sy, final int sz,
		final double anisotropy, final SeededRandom random, final int[][] owner, final float[][] boundary,
		final byte[][] labels, final FloatStack img)
	{
		final int chunks = Math.max(1, (int) Math.round(sz / 12.0));
		for (int k = 0; k < s.n; k++)
			for (int chunk = 0; chunk < chunks; chunk++) {
				if (s.zGrowth[k] > 0 || !random.chance(0.75)) continue;
				final int zc = Math.min(sz - 1, (int) ((chunk + random.uniform()) * sz / chunks));
				final double[] centroid = centroid(owner[zc], boundary[zc], k, sx, sy);
				if (centroid == null) continue;
				final double cx = centroid[0] + 1.5 * random.gaussian();
				final double cy = centroid[1] + 1.5 * random.gaussian();
				final double[] rot = alongAxis(s.dx[k], s.dy[k], anisotropy, random.uniform(0, 2 * Math.PI));
				final double along = random.uniform(30, 70);
				double across = random.uniform(6, 10);
				final double flat = random.uniform(0.75, 1);
				for (int tries = 0; tries < 5; tries++, across *= 0.8) {
					final Ellipsoid m = new Ellipsoid(cx, cy, zc * anisotropy, across * flat, across, along, rot,
						anisotropy);
					if (fits(m, k, sx, sy, sz, owner, boundary, labels)) {
						draw(m, sx, sy, sz, labels, img);
						break;
					}
				}
			}
	}

	/** Centre of the part of cell {@code cell} in a slice that is at least 4 pixels from its membrane, or null. */
	private static double[] centroid(final int[] owner, final float[] boundary, final int cell, final int sx,
		final int sy)
	{
		double x = 0;
		double y = 0;
		long n = 0;
		for (int i = 0; i < owner.length; i++)
			if (owner[i] == cell && boundary[i] > 4) {
				x += i % sx;
				y += i / sx;
				n++;
			}
		return n == 0 ? null : new double[] { x / n, y / n };
	}

	private static boolean fits(final Ellipsoid m, final int cell, final int sx, final int sy, final int sz,
		final int[][] owner, final float[][] boundary, final byte[][] labels)
	{
		final int[] box = m.box(0, sx, sy, sz);
		boolean any = false;
		for (int z = box[4]; z <= box[5]; z++)
			for (int y = box[2]; y <= box[3]; y++)
				for (int x = box[0]; x <= box[1]; x++) {
					if (m.q(x, y, z) > 1) continue;
					final int i = x + y * sx;
					if (owner[z][i] != cell || boundary[z][i] < HALF_WIDTH + 2 || labels[z][i] != 0) return false;
					any = true;
				}
		return any;
	}

	private static void draw(final Ellipsoid m, final int sx, final int sy, final int sz, final byte[][] labels,
		final FloatStack img)
	{
		final int[] box = m.box(0, sx, sy, sz);
		for (int z = box[4]; z <= box[5]; z++)
			for (int y = box[2]; y <= box[3]; y++)
				for (int x = box[0]; x <= box[1]; x++) {
					final double q = m.q(x, y, z);
					if (q > 1) continue;
					final int i = x + y * sx;
					labels[z][i] = 2;
					final double cristae = 0.06 * StrictMath.cos(2 * Math.PI * m.along0(x, y, z) / 4.5);
					img.planes[z][i] = (float) (q > 0.75 ? 0.28 : 0.45 + cristae);
				}
	}

	/**
	 * A rotation whose third row is the neurite's direction (dx, dy per slice) and whose first row
	 * is at angle phi around it.
	 */
	private static double[] alongAxis(final double dx, final double dy, final double anisotropy, final double phi) {
		final double n = StrictMath.sqrt(dx * dx + dy * dy + anisotropy * anisotropy);
		final double[] w = { dx / n, dy / n, anisotropy / n };
		// a unit vector perpendicular to w
		double[] u = { -w[1], w[0], 0 };
		double un = StrictMath.sqrt(u[0] * u[0] + u[1] * u[1]);
		if (un < 1e-9) {
			u = new double[] { 1, 0, 0 };
			un = 1;
		}
		u = new double[] { u[0] / un, u[1] / un, 0 };
		final double[] v = { w[1] * u[2] - w[2] * u[1], w[2] * u[0] - w[0] * u[2], w[0] * u[1] - w[1] * u[0] };
		final double c = StrictMath.cos(phi);
		final double sn = StrictMath.sin(phi);
		final double[] e1 = new double[3];
		final double[] e2 = new double[3];
		for (int a = 0; a < 3; a++) {
			e1[a] = c * u[a] + sn * v[a];
			e2[a] = -sn * u[a] + c * v[a];
		}
		return new double[] { e1[0], e1[1], e1[2], e2[0], e2[1], e2[2], w[0], w[1], w[2] };
	}
}
