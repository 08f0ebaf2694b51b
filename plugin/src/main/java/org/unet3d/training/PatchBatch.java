package org.unet3d.training;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.unet3d.data.Augmenter;
import org.unet3d.data.PatchSampler;
import org.unet3d.progress.Progress;

/**
 * One optimization step's batch of training patches, cut into buffers allocated once per run: the
 * image channels, the labels one-hot per class, and (when there is an unlabeled value) the mask of
 * labeled voxels, all NCDHW. Patches come from the {@link PatchSampler}, through the stacks'
 * preprocessing and the {@link Augmenter}. When the stacks do not all fit in memory, runs of steps
 * draw their patches from one stack at a time (a "visit"), so stacks are not reopened at every patch.
 */
final class PatchBatch {

	private final LoadedStacks stacks;
	private final List<Integer> parts;
	private final PatchSampler sampler;
	private final Augmenter augmenter;
	private final int batch;
	private final int channels;
	private final int classes;
	private final int ignore;
	private final int voxels;
	private final int[] sizeXYZ;
	private final long[] featureShape;
	private final long[] labelShape;
	private final long[] maskShape;
	private final float[] features;
	private final float[] labels;
	private final float[] mask;
	private final int[] ids;
	/** Steps per visit of one stack, when streaming; 0 when every stack stays in memory. */
	private final int visitSteps;
	private int visit = -1;

	/**
	 * @param parts the training parts of {@code stacks}, in the sampler's order
	 * @param patchZYX patch size z, y, x
	 * @param ignore the unlabeled value, -1 for none
	 * @param stepsPerEpoch steps per epoch (a visit is about an epoch's share per part, at least 5 steps)
	 */
	PatchBatch(final LoadedStacks stacks, final List<Integer> parts, final PatchSampler sampler,
		final Augmenter augmenter, final int batch, final int channels, final int classes, final int[] patchZYX,
		final int ignore, final int stepsPerEpoch)
	{
		this.stacks = stacks;
		this.parts = parts;
		this.sampler = sampler;
		this.augmenter = augmenter;
		this.batch = batch;
		this.channels = channels;
		this.classes = classes;
		this.ignore = ignore;
		voxels = patchZYX[0] * patchZYX[1] * patchZYX[2];
		sizeXYZ = new int[] { patchZYX[2], patchZYX[1], patchZYX[0] };
		featureShape = new long[] { batch, channels, patchZYX[0], patchZYX[1], patchZYX[2] };
		labelShape = new long[] { batch, classes, patchZYX[0], patchZYX[1], patchZYX[2] };
		maskShape = new long[] { batch, 1, patchZYX[0], patchZYX[1], patchZYX[2] };
		features = new float[batch * channels * voxels];
		labels = new float[batch * classes * voxels];
		mask = ignore >= 0 ? new float[batch * voxels] : null;
		ids = new int[voxels];
		visitSteps = stacks.allFit() ? 0 : Math.max(5, stepsPerEpoch / Math.max(1, parts.size()));
	}

	/**
	 * Cuts the batch of step {@code step} of an epoch (0-based) and returns it as the network's
	 * input, labels and mask; the buffers are reused by the next call.
	 */
	MultiDataSet next(final int step, final Random random, final Progress progress) throws IOException {
		if (visitSteps > 0 && step % visitSteps == 0) visit = sampler.next(random).volume;
		Arrays.fill(labels, 0f);
		for (int i = 0; i < batch; i++) {
			final PatchSampler.Patch p = visitSteps > 0 ? sampler.next(visit, random) : sampler.next(random);
			final LoadedStacks.Part part = stacks.part(parts.get(p.volume), progress);
			PatchCutter.cut(part.input, part.labels, p.originXYZ, sizeXYZ, features, i * channels * voxels, ids,
				augmenter, random);
			for (int v = 0; v < voxels; v++) {
				final int k = ids[v];
				if (mask != null) {
					if (k == ignore) {
						mask[i * voxels + v] = 0;
						continue;
					}
					mask[i * voxels + v] = 1;
				}
				labels[(i * classes + k) * voxels + v] = 1;
			}
		}
		final INDArray f = Nd4j.create(features, featureShape, 'c');
		final INDArray l = Nd4j.create(labels, labelShape, 'c');
		final INDArray m = mask == null ? null : Nd4j.create(mask, maskShape, 'c');
		return new MultiDataSet(new INDArray[] { f }, new INDArray[] { l }, null, m == null ? null : new INDArray[] {
			m });
	}

	/** Voxels per patch. */
	int voxels() {
		return voxels;
	}
}
