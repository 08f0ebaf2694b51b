package org.unet3d.data;

import java.util.Random;

/**
 * Applies an {@link Augmentation} to training patches in place: flips along x, y and z and
 * 90-degree rotations in the x-y plane (only for patches square in x-y, so anisotropic z is never
 * mixed with x or y), an elastic deformation, then intensity scale/shift, gamma and noise. Image
 * channels and labels get the same geometric transform (the image by linear interpolation, the
 * labels by nearest neighbour, both mirrored at the patch border), so they always stay aligned.
 * Reuses its buffers; not thread-safe.
 */
public final class Augmenter {

	private final Augmentation augmentation;
	private final double anisotropy;
	private int[] map = new int[0];
	private float[] tmpF = new float[0];
	private int[] tmpI = new int[0];
	private float[] sourceX = new float[0];
	private float[] sourceY = new float[0];
	private float[] sourceZ = new float[0];

	/**
	 * @param anisotropy how many times thicker a slice is than a pixel is wide ({@link VoxelSize#anisotropy()});
	 *          elastic displacements in z are divided by it
	 */
	public Augmenter(final Augmentation augmentation, final double anisotropy) {
		this.augmentation = augmentation;
		this.anisotropy = anisotropy > 0 ? anisotropy : 1;
	}

	public Augmentation augmentation() {
		return augmentation;
	}

	/**
	 * Transforms one patch in place.
	 *
	 * @param sizeXYZ patch size
	 * @param image channels of the patch, channel c at {@code image[offset + c * n ...]}, n = voxels, X fastest
	 * @param labels class ids of the patch (n values)
	 */
	public void apply(final int[] sizeXYZ, final float[] image, final int offset, final int channels,
		final int[] labels, final Random random)
	{
		final Augmentation a = augmentation;
		final int n = sizeXYZ[0] * sizeXYZ[1] * sizeXYZ[2];
		if (tmpF.length < n) tmpF = new float[n];
		if (tmpI.length < n) tmpI = new int[n];
		final boolean fx = a.flips() && random.nextBoolean();
		final boolean fy = a.flips() && random.nextBoolean();
		final boolean fz = a.flips() && random.nextBoolean();
		final int rot = a.rotations() && sizeXYZ[0] == sizeXYZ[1] ? random.nextInt(4) : 0;
		if (fx || fy || fz || rot != 0) permute(sizeXYZ, image, offset, channels, labels, fx, fy, fz, rot);
		if (a.elasticSigma() > 0 && random.nextDouble() < a.elasticProbability()) deform(sizeXYZ, image, offset,
			channels, labels, random);
		for (int c = 0; c < channels; c++) {
			final int off = offset + c * n;
			if (random.nextDouble() < a.intensityProbability()) {
				final float factor = (float) Math.exp(Math.log1p(a.scale()) * (2 * random.nextDouble() - 1));
				final float add = (float) (a.shift() * (2 * random.nextDouble() - 1));
				for (int i = off; i < off + n; i++)
					image[i] = image[i] * factor + add;
			}
			if (a.gamma() > 0 && random.nextDouble() < a.gammaProbability()) {
				final double lo = Math.log(1 - a.gamma());
				gamma(image, off, n, Math.exp(lo + (-2 * lo) * random.nextDouble()));
			}
			if (a.noiseSigma() > 0 && random.nextDouble() < a.noiseProbability()) {
				final double sigma = a.noiseSigma() * random.nextDouble();
				for (int i = off; i < off + n; i++)
					image[i] += (float) (sigma * random.nextGaussian());
			}
		}
	}

	/** {@code v -> min + range * ((v - min) / range)^gamma}, with the patch's own min and max. */
	private static void gamma(final float[] image, final int off, final int n, final double g) {
		float min = Float.POSITIVE_INFINITY;
		float max = Float.NEGATIVE_INFINITY;
		for (int i = off; i < off + n; i++) {
			min = Math.min(min, image[i]);
			max = Math.max(max, image[i]);
		}
		final double range = max - min;
		if (!(range > 0)) return;
		for (int i = off; i < off + n; i++)
			image[i] = (float) (min + range * Math.pow((image[i] - min) / range, g));
	}

	private void permute(final int[] sizeXYZ, final float[] image, final int offset, final int channels,
		final int[] labels, final boolean fx, final boolean fy, final boolean fz, final int rot)
	{
		final int sx = sizeXYZ[0];
		final int sy = sizeXYZ[1];
		final int sz = sizeXYZ[2];
		final int n = sx * sy * sz;
		if (map.length < n) map = new int[n];
		int i = 0;
		for (int z = 0; z < sz; z++)
			for (int y = 0; y < sy; y++)
				for (int x = 0; x < sx; x++) {
					int xi = fx ? sx - 1 - x : x;
					int yi = fy ? sy - 1 - y : y;
					final int zi = fz ? sz - 1 - z : z;
					for (int r = 0; r < rot; r++) { // rotate by 90 degrees (square in x-y)
						final int t = xi;
						xi = yi;
						yi = sx - 1 - t;
					}
					map[i++] = xi + sx * (yi + sy * zi);
				}
		for (int c = 0; c < channels; c++) {
			final int off = offset + c * n;
			for (int j = 0; j < n; j++)
				tmpF[j] = image[off + map[j]];
			System.arraycopy(tmpF, 0, image, off, n);
		}
		for (int j = 0; j < n; j++)
			tmpI[j] = labels[map[j]];
		System.arraycopy(tmpI, 0, labels, 0, n);
	}

	/**
	 * Elastic deformation: random Gaussian displacements on a coarse grid, interpolated linearly to
	 * every voxel; each output voxel takes the image (linear) and label (nearest) at its displaced
	 * source position, mirrored into the patch.
	 */
	private void deform(final int[] sizeXYZ, final float[] image, final int offset, final int channels,
		final int[] labels, final Random random)
	{
		final int sx = sizeXYZ[0];
		final int sy = sizeXYZ[1];
		final int sz = sizeXYZ[2];
		final int n = sx * sy * sz;
		final double sigmaXY = augmentation.elasticSigma();
		final double sigmaZ = sz > 1 ? sigmaXY / anisotropy : 0;
		final double spacingXY = augmentation.elasticSpacing();
		final double spacingZ = Math.max(2, spacingXY / anisotropy);
		final int gx = (int) Math.ceil((sx - 1) / spacingXY) + 1;
		final int gy = (int) Math.ceil((sy - 1) / spacingXY) + 1;
		final int gz = (int) Math.ceil((sz - 1) / spacingZ) + 1;
		final double[][] grid = new double[3][gx * gy * gz];
		final double[] sigma = { sigmaXY, sigmaXY, sigmaZ };
		for (int d = 0; d < 3; d++)
			for (int i = 0; i < grid[d].length; i++)
				grid[d][i] = sigma[d] * random.nextGaussian();
		if (sourceX.length < n) {
			sourceX = new float[n];
			sourceY = new float[n];
			sourceZ = new float[n];
		}
		final double[] d = new double[3];
		int i = 0;
		for (int z = 0; z < sz; z++) {
			final double tz = z / spacingZ;
			final int z0 = Math.min((int) tz, gz - 1);
			final int z1 = Math.min(z0 + 1, gz - 1);
			final double wz = tz - z0;
			for (int y = 0; y < sy; y++) {
				final double ty = y / spacingXY;
				final int y0 = Math.min((int) ty, gy - 1);
				final int y1 = Math.min(y0 + 1, gy - 1);
				final double wy = ty - y0;
				for (int x = 0; x < sx; x++, i++) {
					final double tx = x / spacingXY;
					final int x0 = Math.min((int) tx, gx - 1);
					final int x1 = Math.min(x0 + 1, gx - 1);
					final double wx = tx - x0;
					for (int a = 0; a < 3; a++) {
						final double[] g = grid[a];
						final double c00 = g[x0 + gx * (y0 + gy * z0)] * (1 - wx) + g[x1 + gx * (y0 + gy * z0)] * wx;
						final double c10 = g[x0 + gx * (y1 + gy * z0)] * (1 - wx) + g[x1 + gx * (y1 + gy * z0)] * wx;
						final double c01 = g[x0 + gx * (y0 + gy * z1)] * (1 - wx) + g[x1 + gx * (y0 + gy * z1)] * wx;
						final double c11 = g[x0 + gx * (y1 + gy * z1)] * (1 - wx) + g[x1 + gx * (y1 + gy * z1)] * wx;
						d[a] = (c00 * (1 - wy) + c10 * wy) * (1 - wz) + (c01 * (1 - wy) + c11 * wy) * wz;
					}
					sourceX[i] = (float) Mirror.position(x + d[0], sx);
					sourceY[i] = (float) Mirror.position(y + d[1], sy);
					sourceZ[i] = (float) Mirror.position(z + d[2], sz);
				}
			}
		}
		for (int c = 0; c < channels; c++) {
			final int off = offset + c * n;
			for (int j = 0; j < n; j++)
				tmpF[j] = interpolate(image, off, sx, sy, sz, sourceX[j], sourceY[j], sourceZ[j]);
			System.arraycopy(tmpF, 0, image, off, n);
		}
		for (int j = 0; j < n; j++)
			tmpI[j] = labels[Math.round(sourceX[j]) + sx * (Math.round(sourceY[j]) + sy * Math.round(sourceZ[j]))];
		System.arraycopy(tmpI, 0, labels, 0, n);
	}

	private static float interpolate(final float[] a, final int off, final int sx, final int sy, final int sz,
		final float x, final float y, final float z)
	{
		final int x0 = Math.min((int) x, sx - 1);
		final int y0 = Math.min((int) y, sy - 1);
		final int z0 = Math.min((int) z, sz - 1);
		final int x1 = Math.min(x0 + 1, sx - 1);
		final int y1 = Math.min(y0 + 1, sy - 1);
		final int z1 = Math.min(z0 + 1, sz - 1);
		final double wx = x - x0;
		final double wy = y - y0;
		final double wz = z - z0;
		final int r00 = off + sx * (y0 + sy * z0);
		final int r10 = off + sx * (y1 + sy * z0);
		final int r01 = off + sx * (y0 + sy * z1);
		final int r11 = off + sx * (y1 + sy * z1);
		final double c00 = a[r00 + x0] * (1 - wx) + a[r00 + x1] * wx;
		final double c10 = a[r10 + x0] * (1 - wx) + a[r10 + x1] * wx;
		final double c01 = a[r01 + x0] * (1 - wx) + a[r01 + x1] * wx;
		final double c11 = a[r11 + x0] * (1 - wx) + a[r11 + x1] * wx;
		return (float) ((c00 * (1 - wy) + c10 * wy) * (1 - wz) + (c01 * (1 - wy) + c11 * wy) * wz);
	}
}
