package org.unet3d.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.unet3d.data.Augmentation;
import org.unet3d.data.Augmenter;
import org.unet3d.data.BlockReader;
import org.unet3d.data.LabelStatistics;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.PatchGrid;
import org.unet3d.data.PatchSampler;
import org.unet3d.data.PreprocessedStack;
import org.unet3d.data.Preprocessing;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.planning.NetworkPlanner;
import org.unet3d.planning.PatchShape;
import org.unet3d.progress.Progress;

/**
 * The patches training would cut from a stack, so users can check what the network will see:
 * random (foreground-biased, augmented) patches as in training, or the regular grid of patches
 * (overlapping by a quarter) that covers the stack. Patches are preprocessed (normalized, CLAHE)
 * exactly as in training, by the same code.
 */
public final class PatchPreview {

	/** Which patches. */
	public enum Mode {
		/** Random patches as training draws them (foreground share, augmentation). */
		RANDOM,
		/** The regular grid covering the stack, without augmentation. */
		GRID;

		/** "random" or "grid" (case-insensitive). */
		public static Mode parse(final String text) {
			final String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
			if (t.isEmpty() || t.equals("random")) return RANDOM;
			if (t.equals("grid")) return GRID;
			throw new IllegalArgumentException("Unknown patch mode \"" + text + "\". Use random or grid.");
		}
	}

	/** Patches: channels {@code c} of patch {@code i} at {@code images.get(i)[c * n ...]}, X fastest. */
	public static final class Patches {

		public final int channels;
		/** Patch size z, y, x. */
		public final int[] patchZYX;
		public final List<float[]> images;
		public final List<int[]> labels;
		/** Where each patch starts in the stack, x, y, z (before augmentation). */
		public final List<long[]> originsXYZ;

		Patches(final int channels, final int[] patchZYX, final List<float[]> images, final List<int[]> labels,
			final List<long[]> originsXYZ)
		{
			this.channels = channels;
			this.patchZYX = patchZYX;
			this.images = Collections.unmodifiableList(images);
			this.labels = Collections.unmodifiableList(labels);
			this.originsXYZ = Collections.unmodifiableList(originsXYZ);
		}
	}

	private PatchPreview() {}

	/** The patch size training chooses for a stack when none is given (the default network depth). */
	public static int[] automaticPatch(final LabeledVolume data, final int depth) {
		final UNet3DConfig net = UNet3DConfig.builder().inputChannels(data.image().channels()).depth(depth).pooling(
			NetworkPlanner.poolingFor(data.image().voxelSize(), depth)).build();
		return PatchShape.choose(data.shapeZYX(), data.image().voxelSize(), net.sizeMultiple(),
			Trainer.DEFAULT_PATCH_VOXELS);
	}

	/**
	 * Cuts patches.
	 *
	 * @param patchZYX patch size, null = as training would choose it
	 * @param count how many random patches, or at most how many grid patches
	 * @param ignore the unlabeled value (-1 for none)
	 */
	public static Patches make(final LabeledVolume data, final Preprocessing preprocessing, final int[] patchZYX,
		final Mode mode, final int count, final Augmentation augmentation, final double foregroundFraction,
		final int ignore, final long seed, final Progress progress)
	{
		if (count < 1) throw new IllegalArgumentException("Number of patches must be at least 1, got " + count);
		final int[] patch = patchZYX != null ? patchZYX.clone() : automaticPatch(data, TrainingConfig.builder().build()
			.network().depth());
		for (final int p : patch)
			if (p < 1) throw new IllegalArgumentException("Patch sizes must be positive");
		progress.status("Intensity percentiles...");
		final PreprocessedStack input = preprocessing.prepare(data.image(), preprocessing.statistics(data.image()),
			progress);
		final BlockReader labels = data.labelReader();
		final int[] sizeXYZ = { patch[2], patch[1], patch[0] };
		final int channels = data.image().channels();
		final int n = patch[0] * patch[1] * patch[2];
		final Random random = new Random(seed);
		final List<float[]> images = new ArrayList<>();
		final List<int[]> ids = new ArrayList<>();
		final List<long[]> origins = new ArrayList<>();
		if (mode == Mode.GRID) {
			final PatchGrid grid = PatchGrid.of(data.shapeZYX(), patch, new int[] { patch[0] / 4, patch[1] / 4, patch[2] /
				4 });
			origins.addAll(gridOrigins(grid, count));
		}
		else {
			final LabelStatistics stats = LabelStatistics.of(data, 0, ignore, seed);
			final PatchSampler sampler = new PatchSampler(Collections.singletonList(data.shapeZYX()), Collections
				.singletonList(stats), patch, foregroundFraction);
			for (int i = 0; i < count; i++)
				origins.add(sampler.next(0, random).originXYZ);
		}
		final Augmenter augmenter = new Augmenter(mode == Mode.GRID ? Augmentation.none() : augmentation, data.image()
			.voxelSize().anisotropy());
		for (final long[] o : origins) {
			final float[] f = new float[channels * n];
			final int[] l = new int[n];
			PatchCutter.cut(input, labels, o, sizeXYZ, f, 0, l, augmenter, random);
			images.add(f);
			ids.add(l);
			progress.progress(images.size(), origins.size());
		}
		return new Patches(channels, patch, images, ids, origins);
	}

	private static List<long[]> gridOrigins(final PatchGrid grid, final int max) {
		final List<long[]> o = new ArrayList<>();
		for (long i = 0; i < grid.count() && o.size() < max; i++)
			o.add(grid.originXYZ(i));
		return o;
	}
}
