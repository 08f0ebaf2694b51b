package org.unet3d.data;

import java.util.Locale;
import java.util.Objects;

/**
 * Physical size of one voxel along x, y and z, with its unit (e.g. 0.004, 0.004, 0.05 "micron"
 * for serial-section EM). Uncalibrated stacks use 1, 1, 1 "pixel".
 */
public final class VoxelSize {

	/** One unit per voxel along every axis: what an uncalibrated stack has. */
	public static final VoxelSize UNCALIBRATED = new VoxelSize(1, 1, 1, "pixel");

	private final double x;
	private final double y;
	private final double z;
	private final String unit;

	public VoxelSize(final double x, final double y, final double z, final String unit) {
		if (!(x > 0 && y > 0 && z > 0) || Double.isInfinite(x) || Double.isInfinite(y) || Double.isInfinite(z))
			throw new IllegalArgumentException("Voxel size must be positive and finite, got " + x + " x " + y +
				" x " + z + ". Fix the calibration (Image > Properties).");
		this.x = x;
		this.y = y;
		this.z = z;
		this.unit = unit == null || unit.isEmpty() ? "pixel" : unit;
	}

	public double x() {
		return x;
	}

	public double y() {
		return y;
	}

	public double z() {
		return z;
	}

	public String unit() {
		return unit;
	}

	/** How many times thicker a slice is than a pixel is wide: z / mean(x, y). */
	public double anisotropy() {
		return z / (0.5 * (x + y));
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof VoxelSize)) return false;
		final VoxelSize v = (VoxelSize) o;
		return x == v.x && y == v.y && z == v.z && unit.equals(v.unit);
	}

	@Override
	public int hashCode() {
		return Objects.hash(x, y, z, unit);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%g x %g x %g %s", x, y, z, unit);
	}
}
