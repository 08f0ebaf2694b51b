package org.unet3d.objects;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Test;
import org.unet3d.progress.Progress;

/** Slab by slab, the ids equal those of the whole stack in memory, for every slab depth. */
public class SlabComponentsTest {

	private static int[] slabwise(final int[] classes, final StackShape s, final Connectivity c, final int slab,
		final int[] count) throws Exception
	{
		final int[] out = new int[classes.length];
		final int[] reads = new int[1];
		count[0] = SlabComponents.label(s.width(), s.height(), s.depth(), (z0, depth, values) -> {
			assertEquals(s.plane() * depth, values.length);
			System.arraycopy(classes, z0 * s.plane(), values, 0, values.length);
			reads[0]++;
		}, 0, c, slab, (z0, depth, ids) -> System.arraycopy(ids, 0, out, z0 * s.plane(), s.plane() * depth),
			Progress.NONE);
		final int slabs = (s.depth() + slab - 1) / slab;
		assertEquals("each slab is read twice", 2 * slabs, reads[0]);
		return out;
	}

	@Test
	public void equalInMemoryComponentsForEverySlabDepth() throws Exception {
		final Random random = new Random(37);
		for (int trial = 0; trial < 40; trial++) {
			final StackShape s = new StackShape(1 + random.nextInt(9), 1 + random.nextInt(8), 1 + random.nextInt(12),
				null);
			final int[] classes = TestStacks.randomClasses(s, 2 + random.nextInt(3), 0.5, random);
			for (final Connectivity c : Connectivity.values()) {
				final ObjectLabels whole = ConnectedComponents.of(classes, 0, s, c, Progress.NONE);
				for (int slab = 1; slab <= s.depth() + 1; slab++) {
					final int[] count = new int[1];
					assertArrayEquals("trial " + trial + " " + c + " slab " + slab, whole.ids(), slabwise(classes, s, c, slab,
						count));
					assertEquals(whole.count(), count[0]);
				}
			}
		}
	}

	@Test
	public void aSpiralThroughManySlabsIsOneObject() throws Exception {
		// a U-shaped tube: two columns along z joined at the bottom, so the join is only seen in the last slab
		final StackShape s = new StackShape(5, 1, 9, null);
		final int[] classes = new int[s.voxels()];
		for (int z = 0; z < 9; z++) {
			classes[s.index(0, 0, z)] = 1;
			classes[s.index(4, 0, z)] = 1;
		}
		for (int x = 0; x < 5; x++)
			classes[s.index(x, 0, 8)] = 1;
		final int[] count = new int[1];
		final int[] ids = slabwise(classes, s, Connectivity.SIX, 2, count);
		assertEquals(1, count[0]);
		for (int i = 0; i < ids.length; i++)
			assertEquals(classes[i], ids[i]);
	}

	@Test
	public void readsAnImageSlabBySlab() throws Exception {
		final Random random = new Random(73);
		final StackShape s = new StackShape(7, 6, 9, null);
		final int[] classes = TestStacks.randomClasses(s, 3, 0.5, random);
		final byte[] bytes = new byte[classes.length];
		for (int i = 0; i < bytes.length; i++)
			bytes[i] = (byte) classes[i];
		final int[] out = new int[classes.length];
		final int n = SlabComponents.label(7, 6, 9, SlabComponents.source(ArrayImgs.unsignedBytes(bytes, 7, 6, 9)), 0,
			Connectivity.TWENTY_SIX, 4, (z0, depth, ids) -> System.arraycopy(ids, 0, out, z0 * s.plane(), ids.length),
			Progress.NONE);
		final ObjectLabels whole = ConnectedComponents.of(classes, 0, s, Connectivity.TWENTY_SIX, Progress.NONE);
		assertArrayEquals(whole.ids(), out);
		assertEquals(whole.count(), n);
	}

	@Test
	public void sourceRefusesFractionalLabels() throws Exception {
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(3, 2, 2);
		img.update(null).setValue(5, 0.5f);
		final SlabComponents.Source source = SlabComponents.source(img);
		try {
			source.read(0, 2, new int[12]);
			throw new AssertionError("expected a refusal");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("not a whole number") && e.getMessage().contains(
				"probability map"));
		}
	}
}
