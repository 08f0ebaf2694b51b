package org.unet3d.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.util.Random;
import java.util.concurrent.CancellationException;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Test;
import org.unet3d.progress.Progress;

/** The scan finds the same first non-finite voxel as a plain loop, whatever the block size. */
public class NonFiniteVoxelsTest {

	private static final int[][] BLOCKS = { { 1, 1, 1 }, { 5, 3, 2 }, { 7, 16, 4 }, { 1000, 1000, 1000 } };

	/** The first non-finite voxel in x, y, z, c order by brute force, or null. */
	private static long[] bruteForce(final ArrayImg<FloatType, ?> img) {
		final long[] d = img.dimensionsAsLongArray();
		final RandomAccess<FloatType> ra = img.randomAccess();
		for (long c = 0; c < d[3]; c++)
			for (long z = 0; z < d[2]; z++)
				for (long y = 0; y < d[1]; y++)
					for (long x = 0; x < d[0]; x++)
						if (!Float.isFinite(ra.setPositionAndGet(x, y, z, c).get())) return new long[] { x, y, z, c };
		return null;
	}

	@Test
	public void theFirstNonFiniteVoxelIsFoundWhateverTheBlockSize() {
		final Random r = new Random(1);
		final float[] bad = { Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY };
		for (int trial = 0; trial < 30; trial++) {
			final ArrayImg<FloatType, ?> img = ArrayImgs.floats(23, 17, 11, 1 + trial % 3);
			for (final FloatType t : img)
				t.set((float) r.nextGaussian());
			final int planted = trial % 5;
			for (int i = 0; i < planted; i++)
				img.randomAccess().setPositionAndGet(r.nextInt(23), r.nextInt(17), r.nextInt(11), r.nextInt((int) img
					.dimension(3))).set(bad[r.nextInt(3)]);
			final long[] expected = bruteForce(img);
			final Volume<FloatType> v = Volume.of(img, VoxelSize.UNCALIBRATED);
			for (final int[] block : BLOCKS) {
				final NonFiniteVoxels.Found f = NonFiniteVoxels.first(v, block, Progress.NONE);
				if (expected == null) assertNull(f);
				else {
					assertArrayEquals("trial " + trial + ", block " + java.util.Arrays.toString(block), expected, f.position());
					assertEquals(img.randomAccess().setPositionAndGet(expected).get(), f.value(), 0);
				}
			}
			final NonFiniteVoxels.Found byDefault = NonFiniteVoxels.first(v, NonFiniteVoxels.defaultBlock(v),
				Progress.NONE);
			if (expected != null) assertArrayEquals(expected, byDefault.position());
		}
	}

	@Test
	public void doublesAreCheckedAndIntegersNeedNoCheck() {
		final ArrayImg<DoubleType, ?> d = ArrayImgs.doubles(4, 4, 4);
		d.randomAccess().setPositionAndGet(3, 1, 2).set(Double.NEGATIVE_INFINITY);
		final NonFiniteVoxels.Found f = NonFiniteVoxels.first(Volume.of(d, VoxelSize.UNCALIBRATED), new int[] { 2, 2, 2 },
			Progress.NONE);
		assertArrayEquals(new long[] { 3, 1, 2, 0 }, f.position());
		assertEquals("-Infinity at x=3, y=1, z=2", f.describe(false));
		assertNull(NonFiniteVoxels.first(Volume.of(ArrayImgs.unsignedShorts(4, 4, 4), VoxelSize.UNCALIBRATED),
			new int[] { 4, 4, 4 }, Progress.NONE));
	}

	@Test
	public void theScanCanBeCanceled() {
		final Volume<FloatType> v = Volume.of(ArrayImgs.floats(8, 8, 8), VoxelSize.UNCALIBRATED);
		final Progress cancel = new Progress() {

			@Override
			public void status(final String message) {}

			@Override
			public void progress(final long done, final long total) {}

			@Override
			public boolean isCanceled() {
				return true;
			}
		};
		try {
			NonFiniteVoxels.first(v, new int[] { 8, 8, 1 }, cancel);
			fail();
		}
		catch (final CancellationException e) {
			// expected
		}
	}
}
