package org.unet3d.samples;

import java.util.List;

/**
 * An oriented ellipsoid in a stack whose slices are {@code anisotropy} pixel widths apart.
 * Coordinates are in pixel widths with z already multiplied by the anisotropy ("isotropic
 * units"), so shapes keep their physical proportions whatever the slice spacing.
 */
final class Ellipsoid {

	final double cx;
	final double cy;
	final double cz;
	/** Semi-axes in isotropic units. */
	final double a;
	final double b;
	final double c;
	/** Rows are the unit principal axes; each divided by its semi-axis. */
	private final double[] m;
	private final double anisotropy;

	/**
	 * @param rotation row-major 3x3 rotation; its rows are the directions of the semi-axes a, b, c
	 */
	Ellipsoid(final double cx, final double cy, final double cz, final double a, final double b, final double c,
		final double[] rotation, final double anisotropy)
	{
		this.cx = cx;
		this.cy = cy;
		this.cz = cz;
		this.a = a;
		this.b = b;
		this.c = c;
		this.anisotropy = anisotropy;
		m = new double[9];
		final double[] s = { a, b, c };
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++)
				m[3 * i + j] = rotation[3 * i + j] / s[i];
	}

	/** Geometric mean of the semi-axes: the radius of the sphere of equal volume. */
	double meanRadius() {
		return StrictMath.cbrt(a * b * c);
	}

	/**
	 * True if no centre in {@code others} is closer than {@code factor} times the sum of the two
	 * mean radii: the acceptance test of random sequential addition (factor < 1 lets objects touch).
	 */
	boolean clearOf(final List<Ellipsoid> others, final double factor) {
		final double r = meanRadius();
		for (final Ellipsoid o : others) {
			final double dx = cx - o.cx;
			final double dy = cy - o.cy;
			final double dz = cz - o.cz;
			final double min = factor * (r + o.meanRadius());
			if (dx * dx + dy * dy + dz * dz < min * min) return false;
		}
		return true;
	}

	/** The quadratic form at voxel (x, y, z): at most 1 inside, 1 on the surface. */
	double q(final int x, final int y, final int z) {
		final double dx = x - cx;
		final double dy = y - cy;
		final double dz = z * anisotropy - cz;
		final double u = m[0] * dx + m[1] * dy + m[2] * dz;
		final double v = m[3] * dx + m[4] * dy + m[5] * dz;
		final double w = m[6] * dx + m[7] * dy + m[8] * dz;
		return u * u + v * v + w * w;
	}

	/** The voxel's coordinate along the first principal axis, in isotropic units from the center. */
	double along0(final int x, final int y, final int z) {
		return a * (m[0] * (x - cx) + m[1] * (y - cy) + m[2] * (z * anisotropy - cz));
	}

	/** Rough signed distance to the surface in isotropic units (negative inside). */
	double distance(final int x, final int y, final int z) {
		return (StrictMath.sqrt(q(x, y, z)) - 1) * meanRadius();
	}

	/** Half the extent along world axis {@code axis} (0 = x, 1 = y, 2 = z), isotropic units. */
	private double halfExtent(final int axis) {
		final double ra = m[axis] * a * a;
		final double rb = m[3 + axis] * b * b;
		final double rc = m[6 + axis] * c * c;
		return StrictMath.sqrt(ra * ra + rb * rb + rc * rc);
	}

	/**
	 * The bounding box grown by {@code margin} (isotropic units), clipped to a stack of the given
	 * size, as {x0, x1, y0, y1, z0, z1} with inclusive ends; empty (an end below its start) when
	 * the ellipsoid misses the stack.
	 */
	int[] box(final double margin, final int sx, final int sy, final int sz) {
		final double ex = halfExtent(0) + margin;
		final double ey = halfExtent(1) + margin;
		final double ez = halfExtent(2) + margin;
		return new int[] { low(cx - ex), high(cx + ex, sx), low(cy - ey), high(cy + ey, sy), //
			low((cz - ez) / anisotropy), high((cz + ez) / anisotropy, sz) };
	}

	private static int low(final double v) {
		return v <= 0 ? 0 : (int) Math.floor(v);
	}

	private static int high(final double v, final int size) {
		return v >= size - 1 ? size - 1 : (int) Math.ceil(v);
	}
}
