package org.unet3d.objects;

/**
 * The measurements of one object: size, position and intensity. Positions are calibrated, axes z,
 * y, x, and refer to voxel centres with voxel (0, 0, 0) at the origin, as ImageJ's calibrated
 * coordinates do. Immutable.
 */
public final class ObjectMeasurement {

	private final int id;
	private final long voxels;
	private final double volume;
	private final double[] centroidZYX;
	private final double[] minZYX;
	private final double[] maxZYX;
	private final double meanIntensity;
	private final double minIntensity;
	private final double maxIntensity;
	private final boolean touchesBorder;

	ObjectMeasurement(final int id, final long voxels, final double volume, final double[] centroidZYX,
		final double[] minZYX, final double[] maxZYX, final double meanIntensity, final double minIntensity,
		final double maxIntensity, final boolean touchesBorder)
	{
		this.id = id;
		this.voxels = voxels;
		this.volume = volume;
		this.centroidZYX = centroidZYX.clone();
		this.minZYX = minZYX.clone();
		this.maxZYX = maxZYX.clone();
		this.meanIntensity = meanIntensity;
		this.minIntensity = minIntensity;
		this.maxIntensity = maxIntensity;
		this.touchesBorder = touchesBorder;
	}

	/** The object's id in the label image. */
	public int id() {
		return id;
	}

	/** Number of voxels. */
	public long voxels() {
		return voxels;
	}

	/** Volume in calibrated units cubed (voxels times the volume of a voxel). */
	public double volume() {
		return volume;
	}

	/** Mean position of the object's voxels {z, y, x}, calibrated. */
	public double[] centroidZYX() {
		return centroidZYX.clone();
	}

	/** The bounding box's first voxel {z, y, x}, calibrated. */
	public double[] minZYX() {
		return minZYX.clone();
	}

	/** The bounding box's last voxel {z, y, x}, calibrated. */
	public double[] maxZYX() {
		return maxZYX.clone();
	}

	/** Mean intensity of the image over the object (NaN if no image was measured). */
	public double meanIntensity() {
		return meanIntensity;
	}

	public double minIntensity() {
		return minIntensity;
	}

	public double maxIntensity() {
		return maxIntensity;
	}

	/** True if the object has a voxel in the first or last slice, row or column of the stack (it may be cut off). */
	public boolean touchesBorder() {
		return touchesBorder;
	}
}
