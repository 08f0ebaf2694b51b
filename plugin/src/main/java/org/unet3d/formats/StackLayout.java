package org.unet3d.formats;

import java.util.Arrays;

import org.unet3d.data.VoxelSize;
import org.unet3d.zarr.Compressor;

/**
 * What a new stack file holds, whatever its format: size, channels, voxel type, voxel size, and
 * whether it is a label image (a TIFF gets the label color table and display range 0-255); for an
 * OME-Zarr image also its chunk size and compressor (a TIFF ignores them). Immutable: each
 * {@code with...} method gives a changed copy.
 */
public final class StackLayout {

	/** Voxel types a stack file is written with. */
	public enum Voxels {
		UINT8, UINT16, FLOAT32
	}

	/** Chunk size z, y, x of the OME-Zarr images we write unless told otherwise (cut at the image size). */
	public static final int[] DEFAULT_CHUNKS_ZYX = { 64, 64, 64 };

	/** Compressor of the OME-Zarr images we write unless told otherwise. */
	public static final Compressor DEFAULT_COMPRESSOR = Compressor.zlib(5);

	private final long width, height, depth;
	private final int channels;
	private final Voxels voxels;
	private final VoxelSize voxelSize;
	private final boolean labels;
	private final double displayMin, displayMax;
	private final int[] chunksZYX;
	private final Compressor compressor;

	private StackLayout(final long width, final long height, final long depth, final int channels,
		final Voxels voxels, final VoxelSize voxelSize, final boolean labels, final double displayMin,
		final double displayMax, final int[] chunksZYX, final Compressor compressor)
	{
		this.width = width;
		this.height = height;
		this.depth = depth;
		this.channels = channels;
		this.voxels = voxels;
		this.voxelSize = voxelSize;
		this.labels = labels;
		this.displayMin = displayMin;
		this.displayMax = displayMax;
		this.chunksZYX = chunksZYX;
		this.compressor = compressor;
	}

	/** A single-channel 8-bit stack of {@code width x height x depth} voxels, uncalibrated. */
	public static StackLayout of(final long width, final long height, final long depth) {
		if (width < 1 || height < 1 || depth < 1) throw new IllegalArgumentException("Stack size must be at least " +
			"1 x 1 x 1, got " + width + " x " + height + " x " + depth);
		return new StackLayout(width, height, depth, 1, Voxels.UINT8, VoxelSize.UNCALIBRATED, false, Double.NaN,
			Double.NaN, DEFAULT_CHUNKS_ZYX, DEFAULT_COMPRESSOR);
	}

	/** Channels per z-slice; planes are written channel fastest. */
	public StackLayout withChannels(final int c) {
		if (c < 1) throw new IllegalArgumentException("Channels must be >= 1");
		return new StackLayout(width, height, depth, c, voxels, voxelSize, labels, displayMin, displayMax, chunksZYX,
			compressor);
	}

	public StackLayout withVoxels(final Voxels v) {
		return new StackLayout(width, height, depth, channels, v, voxelSize, labels, displayMin, displayMax, chunksZYX,
			compressor);
	}

	public StackLayout withVoxelSize(final VoxelSize v) {
		return new StackLayout(width, height, depth, channels, voxels, v == null ? VoxelSize.UNCALIBRATED : v, labels,
			displayMin, displayMax, chunksZYX, compressor);
	}

	/** A label image of ids (a TIFF gets the label color table for 8- and 16-bit and display range 0-255). */
	public StackLayout asLabels() {
		return new StackLayout(width, height, depth, channels, voxels, voxelSize, true, 0, 255, chunksZYX, compressor);
	}

	/** The display range a TIFF is opened with. */
	public StackLayout withDisplayRange(final double min, final double max) {
		return new StackLayout(width, height, depth, channels, voxels, voxelSize, labels, min, max, chunksZYX,
			compressor);
	}

	/** Chunk size z, y, x of an OME-Zarr image (null for {@link #DEFAULT_CHUNKS_ZYX}); cut at the image size. */
	public StackLayout withChunks(final int[] zyx) {
		if (zyx != null && (zyx.length != 3 || zyx[0] < 1 || zyx[1] < 1 || zyx[2] < 1)) throw new IllegalArgumentException(
			"Chunk size z,y,x must be three positive numbers, got " + Arrays.toString(zyx));
		return new StackLayout(width, height, depth, channels, voxels, voxelSize, labels, displayMin, displayMax,
			zyx == null ? DEFAULT_CHUNKS_ZYX : zyx.clone(), compressor);
	}

	/** Compressor of an OME-Zarr image (null for {@link #DEFAULT_COMPRESSOR}). */
	public StackLayout withCompressor(final Compressor c) {
		return new StackLayout(width, height, depth, channels, voxels, voxelSize, labels, displayMin, displayMax,
			chunksZYX, c == null ? DEFAULT_COMPRESSOR : c);
	}

	public long width() {
		return width;
	}

	public long height() {
		return height;
	}

	public long depth() {
		return depth;
	}

	public int channels() {
		return channels;
	}

	public Voxels voxels() {
		return voxels;
	}

	public VoxelSize voxelSize() {
		return voxelSize;
	}

	public boolean labels() {
		return labels;
	}

	/** Lower end of the display range, NaN if none is set. */
	public double displayMin() {
		return displayMin;
	}

	public double displayMax() {
		return displayMax;
	}

	/** Chunk size z, y, x, each at most the image size along that axis. */
	public int[] chunksZYX() {
		return new int[] { (int) Math.min(depth, chunksZYX[0]), (int) Math.min(height, chunksZYX[1]), (int) Math.min(
			width, chunksZYX[2]) };
	}

	public Compressor compressor() {
		return compressor;
	}

	@Override
	public String toString() {
		return width + " x " + height + " x " + depth + (channels > 1 ? " x " + channels + " channels" : "") + " " +
			voxels + (labels ? " labels" : "") + ", voxel " + voxelSize;
	}
}
