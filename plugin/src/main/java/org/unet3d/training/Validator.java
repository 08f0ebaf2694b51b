package org.unet3d.training;

import java.io.IOException;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.unet3d.data.PatchGrid;
import org.unet3d.metrics.ConfusionCounts;
import org.unet3d.metrics.SegmentationScores;
import org.unet3d.progress.Progress;

/**
 * Scores the network on held-out stack parts during training: predicts them tile by tile on a
 * {@link PatchGrid} (tiles overlap by a quarter; each voxel is counted once, from the tile whose
 * center is nearest), reading through the same preprocessing as training and segmentation, with
 * the rest of the stack as context around a held-out z-range or y-range (as when the whole stack is
 * segmented; only the part's labels are counted), and counts predicted against true classes,
 * leaving out unlabeled voxels. Large held-out parts are scored on an evenly spread, fixed subset of
 * at most {@link #MAX_TILES} tiles, so validation stays quick and comparable between epochs.
 */
final class Validator {

	/** Most tiles predicted per validation (over all parts). */
	static final int MAX_TILES = 64;

	private final LoadedStacks stacks;
	private final int[] parts;
	private final int[] tileZYX;
	private final int batch;
	private final int classes;
	private final int ignore;

	Validator(final LoadedStacks stacks, final int[] parts, final int[] tileZYX, final int batch, final int classes,
		final int ignore)
	{
		this.stacks = stacks;
		this.parts = parts;
		this.tileZYX = tileZYX;
		this.batch = batch;
		this.classes = classes;
		this.ignore = ignore;
	}

	boolean isEmpty() {
		return parts.length == 0;
	}

	/** Per-class scores over all validation parts. */
	SegmentationScores score(final ComputationGraph graph, final Progress progress) throws IOException {
		final long[][] matrix = new long[classes][classes];
		for (final int p : parts)
			count(graph, stacks.part(p, progress), Math.max(1, MAX_TILES / parts.length), matrix);
		return SegmentationScores.of(ConfusionCounts.of(matrix));
	}

	private void count(final ComputationGraph graph, final LoadedStacks.Part part, final int maxTiles,
		final long[][] matrix)
	{
		final int channels = part.wholeInput.channels();
		final int[] overlap = { tileZYX[0] / 4, tileZYX[1] / 4, tileZYX[2] / 4 };
		final PatchGrid grid = PatchGrid.of(part.volume.shapeZYX(), tileZYX, overlap);
		final int[] sizeXYZ = { tileZYX[2], tileZYX[1], tileZYX[0] };
		final int n = tileZYX[0] * tileZYX[1] * tileZYX[2];
		final float[] features = new float[batch * channels * n];
		final int[] truth = new int[n];
		final long[] tiles = new long[batch];
		int inBatch = 0;
		final long stride = (grid.count() + maxTiles - 1) / maxTiles;
		final long last = (grid.count() - 1) / stride * stride;
		for (long t = 0; t < grid.count(); t += stride) {
			final long[] o = inWhole(grid.originXYZ(t), part);
			for (int c = 0; c < channels; c++)
				part.wholeInput.read(c, o, sizeXYZ, features, (inBatch * channels + c) * n);
			tiles[inBatch++] = t;
			if (inBatch == batch || t == last) {
				final float[] in = inBatch == batch ? features : java.util.Arrays.copyOf(features, inBatch * channels * n);
				final INDArray out = graph.outputSingle(false, Nd4j.create(in, new long[] { inBatch, channels, tileZYX[0],
					tileZYX[1], tileZYX[2] }, 'c'));
				final float[] probs = (out.ordering() == 'c' && !out.isView() ? out : out.dup('c')).data().asFloat();
				for (int b = 0; b < inBatch; b++) {
					final long[] origin = inWhole(grid.originXYZ(tiles[b]), part);
					part.wholeLabels.readInt(origin, sizeXYZ, truth);
					final long[] owned = grid.ownedXYZ(tiles[b]);
					owned[1] += part.y0;
					owned[4] += part.y0;
					owned[2] += part.z0;
					owned[5] += part.z0;
					tally(probs, b * classes * n, n, truth, origin, owned, matrix, part.volume.name());
				}
				inBatch = 0;
			}
		}
	}

	/** A tile origin of the part's grid in the coordinates of the whole stack. */
	private static long[] inWhole(final long[] originXYZ, final LoadedStacks.Part part) {
		return new long[] { originXYZ[0], originXYZ[1] + part.y0, originXYZ[2] + part.z0 };
	}

	private void tally(final float[] probs, final int offset, final int n, final int[] truth, final long[] originXYZ,
		final long[] ownedXYZ, final long[][] matrix, final String name)
	{
		final int sx = tileZYX[2];
		final int sy = tileZYX[1];
		for (long z = ownedXYZ[2]; z < ownedXYZ[5]; z++)
			for (long y = ownedXYZ[1]; y < ownedXYZ[4]; y++)
				for (long x = ownedXYZ[0]; x < ownedXYZ[3]; x++) {
					final int i = (int) ((x - originXYZ[0]) + sx * ((y - originXYZ[1]) + sy * (z - originXYZ[2])));
					final int t = truth[i];
					if (t == ignore) continue;
					if (t < 0 || t >= classes) throw new IllegalArgumentException("Validation labels of \"" + name +
						"\" contain " + t + " at x=" + x + ", y=" + y + ", z=" + z + ", but the network has " + classes +
						" classes (0.." + (classes - 1) + ")" + (ignore >= 0 ? " and the unlabeled value is " + ignore : "") +
						".");
					int best = 0;
					float max = probs[offset + i];
					for (int k = 1; k < classes; k++) {
						final float v = probs[offset + k * n + i];
						if (v > max) {
							max = v;
							best = k;
						}
					}
					matrix[t][best]++;
				}
	}
}
