package org.unet3d.inference;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.planar.PlanarImg;

import org.unet3d.data.PlaneCache;
import org.unet3d.data.Volume;
import org.unet3d.formats.VolumeFiles;
import org.unet3d.planning.MemoryBudget;
import org.unet3d.planning.TilePlan;
import org.unet3d.progress.Progress;

/**
 * Segments one stack into the outputs a user asked for: a label image kept in memory (to show it)
 * and/or written to a file slice by slice (for stacks bigger than memory: a TIFF, or an OME-Zarr
 * image for a path ending in {@code .zarr}), and optionally the class probabilities written to a
 * 32-bit file or kept in memory (to make objects). Output files are checked before the work starts and
 * appear only when complete; an error or a cancel leaves none behind.
 */
public final class Segmenter {

	/** A label image is kept in memory only if it takes at most this share of the free heap. */
	static final double IN_MEMORY_SHARE = 0.25;

	private final TiledPredictor predictor;
	private final int classes;

	public Segmenter(final TiledPredictor predictor) {
		this.predictor = predictor;
		this.classes = predictor.classes();
	}

	/** What a segmentation produced. */
	public static final class Result {

		private final PlanarImg<?, ?> labels;
		private final float[][] probabilities;
		private final TilePlan plan;
		private final double seconds;
		private final long voxels;

		Result(final PlanarImg<?, ?> labels, final float[][] probabilities, final TilePlan plan, final double seconds,
			final long voxels)
		{
			this.labels = labels;
			this.probabilities = probabilities;
			this.plan = plan;
			this.seconds = seconds;
			this.voxels = voxels;
		}

		/** The labels in memory (XYZ, 8- or 16-bit), or null if they were only written to a file. */
		public PlanarImg<?, ?> labels() {
			return labels;
		}

		/**
		 * The class probabilities, {@code [class][x + width * (y + height * z)]}, if they were to be kept
		 * in memory ({@link SegmentationOutputs#keepProbabilities()}), else null.
		 */
		public float[][] probabilities() {
			return probabilities;
		}

		public TilePlan plan() {
			return plan;
		}

		public double seconds() {
			return seconds;
		}

		/** Voxels segmented (per channel). */
		public long voxels() {
			return voxels;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%d voxels in %.1f s (%.3f megavoxels/s); %s", voxels, seconds, voxels /
				seconds / 1e6, plan);
		}
	}

	/**
	 * Segments a stack.
	 *
	 * @param cache the input's plane cache if it is read from disk, else null
	 * @throws IOException if an output cannot be written (checked before any work)
	 * @throws IllegalArgumentException if the labels cannot be kept in memory and no file is given
	 */
	public Result segment(final Volume<?> image, final PlaneCache cache, final SegmentationOutputs outputs,
		final Progress progress) throws IOException
	{
		final File labelsFile = outputs.labelsFile();
		final File probabilitiesFile = outputs.probabilitiesFile();
		final boolean overwrite = outputs.overwrite();
		final long w = image.width(), h = image.height(), d = image.depth();
		final long labelBytes = w * h * d * (classes <= 256 ? 1 : 2);
		final long heap = MemoryBudget.detect().heapBytes();
		final boolean keep = keep(outputs.keepLabels(), labelsFile == null || labelBytes <= IN_MEMORY_SHARE * heap);
		if (!keep && labelsFile == null && probabilitiesFile == null && !outputs.keepProbabilities())
			throw new IllegalArgumentException(
			"Nothing to produce: keep the labels in memory or give an output file.");
		if (keep && labelBytes > heap / 2) throw new IllegalArgumentException(String.format(Locale.ROOT, "The label image " +
				"(%.2f GB) does not fit in the free memory (%.2f GB). Give an output file, so the labels are written to " +
				"disk slice by slice, or give Java more memory.", labelBytes / 1e9, heap / 1e9));
		if (labelsFile != null) VolumeFiles.checkWritable(labelsFile, overwrite);
		if (probabilitiesFile != null) VolumeFiles.checkWritable(probabilitiesFile, overwrite);
		final List<SliceSink> sinks = new ArrayList<>();
		final LabelImageSink memory = keep ? new LabelImageSink(w, h, d, classes) : null;
		final ProbabilityArraysSink kept = outputs.keepProbabilities() ? new ProbabilityArraysSink(w, h, d, classes)
			: null;
		LabelFileSink labelFile = null;
		ProbabilityFileSink probFile = null;
		try {
			if (memory != null) sinks.add(memory);
			if (kept != null) sinks.add(kept);
			if (labelsFile != null) sinks.add(labelFile = LabelFileSink.create(labelsFile, w, h, d, classes, image
				.voxelSize(), overwrite));
			if (probabilitiesFile != null) sinks.add(probFile = ProbabilityFileSink.create(probabilitiesFile, w, h, d,
				classes, image.voxelSize(), overwrite));
			final long t0 = System.nanoTime();
			final TilePlan plan;
			try {
				plan = predictor.predict(image, cache, all(sinks), progress);
			}
			catch (final UncheckedIOException e) {
				throw e.getCause();
			}
			if (labelFile != null) labelFile.finish();
			if (probFile != null) probFile.finish();
			return new Result(memory == null ? null : memory.labels(), kept == null ? null : kept.probabilities(), plan,
				(System.nanoTime() - t0) / 1e9, w * h * d);
		}
		finally {
			if (labelFile != null) labelFile.close();
			if (probFile != null) probFile.close();
		}
	}

	private static boolean keep(final SegmentationOutputs.KeepLabels k, final boolean small) {
		switch (k) {
			case ALWAYS:
				return true;
			case NEVER:
				return false;
			case IF_SMALL:
				return small;
			default:
				throw new AssertionError(k);
		}
	}

	private static SliceSink all(final List<SliceSink> sinks) {
		if (sinks.size() == 1) return sinks.get(0);
		return (z, p) -> {
			for (final SliceSink s : sinks)
				s.accept(z, p);
		};
	}
}
