package org.unet3d.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Test;

/**
 * Rand error and VOI against hand-computed values, id permutations, a reference implementation,
 * and 3D connected components against a flood fill.
 */
public class InstanceScoresTest {

	private static final double EPS = 1e-12;

	/** 5 x 2 x 2: truth membrane (0) at x = 2 between two cells of 8 voxels (x = 0..1 and 3..4). */
	private static Img<UnsignedByteType> twoCells(final int... membraneX) {
		final Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(5, 2, 2);
		for (final UnsignedByteType t : img)
			t.set(1);
		for (final int x : membraneX)
			TestLabels.fillBox(img, new long[] { x, 0, 0 }, new long[] { x + 1, 2, 2 }, 0);
		return img;
	}

	@Test
	public void identicalSegmentationsScorePerfect() {
		final Img<UnsignedByteType> truth = twoCells(2);
		final InstanceScores s = InstanceScores.fromBoundaryLabels(truth, truth, 0);
		assertPerfect(s);
		assertEquals(2, s.truthSegments());
		assertEquals(2, s.predictedSegments());
		assertEquals(16, s.voxels());
		assertEquals(0, s.unassignedVoxels());
	}

	@Test
	public void mergeOfTwoCells() {
		// no predicted membrane: one segment holding both truth cells (8 + 8 voxels)
		final InstanceScores s = InstanceScores.fromBoundaryLabels(twoCells(2), twoCells(), 0);
		// sum a_i^2 = 128, sum b_j^2 = 256, sum n_ij^2 = 128
		assertEquals(1, s.randSplitScore(), EPS);
		assertEquals(0.5, s.randMergeScore(), EPS);
		assertEquals(1.0 / 3, s.randError(), EPS);
		assertEquals(0, s.voiSplit(), EPS);
		assertEquals(1, s.voiMerge(), EPS); // each voxel: which of two equal halves, 1 bit
		assertEquals(1, s.predictedSegments());
	}

	@Test
	public void splitByAThickPredictedMembrane() {
		// predicted membrane at x = 0 and 2: cell A keeps 4 voxels (x = 1), its 4 voxels at x = 0 are
		// singletons; cell B is right. sum a^2 = 128; sum n^2 + singletons = 16 + 64 + 4 = 84 = sum b^2 + 4
		final InstanceScores s = InstanceScores.fromBoundaryLabels(twoCells(2), twoCells(0, 2), 0);
		assertEquals(84.0 / 128, s.randSplitScore(), EPS);
		assertEquals(1, s.randMergeScore(), EPS);
		assertEquals(11.0 / 53, s.randError(), EPS);
		// VOI split: (4/16) log2(8/4) + 4 singletons (1/16) log2(8) = 0.25 + 0.75
		assertEquals(1, s.voiSplit(), EPS);
		assertEquals(0, s.voiMerge(), EPS);
		assertEquals(4, s.unassignedVoxels());
		assertEquals(2, s.predictedSegments());
	}

	@Test
	public void onlyTruthForegroundIsEvaluated() {
		// truth membrane 2 voxels thick (x = 2, 3), predicted membrane 1 voxel thick (x = 3): the
		// predicted cells reach into truth membrane, which does not count
		final Img<UnsignedByteType> truth = ArrayImgs.unsignedBytes(6, 2, 2);
		final Img<UnsignedByteType> pred = ArrayImgs.unsignedBytes(6, 2, 2);
		TestLabels.fillBox(truth, new long[] { 0, 0, 0 }, new long[] { 2, 2, 2 }, 1);
		TestLabels.fillBox(truth, new long[] { 4, 0, 0 }, new long[] { 6, 2, 2 }, 1);
		TestLabels.fillBox(pred, new long[] { 0, 0, 0 }, new long[] { 3, 2, 2 }, 1);
		TestLabels.fillBox(pred, new long[] { 4, 0, 0 }, new long[] { 6, 2, 2 }, 2); // another class: still a cell
		assertPerfect(InstanceScores.fromBoundaryLabels(truth, pred, 0));
	}

	@Test
	public void ignoredTruthNeitherConnectsNorCounts() {
		final Img<UnsignedByteType> truth = twoCells();
		TestLabels.fillBox(truth, new long[] { 2, 0, 0 }, new long[] { 3, 2, 2 }, 255);
		final Img<UnsignedByteType> pred = twoCells();
		final InstanceScores ignoring = InstanceScores.fromBoundaryLabels(truth, pred, 0, 255);
		assertEquals(2, ignoring.truthSegments());
		assertEquals(16, ignoring.voxels());
		assertEquals(1.0 / 3, ignoring.randError(), EPS); // the merge of the two cells
		// without an ignore label, 255 is just another non-membrane class joining both cells
		final InstanceScores plain = InstanceScores.fromBoundaryLabels(truth, pred, 0);
		assertEquals(1, plain.truthSegments());
		assertPerfect(plain);
	}

	@Test
	public void splitAndMergeOfInstanceIds() {
		final Img<UnsignedByteType> one = TestLabels.bytes(8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
		final Img<UnsignedByteType> halves = TestLabels.bytes(8, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2);
		final InstanceScores split = InstanceScores.fromInstanceIds(one, halves);
		assertEquals(0.5, split.randSplitScore(), EPS);
		assertEquals(1, split.randMergeScore(), EPS);
		assertEquals(1.0 / 3, split.randError(), EPS);
		assertEquals(1, split.voiSplit(), EPS);
		assertEquals(0, split.voiMerge(), EPS);
		final InstanceScores merge = InstanceScores.fromInstanceIds(halves, one);
		assertEquals(1, merge.randSplitScore(), EPS);
		assertEquals(0.5, merge.randMergeScore(), EPS);
		assertEquals(1.0 / 3, merge.randError(), EPS);
		assertEquals(0, merge.voiSplit(), EPS);
		assertEquals(1, merge.voiMerge(), EPS);
		assertEquals(1, merge.voi(), EPS);
	}

	@Test
	public void truthBackgroundIsLeftOutAndPredictedZeroIsSingletons() {
		// truth: 0 0 1 1 1 1 ; prediction: 5 5 0 0 7 7 -> truth voxels 2, 3 are two singletons
		final Img<UnsignedByteType> truth = TestLabels.bytes(6, 1, 1, 0, 0, 1, 1, 1, 1);
		final Img<UnsignedByteType> pred = TestLabels.bytes(6, 1, 1, 5, 5, 0, 0, 7, 7);
		final InstanceScores s = InstanceScores.fromInstanceIds(truth, pred);
		assertEquals(4, s.voxels());
		assertEquals(2, s.unassignedVoxels());
		// sum a^2 = 16, sum n^2 + singletons = 4 + 2 = 6 = sum b^2 + singletons
		assertEquals(6.0 / 16, s.randSplitScore(), EPS);
		assertEquals(1, s.randMergeScore(), EPS);
		// VOI split = (2/4) log2(4/2) + 2 * (1/4) log2(4) = 0.5 + 1
		assertEquals(1.5, s.voiSplit(), EPS);
		assertEquals(0, s.voiMerge(), EPS);
	}

	@Test
	public void renumberingIdsChangesNothing() {
		final Random r = new Random(11);
		final long[] dims = { 23, 19, 7 };
		final Img<UnsignedShortType> truth = ArrayImgs.unsignedShorts(dims);
		final Img<UnsignedShortType> pred = ArrayImgs.unsignedShorts(dims);
		final Img<UnsignedShortType> truthRenamed = ArrayImgs.unsignedShorts(dims);
		final Img<IntType> predRenamed = PlanarImgs.ints(dims);
		final int[] truthMap = permutation(r, 20);
		final int[] predMap = permutation(r, 30);
		final net.imglib2.Cursor<UnsignedShortType> t = truth.cursor();
		final net.imglib2.Cursor<UnsignedShortType> p = pred.cursor();
		final net.imglib2.Cursor<UnsignedShortType> tr = truthRenamed.cursor();
		final net.imglib2.Cursor<IntType> pr = predRenamed.cursor();
		while (t.hasNext()) {
			final int ti = r.nextInt(20);
			final int pi = r.nextInt(30);
			t.next().set(ti);
			p.next().set(pi);
			tr.next().set(ti == 0 ? 0 : 1000 + truthMap[ti]); // 0 stays background
			pr.next().set(pi == 0 ? 0 : 70000 + 3 * predMap[pi]);
		}
		final InstanceScores a = InstanceScores.fromInstanceIds(truth, pred);
		final InstanceScores b = InstanceScores.fromInstanceIds(truthRenamed, predRenamed);
		assertTrue(a.randError() > 0.5);
		assertEquals(a.randError(), b.randError(), EPS);
		assertEquals(a.voiSplit(), b.voiSplit(), EPS);
		assertEquals(a.voiMerge(), b.voiMerge(), EPS);
		assertEquals(a.truthSegments(), b.truthSegments());
		final double[] expected = reference(TestLabels.values(truth), TestLabels.values(pred));
		assertEquals(expected[0], a.randError(), 1e-9);
		assertEquals(expected[1], a.voiSplit(), 1e-9);
		assertEquals(expected[2], a.voiMerge(), 1e-9);
	}

	@Test
	public void sixConnectivityOnly() {
		// touching at an edge or a corner is not touching
		final Img<UnsignedByteType> diagonal = TestLabels.bytes(2, 2, 2, //
			1, 0, 0, 1, // z = 0: (0,0), (1,1)
			0, 1, 0, 0); // z = 1: (1,0)
		assertEquals(3, InstanceScores.fromBoundaryLabels(diagonal, diagonal, 0).truthSegments());
		// a comb whose teeth join only in the last row, and a U joined only through z
		final Img<UnsignedByteType> comb = TestLabels.bytes(7, 4, 1, //
			1, 0, 1, 0, 1, 0, 1, //
			1, 0, 1, 0, 1, 0, 1, //
			1, 0, 1, 0, 1, 0, 1, //
			1, 1, 1, 1, 1, 1, 1);
		assertEquals(1, InstanceScores.fromBoundaryLabels(comb, comb, 0).truthSegments());
		final Img<UnsignedByteType> u = TestLabels.bytes(3, 1, 3, 1, 0, 1, 1, 0, 1, 1, 1, 1);
		assertEquals(1, InstanceScores.fromBoundaryLabels(u, u, 0).truthSegments());
		final Img<UnsignedByteType> apart = TestLabels.bytes(3, 1, 3, 1, 0, 1, 1, 0, 1, 1, 0, 1);
		assertEquals(2, InstanceScores.fromBoundaryLabels(apart, apart, 0).truthSegments());
	}

	@Test
	public void componentsMatchFloodFill() {
		final Random r = new Random(5);
		for (final double density : new double[] { 0.3, 0.55, 0.7 }) {
			final int sx = 23, sy = 17, sz = 11;
			final int[] v = new int[sx * sy * sz];
			for (int i = 0; i < v.length; i++)
				v[i] = r.nextDouble() < density ? 1 + r.nextInt(2) : 0;
			final long[] ours = components(v, sx, sy, sz);
			final int[] flood = floodFill(v, sx, sy, sz);
			final Map<Long, Integer> forward = new HashMap<>();
			final Map<Integer, Long> backward = new HashMap<>();
			for (int i = 0; i < v.length; i++) {
				assertEquals(v[i] == 0, ours[i] == 0);
				if (v[i] == 0) continue;
				final int floodId = flood[i];
				final long ourId = ours[i];
				assertEquals("voxel " + i, floodId, (int) forward.computeIfAbsent(ourId, k -> floodId));
				assertEquals("voxel " + i, ourId, (long) backward.computeIfAbsent(floodId, k -> ourId));
			}
			final Img<IntType> img = TestLabels.ints(sx, sy, sz, v);
			final InstanceScores s = InstanceScores.fromBoundaryLabels(img, img, 0);
			assertEquals(forward.size(), s.truthSegments());
			assertPerfect(s);
			// against another random prediction, components found here = flood-filled ids scored as they are
			final int[] w = new int[v.length];
			for (int i = 0; i < w.length; i++)
				w[i] = r.nextDouble() < density ? 1 : 0;
			final InstanceScores viaComponents = InstanceScores.fromBoundaryLabels(img, TestLabels.ints(sx, sy, sz, w), 0);
			final InstanceScores viaIds = InstanceScores.fromInstanceIds(TestLabels.ints(sx, sy, sz, flood), TestLabels
				.ints(sx, sy, sz, floodFill(w, sx, sy, sz)));
			assertTrue(viaIds.randError() > 0);
			assertEquals(viaIds.randError(), viaComponents.randError(), EPS);
			assertEquals(viaIds.voiSplit(), viaComponents.voiSplit(), EPS);
			assertEquals(viaIds.voiMerge(), viaComponents.voiMerge(), EPS);
			assertEquals(viaIds.predictedSegments(), viaComponents.predictedSegments());
			assertEquals(viaIds.unassignedVoxels(), viaComponents.unassignedVoxels());
		}
	}

	@Test
	public void fractionalValuesAreRejected() {
		final Img<FloatType> probabilities = ArrayImgs.floats(new float[] { 0, 1, 0.25f, 1 }, 4, 1, 1);
		final Img<UnsignedByteType> truth = TestLabels.bytes(4, 1, 1, 0, 1, 1, 1);
		final String m = ConfusionCountsTest.message(() -> InstanceScores.fromBoundaryLabels(truth, probabilities, 0));
		assertTrue(m, m.startsWith("The prediction has the value 0.25 at x=2, y=0, z=0"));
		assertTrue(m, m.contains("probability map"));
		final String ids = ConfusionCountsTest.message(() -> InstanceScores.fromInstanceIds(probabilities, truth));
		assertTrue(ids, ids.startsWith("The ground truth has the value 0.25"));
		final String shape = ConfusionCountsTest.message(() -> InstanceScores.fromInstanceIds(truth, ArrayImgs
			.unsignedBytes(4, 1, 2)));
		assertTrue(shape, shape.contains("4 x 1 x 1") && shape.contains("4 x 1 x 2"));
	}

	@Test
	public void noTruthForegroundIsNaN() {
		final Img<UnsignedByteType> empty = ArrayImgs.unsignedBytes(3, 3, 3);
		final InstanceScores s = InstanceScores.fromBoundaryLabels(empty, empty, 0);
		assertEquals(0, s.voxels());
		assertTrue(Double.isNaN(s.randError()));
		assertTrue(Double.isNaN(s.voiSplit()));
	}

	@Test
	public void scoresA512x512x20StackInReasonableTime() {
		// cells on a 32-voxel grid with 2-voxel membranes; the prediction shifts the membranes by one
		final long[] dims = { 512, 512, 20 };
		final Img<UnsignedByteType> truth = PlanarImgs.unsignedBytes(dims);
		final Img<UnsignedByteType> pred = PlanarImgs.unsignedBytes(dims);
		final net.imglib2.Cursor<UnsignedByteType> t = truth.localizingCursor();
		final net.imglib2.Cursor<UnsignedByteType> p = pred.localizingCursor();
		while (t.hasNext()) {
			t.fwd();
			p.fwd();
			final long x = t.getLongPosition(0);
			final long y = t.getLongPosition(1);
			t.get().set(x % 32 < 2 || y % 32 < 2 ? 0 : 1);
			p.get().set((x + 1) % 32 < 2 || y % 32 < 2 ? 0 : 1);
		}
		final long start = System.nanoTime();
		final InstanceScores s = InstanceScores.fromBoundaryLabels(truth, pred, 0);
		final double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf(java.util.Locale.ROOT, "InstanceScores 512x512x20: %.3f s, %s%n", seconds, s);
		assertEquals(256, s.truthSegments());
		assertTrue(s.randError() > 0 && s.randError() < 0.2);
		assertTrue("took " + seconds + " s", seconds < 10);
	}

	private static void assertPerfect(final InstanceScores s) {
		assertEquals(0, s.randError(), EPS);
		assertEquals(1, s.randFScore(), EPS);
		assertEquals(0, s.voiSplit(), EPS);
		assertEquals(0, s.voiMerge(), EPS);
	}

	private static int[] permutation(final Random r, final int n) {
		final int[] p = new int[n];
		for (int i = 0; i < n; i++)
			p[i] = i;
		for (int i = n - 1; i > 0; i--) {
			final int j = r.nextInt(i + 1);
			final int s = p[i];
			p[i] = p[j];
			p[j] = s;
		}
		return p;
	}

	/**
	 * The definitions, written out plainly: every predicted-0 voxel gets an id of its own, then Rand
	 * F-score from sums of squares and VOI from entropies, H(P|T) = H(T,P) - H(T).
	 */
	private static double[] reference(final int[] truth, final int[] pred) {
		final Map<String, Long> joint = new HashMap<>();
		final Map<Integer, Long> t = new HashMap<>();
		final Map<String, Long> p = new HashMap<>();
		long n = 0;
		for (int i = 0; i < truth.length; i++) {
			if (truth[i] == 0) continue;
			final String pid = pred[i] == 0 ? "single" + i : "id" + pred[i];
			joint.merge(truth[i] + "/" + pid, 1L, Long::sum);
			t.merge(truth[i], 1L, Long::sum);
			p.merge(pid, 1L, Long::sum);
			n++;
		}
		final double sumAB = squares(joint.values());
		final double split = sumAB / squares(t.values());
		final double merge = sumAB / squares(p.values());
		final double hJoint = entropy(joint.values(), n);
		return new double[] { 1 - 2 * split * merge / (split + merge), hJoint - entropy(t.values(), n), hJoint - entropy(p
			.values(), n) };
	}

	private static double squares(final Iterable<Long> counts) {
		double s = 0;
		for (final long c : counts)
			s += (double) c * c;
		return s;
	}

	private static double entropy(final Iterable<Long> counts, final long n) {
		double h = 0;
		for (final long c : counts)
			h -= (double) c / n * Math.log((double) c / n) / Math.log(2);
		return h;
	}

	/** Component ids from ComponentLabeler, both passes, for a volume in X-fastest order. */
	private static long[] components(final int[] v, final int sx, final int sy, final int sz) {
		final ComponentLabeler labeler = new ComponentLabeler(sx, sy, 0, false, 0);
		final int plane = sx * sy;
		for (int z = 0; z < sz; z++)
			labeler.scan(java.util.Arrays.copyOfRange(v, z * plane, (z + 1) * plane));
		labeler.finish();
		final long[] ids = new long[v.length];
		final long[] slice = new long[plane];
		for (int z = 0; z < sz; z++) {
			labeler.replay(java.util.Arrays.copyOfRange(v, z * plane, (z + 1) * plane), slice);
			System.arraycopy(slice, 0, ids, z * plane, plane);
		}
		return ids;
	}

	/** Breadth-first flood fill over the 6 face neighbours; ids 1, 2, ... */
	private static int[] floodFill(final int[] v, final int sx, final int sy, final int sz) {
		final int[] id = new int[v.length];
		int next = 0;
		final ArrayDeque<Integer> queue = new ArrayDeque<>();
		for (int start = 0; start < v.length; start++) {
			if (v[start] == 0 || id[start] != 0) continue;
			id[start] = ++next;
			queue.add(start);
			while (!queue.isEmpty()) {
				final int i = queue.poll();
				final int x = i % sx;
				final int y = i / sx % sy;
				final int z = i / (sx * sy);
				final int[][] steps = { { -1, 0, 0 }, { 1, 0, 0 }, { 0, -1, 0 }, { 0, 1, 0 }, { 0, 0, -1 }, { 0, 0, 1 } };
				for (final int[] s : steps) {
					final int nx = x + s[0];
					final int ny = y + s[1];
					final int nz = z + s[2];
					if (nx < 0 || ny < 0 || nz < 0 || nx >= sx || ny >= sy || nz >= sz) continue;
					final int j = nx + sx * (ny + sy * nz);
					if (v[j] != 0 && id[j] == 0) {
						id[j] = next;
						queue.add(j);
					}
				}
			}
		}
		return id;
	}
}
