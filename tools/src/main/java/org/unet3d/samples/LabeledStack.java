package org.unet3d.samples;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.Fraction;

import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;

/**
 * A synthetic 8-bit image stack with its exact ground truth: image and labels are XYZ
 * {@link PlanarImg}s with one byte array per z-slice (so ImageJ can show them without a copy),
 * label values are class ids 0..K-1 named by {@link #classNames()}.
 */
public final class LabeledStack {

	private final SyntheticStacks.Kind kind;
	private final long seed;
	private final PlanarImg<UnsignedByteType, ByteArray> image;
	private final PlanarImg<UnsignedByteType, ByteArray> labels;

	LabeledStack(final SyntheticStacks.Kind kind, final long seed, final int sx, final int sy, final byte[][] image,
		final byte[][] labels)
	{
		this.kind = kind;
		this.seed = seed;
		this.image = planar(sx, sy, image);
		this.labels = planar(sx, sy, labels);
	}

	private static PlanarImg<UnsignedByteType, ByteArray> planar(final int sx, final int sy, final byte[][] slices) {
		final List<ByteArray> planes = new ArrayList<>(slices.length);
		for (final byte[] s : slices) {
			if (s.length != sx * sy) throw new IllegalArgumentException("Slice of " + s.length + " voxels in a " + sx +
				" x " + sy + " stack");
			planes.add(new ByteArray(s));
		}
		final PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(planes, new long[] { sx, sy,
			slices.length }, new Fraction());
		img.setLinkedType(new UnsignedByteType(img));
		return img;
	}

	/** Which kind of sample this is. */
	public SyntheticStacks.Kind kind() {
		return kind;
	}

	/** The seed it was generated from. */
	public long seed() {
		return seed;
	}

	/** The image as a one-channel volume (X, Y, Z, C) with its voxel size; a view of {@link #imagePlanes()}. */
	public Volume<UnsignedByteType> image() {
		return Volume.of(image, voxelSize());
	}

	/** The image pixels, X, Y, Z, one byte array per slice. */
	public PlanarImg<UnsignedByteType, ByteArray> imagePlanes() {
		return image;
	}

	/** The class id of every voxel, X, Y, Z, one byte array per slice. */
	public PlanarImg<UnsignedByteType, ByteArray> labels() {
		return labels;
	}

	/** The image pixels of slice {@code z} (0-based), index {@code x + y * width}; the stored array, not a copy. */
	public byte[] imageSlice(final long z) {
		return image.getPlane(Math.toIntExact(z)).getCurrentStorageArray();
	}

	/** The class ids of slice {@code z} (0-based), index {@code x + y * width}; the stored array, not a copy. */
	public byte[] labelSlice(final long z) {
		return labels.getPlane(Math.toIntExact(z)).getCurrentStorageArray();
	}

	public long width() {
		return image.dimension(0);
	}

	public long height() {
		return image.dimension(1);
	}

	public long depth() {
		return image.dimension(2);
	}

	/** Class names, index = class id. */
	public String[] classNames() {
		return kind.classNames();
	}

	public int classCount() {
		return kind.classCount();
	}

	/** Physical voxel size (x, y, z). */
	public VoxelSize voxelSize() {
		return kind.voxelSize();
	}

	/** Number of voxels of each class, index = class id. */
	public long[] classVoxelCounts() {
		final long[] counts = new long[classCount()];
		for (long z = 0; z < depth(); z++)
			for (final byte b : labelSlice(z))
				counts[b & 0xff]++;
		return counts;
	}

	@Override
	public String toString() {
		return "synthetic " + kind.id() + " stack " + width() + " x " + height() + " x " + depth() + ", seed " + seed;
	}
}
