package org.unet3d.objects;

import java.util.Locale;

import org.unet3d.data.VoxelSize;

/**
 * The size and voxel size of a stack held in memory as flat arrays, one value per voxel, X
 * fastest: voxel (x, y, z) is at {@code x + width * (y + height * z)}. The object algorithms work
 * on such arrays, so a stack must have fewer than 2^31 voxels to be separated into objects in
 * memory ({@link SlabComponents} labels bigger ones slab by slab).
 */
public final class StackShape {

	/** The most voxels a Java array holds. */
	static final long MAX_VOXELS = Integer.MAX_VALUE - 8;

	private final int width;
	private final int height;
	private final int depth;
	private final VoxelSize voxelSize;

	/**
	 * @throws IllegalArgumentException if a size is not positive or the stack has 2^31 voxels or more
	 */
	public StackShape(final long width, final long height, final long depth, final VoxelSize voxelSize) {
		if (width < 1 || height < 1 || depth < 1) throw new IllegalArgumentException("A stack must have at least one " +
			"voxel along each axis, got " + width + " x " + height + " x " + depth + " (x, y, z).");
		if (width * height * depth > MAX_VOXELS) throw new IllegalArgumentException(String.format(Locale.ROOT,
			"The stack has %d x %d x %d = %d voxels, more than the %d that objects can be made of in memory. Crop the " +
				"stack, or label it slab by slab with connected components.", width, height, depth, width * height * depth,
			MAX_VOXELS));
		this.width = (int) width;
		this.height = (int) height;
		this.depth = (int) depth;
		this.voxelSize = voxelSize == null ? VoxelSize.UNCALIBRATED : voxelSize;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int depth() {
		return depth;
	}

	/** Voxels per z-slice. */
	public int plane() {
		return width * height;
	}

	/** Number of voxels, the length of the arrays. */
	public int voxels() {
		return width * height * depth;
	}

	public VoxelSize voxelSize() {
		return voxelSize;
	}

	/** Volume of one voxel in calibrated units cubed. */
	public double voxelVolume() {
		return voxelSize.x() * voxelSize.y() * voxelSize.z();
	}

	/** The array index of voxel (x, y, z). */
	public int index(final int x, final int y, final int z) {
		return x + width * (y + height * z);
	}

	/** Checks that an array holds one value per voxel. */
	void check(final int length, final String what) {
		if (length != voxels()) throw new IllegalArgumentException("The " + what + " has " + length +
			" voxels but the stack " + this + " has " + voxels() + "; use images of the same size.");
	}

	@Override
	public String toString() {
		return width + " x " + height + " x " + depth + " (voxel " + voxelSize + ")";
	}
}
