package org.unet3d.training;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.junit.Test;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.Preprocessing;
import org.unet3d.data.StackSource;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.TestVolumes;

/**
 * The held-out range holds every class; the parts of a split tile each stack without overlap;
 * sparsely labeled stacks hold out rows; separate validation stacks are used whole; the class
 * census equals a count over the label voxels.
 */
public class ValidationSplitTest {

	private static LoadedStacks stacks(final LabeledVolume... volumes) {
		final List<StackSource> sources = new ArrayList<>();
		for (final LabeledVolume v : volumes)
			sources.add(StackSource.of(v));
		return new LoadedStacks(sources, Preprocessing.standard(), 1L << 30);
	}

	private static final LoadedStacks NONE = new LoadedStacks(Collections.emptyList(), Preprocessing.standard(), 0);

	@Test
	public void heldOutSlicesContainEveryClass() {
		// 20 slices: balls only in slices 0..11, and most ball voxels in slices 4 and 5
		final byte[] labels = new byte[24 * 24 * 20];
		for (int z = 0; z < 12; z++)
			for (int i = 0; i < (z == 4 || z == 5 ? 200 : 10); i++)
				labels[z * 24 * 24 + i] = 1;
		final LabeledVolume v = new LabeledVolume("v", Volume.of(ArrayImgs.floats(24, 24, 20), VoxelSize.UNCALIBRATED),
			ArrayImgs.unsignedBytes(labels, 24, 24, 20));
		assertEquals("the 2 slices with the most of the rarer class", 4, ValidationSplit.heldOutStart(v, 2, -1));
		// ball voxels equally spread: the last slices
		java.util.Arrays.fill(labels, (byte) 0);
		for (int z = 0; z < 20; z++)
			for (int i = 0; i < 10; i++)
				labels[z * 24 * 24 + i] = 1;
		assertEquals(17, ValidationSplit.heldOutStart(v, 3, -1));
		// unlabeled slices (255) do not count
		java.util.Arrays.fill(labels, 15 * 24 * 24, labels.length, (byte) 255);
		assertEquals("the last two labeled slices", 13, ValidationSplit.heldOutStart(v, 2, 255));
	}

	/** Class ids 0, 1, 2 by slice: z < 12 background with a few 1s, 2 only in slices 4 and 5. */
	private static TestVolumes.Balls layered() {
		final TestVolumes.Balls b = TestVolumes.ballArrays(16, 16, 20, 3, 1);
		Arrays.fill(b.labels, (byte) 0);
		for (int z = 0; z < 20; z++)
			for (int i = 0; i < 30; i++)
				b.labels[z * 256 + i] = 1;
		for (int z = 4; z < 6; z++)
			for (int i = 100; i < 120; i++)
				b.labels[z * 256 + i] = 2;
		return b;
	}

	@Test
	public void slicesAreSplitWithoutOverlapAndEveryClassIsCounted() throws IOException {
		final TestVolumes.Balls layered = layered();
		final LoadedStacks stacks = stacks(layered.volume());
		final ValidationSplit split = ValidationSplit.of(stacks, NONE, 0.1, 0, -1, 1, Progress.NONE);
		assertEquals(1, split.channels());
		// 2 held-out slices, where class 2 is: 4 and 5; training keeps 0..3 and 6..19
		final int[] held = split.validationParts();
		assertEquals(1, held.length);
		final LoadedStacks.Part h = split.validationStacks().part(held[0], Progress.NONE);
		assertEquals(4, h.z0);
		assertArrayEquals(new long[] { 2, 16, 16 }, h.volume.shapeZYX());
		assertEquals(2, split.trainParts().size());
		final LoadedStacks.Part a = stacks.part(split.trainParts().get(0), Progress.NONE);
		final LoadedStacks.Part b = stacks.part(split.trainParts().get(1), Progress.NONE);
		assertEquals(0, a.z0);
		assertEquals(4, a.volume.shapeZYX()[0]);
		assertEquals(6, b.z0);
		assertEquals(14, b.volume.shapeZYX()[0]);
		assertArrayEquals("the largest part", new long[] { 14, 16, 16 }, split.largestTrainingShape(Progress.NONE));
		assertTrue(split.describe(), split.describe().contains("10 % of the slices"));
		// the census counts all labeled voxels, training and validation parts together
		final long[] expected = new long[3];
		for (final byte l : layered.labels)
			expected[l]++;
		assertArrayEquals(expected, split.census().counts());
		assertEquals(3, split.census().classes(0, 0));
	}

	@Test
	public void sparseLabelsHoldOutRowsAndSeparateStacksAreUsedWhole() throws IOException {
		final TestVolumes.Balls b = TestVolumes.ballArrays(16, 20, 10, 3, 2);
		for (int z = 0; z < 10; z++)
			if (z % 3 != 0) Arrays.fill(b.labels, z * 320, (z + 1) * 320, (byte) 255);
		final ValidationSplit rows = ValidationSplit.of(stacks(b.volume()), NONE, 0.25, 0, 255, 1, Progress.NONE);
		assertTrue(rows.describe(), rows.describe().contains("25 % of the rows (y) of every slice"));
		final LoadedStacks.Part held = rows.validationStacks().part(rows.validationParts()[0], Progress.NONE);
		assertArrayEquals("5 of 20 rows, all 10 slices", new long[] { 10, 5, 16 }, held.volume.shapeZYX());
		assertEquals(0, held.z0);
		// a separate validation stack: training stacks whole, the validation stack whole
		final LoadedStacks validation = stacks(TestVolumes.balls(16, 16, 8, 2, 3));
		final ValidationSplit separate = ValidationSplit.of(stacks(TestVolumes.balls(16, 16, 12, 3, 4), TestVolumes
			.balls(16, 16, 10, 3, 5)), validation, 0.1, 0, -1, 1, Progress.NONE);
		assertEquals(2, separate.trainParts().size());
		assertArrayEquals(new int[] { 0 }, separate.validationParts());
		assertTrue(separate.validationStacks() == validation);
		assertEquals("validating on 1 separate stack(s)", separate.describe());
		// no validation at all
		final ValidationSplit none = ValidationSplit.of(stacks(TestVolumes.balls(16, 16, 12, 3, 4)), NONE, 0, 0, -1, 1,
			Progress.NONE);
		assertEquals(0, none.validationParts().length);
		assertEquals("", none.describe());
	}

	@Test
	public void channelCountsMustAgree() throws IOException {
		final TestVolumes.Balls b = TestVolumes.ballArrays(16, 16, 10, 3, 2);
		final LabeledVolume two = new LabeledVolume("two", Volume.of(ArrayImgs.floats(16, 16, 10, 2),
			VoxelSize.UNCALIBRATED), ArrayImgs.unsignedBytes(b.labels, 16, 16, 10));
		try {
			ValidationSplit.of(stacks(b.volume(), two), NONE, 0.1, 0, -1, 1, Progress.NONE);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("same number of channels"));
		}
		try {
			ValidationSplit.of(stacks(b.volume()), stacks(two), 0.1, 0, -1, 1, Progress.NONE);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("validation stack \"two\" has 2 channel(s)"));
		}
	}
}
