package org.unet3d.objects;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.Fraction;

import org.unet3d.data.VoxelSize;
import org.unet3d.progress.Progress;

/**
 * Class labels for training a network to separate touching objects, made from an instance image
 * (one id per object): background (0), object interior (1) and object boundary (2), as GoNuclear,
 * PlantSeg and torch-em train. An object voxel is boundary when a voxel within the boundary
 * thickness (a physical distance, so coarse z-slices are not widened) or any of its 6 face
 * neighbours belongs to another object or to the background. Touching objects are thus always
 * parted by boundary voxels: no 6-connected path leads from one object's interior to another's
 * without crossing boundary. Voxels beyond the stack border count as the same object (objects cut
 * by the border go on there).
 */
public final class InstanceTrainingLabels {

	/** Class id of voxels outside every object. */
	public static final int BACKGROUND = 0;
	/** Class id of object voxels away from other objects and the background. */
	public static final int INTERIOR = 1;
	/** Class id of object voxels at the object's surface. */
	public static final int BOUNDARY = 2;
	/** The class names, index = class id. */
	public static final List<String> CLASS_NAMES = Collections.unmodifiableList(Arrays.asList("background",
		"interior", "boundary"));

	private InstanceTrainingLabels() {}

	/**
	 * Derives the class labels of an instance image.
	 *
	 * @param thickness how far (calibrated units) from another object or the background an object
	 *          voxel is boundary; NaN for one voxel of the finest in-plane side
	 * @return the class labels, 8-bit, one plane per z-slice (X, Y, Z)
	 * @throws IllegalArgumentException if the image holds values that are not ids (fractional,
	 *           negative, 2^31 or more) or is not 3D, naming the fix
	 * @throws CancellationException if the user canceled
	 */
	public static <T extends RealType<T> & NativeType<T>> PlanarImg<UnsignedByteType, ByteArray> derive(
		final RandomAccessibleInterval<T> instances, final VoxelSize voxelSize, final double thickness,
		final Progress progress)
	{
		if (instances.numDimensions() != 3) throw new IllegalArgumentException("The instance image must be 3D (X, Y, " +
			"Z), got " + instances.numDimensions() + "D. Remove channel or time axes.");
		final StackShape shape = new StackShape(instances.dimension(0), instances.dimension(1), instances.dimension(2),
			voxelSize);
		final byte[] classes = classes(InstanceImages.read(instances, shape, "instance image"), shape, thickness,
			progress);
		final int plane = shape.plane();
		final List<ByteArray> planes = new ArrayList<>(shape.depth());
		for (int z = 0; z < shape.depth(); z++)
			planes.add(new ByteArray(Arrays.copyOfRange(classes, z * plane, (z + 1) * plane)));
		final PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(planes, new long[] { shape.width(), shape
			.height(), shape.depth() }, new Fraction());
		img.setLinkedType(new UnsignedByteType(img));
		return img;
	}

	/**
	 * The class of every voxel of an id image (0 = background), as {@link #BACKGROUND},
	 * {@link #INTERIOR} or {@link #BOUNDARY}.
	 *
	 * @param thickness as in {@link #derive}
	 */
	public static byte[] classes(final int[] ids, final StackShape shape, final double thickness,
		final Progress progress)
	{
		shape.check(ids.length, "instance image");
		final int[][] offsets = offsets(shape.voxelSize(), thickness);
		final int sx = shape.width();
		final int sy = shape.height();
		final int sz = shape.depth();
		final int plane = shape.plane();
		final byte[] classes = new byte[ids.length];
		for (int z = 0, i = 0; z < sz; z++) {
			if (progress.isCanceled()) throw new CancellationException("Deriving training labels canceled");
			progress.progress(z, sz);
			for (int y = 0; y < sy; y++)
				for (int x = 0; x < sx; x++, i++) {
					final int id = ids[i];
					if (id == 0) continue;
					byte c = INTERIOR;
					for (final int[] o : offsets) {
						final int nx = x + o[0];
						final int ny = y + o[1];
						final int nz = z + o[2];
						if (nx < 0 || ny < 0 || nz < 0 || nx >= sx || ny >= sy || nz >= sz) continue;
						if (ids[nx + sx * ny + plane * nz] != id) {
							c = BOUNDARY;
							break;
						}
					}
					classes[i] = c;
				}
		}
		progress.progress(sz, sz);
		return classes;
	}

	/** The face neighbours and every offset within {@code thickness}, face neighbours first. */
	static int[][] offsets(final VoxelSize vs, final double thickness) {
		final double t = Double.isNaN(thickness) ? Math.min(vs.x(), vs.y()) : thickness;
		if (!(t >= 0) || Double.isInfinite(t)) throw new IllegalArgumentException("The boundary thickness must be 0 or " +
			"more (calibrated units), got " + thickness + ".");
		final List<int[]> list = new ArrayList<>();
		for (final int[] o : Connectivity.SIX.offsets())
			list.add(o);
		final int rx = (int) Math.floor(t / vs.x() + 1e-9);
		final int ry = (int) Math.floor(t / vs.y() + 1e-9);
		final int rz = (int) Math.floor(t / vs.z() + 1e-9);
		final double t2 = t * t * (1 + 1e-9);
		for (int dz = -rz; dz <= rz; dz++)
			for (int dy = -ry; dy <= ry; dy++)
				for (int dx = -rx; dx <= rx; dx++) {
					if (Math.abs(dx) + Math.abs(dy) + Math.abs(dz) <= 1) continue;
					final double ex = dx * vs.x();
					final double ey = dy * vs.y();
					final double ez = dz * vs.z();
					if (ex * ex + ey * ey + ez * ez <= t2) list.add(new int[] { dx, dy, dz });
				}
		return list.toArray(new int[0][]);
	}
}
