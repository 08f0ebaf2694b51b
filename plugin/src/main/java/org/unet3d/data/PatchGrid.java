package org.unet3d.data;

/**
 * A regular grid of patches covering a whole stack, neighbours overlapping by a given amount:
 * along each axis the patches are spread evenly from the first voxel to the last (a stack smaller
 * than a patch gets one patch centered on it, reaching outside, where {@link BlockReader} mirrors).
 * Each voxel is also assigned to exactly one patch, the one whose center is nearest along every
 * axis, so results can be counted once per voxel.
 */
public final class PatchGrid {

	private final int[] patchZYX;
	private final long[][] origins; // [axis z,y,x][index]
	private final long[][] ownedStart;
	private final long[][] ownedEnd;

	private PatchGrid(final int[] patchZYX, final long[][] origins, final long[][] ownedStart,
		final long[][] ownedEnd)
	{
		this.patchZYX = patchZYX;
		this.origins = origins;
		this.ownedStart = ownedStart;
		this.ownedEnd = ownedEnd;
	}

	/**
	 * @param shapeZYX stack shape
	 * @param patchZYX patch size
	 * @param overlapZYX least overlap of neighbouring patches, each smaller than the patch
	 */
	public static PatchGrid of(final long[] shapeZYX, final int[] patchZYX, final int[] overlapZYX) {
		final long[][] origins = new long[3][];
		final long[][] start = new long[3][];
		final long[][] end = new long[3][];
		for (int a = 0; a < 3; a++) {
			final long size = shapeZYX[a];
			final int p = patchZYX[a];
			if (size < 1 || p < 1) throw new IllegalArgumentException("Stack and patch sizes must be positive");
			if (overlapZYX[a] < 0 || overlapZYX[a] >= p) throw new IllegalArgumentException("Overlap " + overlapZYX[a] +
				" along " + "zyx".charAt(a) + " must be >= 0 and smaller than the patch (" + p + ")");
			if (size <= p) {
				origins[a] = new long[] { -((p - size) / 2) };
			}
			else {
				final long step = p - overlapZYX[a];
				final int n = (int) ((size - p + step - 1) / step) + 1;
				origins[a] = new long[n];
				for (int i = 0; i < n; i++)
					origins[a][i] = Math.round((double) i * (size - p) / (n - 1));
			}
			final int n = origins[a].length;
			start[a] = new long[n];
			end[a] = new long[n];
			for (int i = 0; i < n; i++) {
				// boundaries halfway between neighbouring patch centers
				start[a][i] = i == 0 ? 0 : (origins[a][i - 1] + origins[a][i] + p) / 2;
				end[a][i] = i == n - 1 ? size : (origins[a][i] + origins[a][i + 1] + p) / 2;
			}
		}
		return new PatchGrid(patchZYX.clone(), origins, start, end);
	}

	/** Number of patches. */
	public long count() {
		return (long) origins[0].length * origins[1].length * origins[2].length;
	}

	/** Patch size z, y, x. */
	public int[] patchZYX() {
		return patchZYX.clone();
	}

	/** Origin {x, y, z} of patch {@code i} (x fastest). May be negative or reach beyond the stack. */
	public long[] originXYZ(final long i) {
		final int[] idx = index(i);
		return new long[] { origins[2][idx[2]], origins[1][idx[1]], origins[0][idx[0]] };
	}

	/** The voxels patch {@code i} is responsible for: {minX, minY, minZ, maxX, maxY, maxZ}, max exclusive. */
	public long[] ownedXYZ(final long i) {
		final int[] idx = index(i);
		return new long[] { ownedStart[2][idx[2]], ownedStart[1][idx[1]], ownedStart[0][idx[0]], ownedEnd[2][idx[2]],
			ownedEnd[1][idx[1]], ownedEnd[0][idx[0]] };
	}

	private int[] index(final long i) {
		if (i < 0 || i >= count()) throw new IndexOutOfBoundsException("Patch " + i + " of " + count());
		final int nx = origins[2].length;
		final int ny = origins[1].length;
		return new int[] { (int) (i / ((long) nx * ny)), (int) (i / nx % ny), (int) (i % nx) };
	}
}
