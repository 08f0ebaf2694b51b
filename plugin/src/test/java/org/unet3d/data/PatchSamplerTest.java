package org.unet3d.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.imglib2.img.array.ArrayImgs;

import org.junit.Test;

/**
 * Foreground-biased patches contain foreground, patches of sparsely labeled stacks contain labeled
 * voxels, patches stay inside stacks larger than them and are centered on stacks smaller than them.
 */
public class PatchSamplerTest {

	private static final int W = 60;
	private static final int H = 50;
	private static final int D = 20;

	/** One small cube of class 1 at (40..43, 10..13, 12..15); unlabeled (255) except slices z % 5 == 0 if sparse. */
	private static LabeledVolume volume(final boolean sparse) {
		final byte[] l = new byte[W * H * D];
		for (int z = 0; z < D; z++)
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++) {
					final int i = x + W * (y + H * z);
					if (sparse && z % 5 != 0) l[i] = (byte) 255;
					else if (x >= 40 && x < 44 && y >= 10 && y < 14 && z >= 12 && z < 16) l[i] = 1;
				}
		return new LabeledVolume("cube", Volume.of(ArrayImgs.floats(W, H, D), VoxelSize.UNCALIBRATED), ArrayImgs
			.unsignedBytes(l, W, H, D));
	}

	private static int[] read(final LabeledVolume v, final PatchSampler.Patch p, final int[] sizeXYZ) {
		final int[] ids = new int[sizeXYZ[0] * sizeXYZ[1] * sizeXYZ[2]];
		v.labelReader().readInt(p.originXYZ, sizeXYZ, ids);
		return ids;
	}

	@Test
	public void foregroundBiasedPatchesContainForeground() {
		final LabeledVolume v = volume(false);
		final LabelStatistics s = LabelStatistics.of(v, 0, -1, 1);
		final int[] patch = { 8, 16, 16 };
		final PatchSampler all = new PatchSampler(Collections.singletonList(v.shapeZYX()), Collections.singletonList(s),
			patch, 1.0);
		final PatchSampler none = new PatchSampler(Collections.singletonList(v.shapeZYX()), Collections.singletonList(s),
			patch, 0.0);
		final Random r = new Random(1);
		int withFgBiased = 0;
		int withFgUniform = 0;
		for (int i = 0; i < 200; i++) {
			final PatchSampler.Patch p = all.next(r);
			for (int a = 0; a < 3; a++)
				assertTrue("inside the stack", p.originXYZ[a] >= 0 && p.originXYZ[a] + patch[2 - a] <= v.shapeZYX()[2 - a]);
			if (Arrays.stream(read(v, p, new int[] { 16, 16, 8 })).anyMatch(k -> k == 1)) withFgBiased++;
			if (Arrays.stream(read(v, none.next(r), new int[] { 16, 16, 8 })).anyMatch(k -> k == 1)) withFgUniform++;
		}
		assertEquals("every biased patch contains the rare class", 200, withFgBiased);
		assertTrue("uniform patches rarely do: " + withFgUniform, withFgUniform < 100);
	}

	@Test
	public void sparseLabelsEveryPatchHasLabeledVoxels() {
		final LabeledVolume v = volume(true);
		final LabelStatistics s = LabelStatistics.of(v, 0, 255, 1);
		assertEquals(2, s.classesSeen());
		assertEquals(W * H * D * 4 / 5, s.ignored());
		final PatchSampler p = new PatchSampler(Collections.singletonList(v.shapeZYX()), Collections.singletonList(s),
			new int[] { 4, 16, 16 }, 0.3);
		final Random r = new Random(2);
		for (int i = 0; i < 200; i++)
			assertTrue(Arrays.stream(read(v, p.next(r), new int[] { 16, 16, 4 })).anyMatch(k -> k != 255));
	}

	@Test
	public void stackSmallerThanThePatchIsCentered() {
		final LabeledVolume v = volume(false);
		final List<long[]> shapes = Collections.singletonList(new long[] { 20, 50, 60 });
		final PatchSampler p = new PatchSampler(shapes, Collections.singletonList(LabelStatistics.of(v, 0, -1, 1)),
			new int[] { 32, 64, 16 }, 0.5);
		final Random r = new Random(3);
		for (int i = 0; i < 50; i++) {
			final long[] o = p.next(r).originXYZ;
			assertTrue(o[0] >= 0 && o[0] <= 60 - 16);
			assertEquals("y: 50 rows centered in 64", -7, o[1]);
			assertEquals("z: 20 slices centered in 32", -6, o[2]);
		}
	}

	@Test
	public void sameRandomSameSequence() {
		final LabeledVolume v = volume(false);
		final PatchSampler p = new PatchSampler(Collections.singletonList(v.shapeZYX()), Collections.singletonList(
			LabelStatistics.of(v, 0, -1, 1)), new int[] { 8, 8, 8 }, 0.5);
		final Random a = new Random(4);
		final Random b = new Random(4);
		for (int i = 0; i < 20; i++)
			assertArrayEquals(p.next(a).originXYZ, p.next(b).originXYZ);
	}
}
