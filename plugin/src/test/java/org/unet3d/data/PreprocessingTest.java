package org.unet3d.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Test;
import org.unet3d.progress.Progress;

/**
 * Percentile normalization gives the same result for 8-, 16- and 32-bit copies of one stack, and
 * the prepared stack (with or without CLAHE) reads the same values block by block as whole.
 */
public class PreprocessingTest {

	private static final int W = 20;
	private static final int H = 15;
	private static final int D = 6;

	private static int value(final int i) {
		return (i * 37) % 251;
	}

	@Test
	public void sameNormalizationFor8And16And32Bit() {
		final int n = W * H * D;
		final byte[] b = new byte[n];
		final short[] s = new short[n];
		final float[] f = new float[n];
		for (int i = 0; i < n; i++) {
			b[i] = (byte) value(i);
			s[i] = (short) (value(i) * 100);
			f[i] = value(i) * 0.5f;
		}
		final ArrayImg<UnsignedByteType, ByteArray> i8 = ArrayImgs.unsignedBytes(b, W, H, D);
		final ArrayImg<UnsignedShortType, ShortArray> i16 = ArrayImgs.unsignedShorts(s, W, H, D);
		final ArrayImg<FloatType, FloatArray> i32 = ArrayImgs.floats(f, W, H, D);
		final PercentileNormalization p = new PercentileNormalization(2, 98);
		final NormalizationStats s8 = p.compute(Volume.of(i8, VoxelSize.UNCALIBRATED));
		final NormalizationStats s16 = p.compute(Volume.of(i16, VoxelSize.UNCALIBRATED));
		final NormalizationStats s32 = p.compute(Volume.of(i32, VoxelSize.UNCALIBRATED));
		// sorted values 0..250, each about n / 251 times: 2 % ~ 5, 98 % ~ 245
		assertEquals(5, s8.low(0), 1);
		assertEquals(245, s8.high(0), 1);
		assertEquals(s8.low(0) * 100, s16.low(0), 1e-9);
		assertEquals(s8.high(0) * 100, s16.high(0), 1e-9);
		assertEquals(s8.low(0) * 0.5, s32.low(0), 1e-6);
		assertEquals(s8.high(0) * 0.5, s32.high(0), 1e-6);
		final float[] a = read(Preprocessing.standard().prepare(Volume.of(i8, VoxelSize.UNCALIBRATED), s8,
			Progress.NONE));
		final float[] c = read(Preprocessing.standard().prepare(Volume.of(i32, VoxelSize.UNCALIBRATED), s32,
			Progress.NONE));
		assertArrayEquals(a, c, 1e-5f);
		for (int i = 0; i < n; i++)
			assertEquals((value(i) - s8.low(0)) / (s8.high(0) - s8.low(0)), a[i], 1e-5);
	}

	private static float[] read(final PreprocessedStack p) {
		final float[] out = new float[W * H * D];
		p.read(0, new long[] { 0, 0, 0 }, new int[] { W, H, D }, out, 0);
		return out;
	}

	@Test
	public void claheStackReadsConsistentlyBlockByBlock() {
		final float[] f = new float[W * H * D];
		for (int i = 0; i < f.length; i++)
			f[i] = value(i);
		final Volume<FloatType> v = Volume.of(ArrayImgs.floats(f, W, H, D), VoxelSize.UNCALIBRATED);
		final Preprocessing pre = Preprocessing.of(PercentileNormalization.standard(), Clahe.slices(8, 3));
		final NormalizationStats stats = pre.statistics(v);
		final PreprocessedStack p = pre.prepare(v, stats, Progress.NONE);
		final float[] whole = read(p);
		final float[] plain = read(Preprocessing.standard().prepare(v, stats, Progress.NONE));
		assertTrue("CLAHE changes values", !java.util.Arrays.equals(whole, plain));
		final float[] box = new float[5 * 4 * 3];
		p.copyForThread().read(0, new long[] { 3, 2, 1 }, new int[] { 5, 4, 3 }, box, 0);
		for (int z = 0; z < 3; z++)
			for (int y = 0; y < 4; y++)
				for (int x = 0; x < 5; x++)
					assertEquals(whole[(x + 3) + W * ((y + 2) + H * (z + 1))], box[x + 5 * (y + 4 * z)], 0f);
		// mirrored beyond the border, as for raw stacks
		final float[] edge = new float[2];
		p.read(0, new long[] { -1, 0, 0 }, new int[] { 2, 1, 1 }, edge, 0);
		assertEquals(whole[1], edge[0], 0f);
		assertEquals(whole[0], edge[1], 0f);
	}

	@Test(expected = IllegalArgumentException.class)
	public void wrongChannelCountIsRefused() {
		final Volume<FloatType> v = Volume.of(ArrayImgs.floats(W, H, D), VoxelSize.UNCALIBRATED);
		Preprocessing.standard().prepare(v, new NormalizationStats(new double[] { 0, 0 }, new double[] { 1, 1 }),
			Progress.NONE);
	}
}
