package org.unet3d.training;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.imglib2.img.array.ArrayImgs;

import org.junit.Test;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.unet3d.data.Augmentation;
import org.unet3d.data.Augmenter;
import org.unet3d.data.LabelStatistics;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.PatchSampler;
import org.unet3d.data.Preprocessing;
import org.unet3d.data.StackSource;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.progress.Progress;

/**
 * A batch's labels are one-hot where labeled and masked out where not, in the same voxel order as
 * the image; a batch does not depend on the batches cut before it in the same buffers; stacks that
 * do not fit in memory are visited one at a time for runs of steps.
 */
public class PatchBatchTest {

	private static final int[] PATCH = { 4, 6, 8 };
	private static final int UNLABELED = 255;

	/**
	 * A stack whose image says its labels: 100 x the class id, and 0 for unlabeled voxels (a tenth),
	 * with the given classes equally often.
	 */
	private static LabeledVolume stack(final String name, final int sx, final int sy, final int sz, final long seed,
		final int... classes)
	{
		final Random r = new Random(seed);
		final byte[] labels = new byte[sx * sy * sz];
		final float[] image = new float[labels.length];
		for (int i = 0; i < labels.length; i++) {
			final int k = r.nextInt(10) == 0 ? UNLABELED : classes[r.nextInt(classes.length)];
			labels[i] = (byte) k;
			image[i] = k == UNLABELED ? 0 : 100 * k;
		}
		return new LabeledVolume(name, Volume.of(ArrayImgs.floats(image, sx, sy, sz), VoxelSize.UNCALIBRATED), ArrayImgs
			.unsignedBytes(labels, sx, sy, sz));
	}

	private static PatchBatch batches(final LoadedStacks stacks, final int batch, final int steps) throws IOException {
		final List<Integer> parts = new ArrayList<>();
		final List<long[]> shapes = new ArrayList<>();
		final List<LabelStatistics> stats = new ArrayList<>();
		for (int i = 0; i < stacks.size(); i++) {
			final int p = stacks.addPart(i, 0, 0, stacks.volume(i, Progress.NONE).image().depth());
			parts.add(p);
			final LabeledVolume v = stacks.part(p, Progress.NONE).volume;
			shapes.add(v.shapeZYX());
			stats.add(LabelStatistics.of(v, 3, UNLABELED, 1));
		}
		return new PatchBatch(stacks, parts, new PatchSampler(shapes, stats, PATCH, 0.5), new Augmenter(Augmentation
			.none(), 1), batch, 1, 3, PATCH, UNLABELED, steps);
	}

	private static LoadedStacks stacks(final long budget, final LabeledVolume... v) {
		final List<StackSource> s = new ArrayList<>();
		for (final LabeledVolume x : v)
			s.add(StackSource.of(x));
		return new LoadedStacks(s, Preprocessing.standard(), budget);
	}

	@Test
	public void labelsAreOneHotWhereLabeledAndFollowTheImage() throws IOException {
		final PatchBatch b = batches(stacks(1L << 30, stack("s", 20, 16, 12, 1, 0, 1, 2)), 3, 10);
		final MultiDataSet d = b.next(0, new Random(5), Progress.NONE);
		final int n = b.voxels();
		assertEquals(4 * 6 * 8, n);
		assertArrayEquals(new long[] { 3, 1, 4, 6, 8 }, d.getFeatures(0).shape());
		assertArrayEquals(new long[] { 3, 3, 4, 6, 8 }, d.getLabels(0).shape());
		assertArrayEquals(new long[] { 3, 1, 4, 6, 8 }, d.getLabelsMaskArray(0).shape());
		final float[] f = d.getFeatures(0).dup().data().asFloat();
		final float[] l = d.getLabels(0).dup().data().asFloat();
		final float[] m = d.getLabelsMaskArray(0).dup().data().asFloat();
		int labeled = 0;
		for (int i = 0; i < 3; i++)
			for (int v = 0; v < n; v++) {
				int hot = -1;
				float sum = 0;
				for (int k = 0; k < 3; k++) {
					sum += l[(i * 3 + k) * n + v];
					if (l[(i * 3 + k) * n + v] == 1) hot = k;
				}
				if (m[i * n + v] == 0) {
					assertEquals("nothing hot where unlabeled", 0, sum, 0);
					continue;
				}
				labeled++;
				assertEquals(1, sum, 0);
				// the image normalized to 0..1 from 0..200: class k at k / 2
				assertEquals("patch " + i + ", voxel " + v, hot / 2.0, f[i * n + v], 0.01);
			}
		assertTrue(labeled > 0.8 * 3 * n);
	}

	@Test
	public void aBatchDoesNotDependOnTheOnesBeforeIt() throws IOException {
		final LabeledVolume v = stack("s", 20, 16, 12, 1, 0, 1, 2);
		final PatchBatch reused = batches(stacks(1L << 30, v), 2, 10);
		reused.next(0, new Random(1), Progress.NONE);
		final MultiDataSet second = reused.next(1, new Random(2), Progress.NONE);
		final MultiDataSet fresh = batches(stacks(1L << 30, v), 2, 10).next(1, new Random(2), Progress.NONE);
		assertArrayEquals(fresh.getFeatures(0).dup().data().asFloat(), second.getFeatures(0).dup().data().asFloat(), 0f);
		assertArrayEquals(fresh.getLabels(0).dup().data().asFloat(), second.getLabels(0).dup().data().asFloat(), 0f);
		assertArrayEquals(fresh.getLabelsMaskArray(0).dup().data().asFloat(), second.getLabelsMaskArray(0).dup().data()
			.asFloat(), 0f);
		// without an unlabeled value there is no mask
		final LoadedStacks one = stacks(1L << 30, org.unet3d.testutil.TestVolumes.balls(20, 16, 12, 3, 1));
		final int p = one.addPart(0, 0, 0, 12);
		final LabeledVolume part = one.part(p, Progress.NONE).volume;
		final PatchBatch unmasked = new PatchBatch(one, Arrays.asList(p), new PatchSampler(Arrays.asList(part
			.shapeZYX()), Arrays.asList(LabelStatistics.of(part, 2, -1, 1)), PATCH, 0.5), new Augmenter(Augmentation
				.none(), 1), 1, 1, 2, PATCH, -1, 10);
		assertNull(unmasked.next(0, new Random(1), Progress.NONE).getLabelsMaskArrays());
	}

	/** Two stacks, class 1 only in the first, class 2 only in the second, and room for one at a time. */
	@Test
	public void stacksThatDoNotFitAreVisitedOneAtATime() throws IOException {
		final LoadedStacks both = stacks(20 * 16 * 12 * 5 + 1, stack("one", 20, 16, 12, 1, 0, 1), stack("two", 20, 16, 12, 2,
			0, 2));
		final PatchBatch b = batches(both, 2, 10);
		assertTrue(!both.allFit());
		// 10 steps per epoch over 2 stacks: visits of 5 steps
		final Random random = new Random(3);
		final List<Integer> seen = new ArrayList<>();
		for (int step = 0; step < 20; step++) {
			final float[] l = b.next(step, random, Progress.NONE).getLabels(0).dup().data().asFloat();
			final int n = b.voxels();
			boolean one = false, two = false;
			for (int i = 0; i < 2; i++)
				for (int v = 0; v < n; v++) {
					one |= l[(i * 3 + 1) * n + v] == 1;
					two |= l[(i * 3 + 2) * n + v] == 1;
				}
			assertTrue("step " + step + " mixes the stacks", one != two);
			seen.add(one ? 1 : 2);
		}
		for (int visit = 0; visit < 4; visit++)
			assertEquals("one stack per visit: " + seen, 1, new java.util.HashSet<>(seen.subList(5 * visit, 5 * visit +
				5)).size());
		assertTrue("both stacks visited: " + seen, seen.contains(1) && seen.contains(2));
	}
}
