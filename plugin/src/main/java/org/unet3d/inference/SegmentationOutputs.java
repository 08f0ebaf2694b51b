package org.unet3d.inference;

import java.io.File;

/**
 * What the segmentation of one stack produces, in any combination: the label image kept in memory
 * (to show it), the labels written to a file slice by slice (for stacks bigger than memory; a TIFF,
 * or an OME-Zarr image for a path ending in {@code .zarr}), the class probabilities written to a
 * 32-bit file or kept in memory (to make objects of them); and whether existing files may be
 * replaced.
 * Immutable; made with {@link #builder()}. {@link Segmenter} checks the combination.
 */
public final class SegmentationOutputs {

	/** When the label image is kept in memory besides a label file. */
	public enum KeepLabels {
		/** Always (an error if it does not fit in the free memory). */
		ALWAYS,
		/**
		 * When there is no label file, or when the labels take at most a quarter of the free memory; the
		 * default.
		 */
		IF_SMALL,
		/** Never: the labels go only to the file. */
		NEVER
	}

	/** The labels in memory, no files. */
	public static final SegmentationOutputs IN_MEMORY = builder().build();

	private final File labelsFile;
	private final File probabilitiesFile;
	private final KeepLabels keepLabels;
	private final boolean keepProbabilities;
	private final boolean overwrite;

	private SegmentationOutputs(final Builder b) {
		this.labelsFile = b.labelsFile;
		this.probabilitiesFile = b.probabilitiesFile;
		this.keepLabels = b.keepLabels;
		this.keepProbabilities = b.keepProbabilities;
		this.overwrite = b.overwrite;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Where the labels are written, or null. */
	public File labelsFile() {
		return labelsFile;
	}

	/** Where the class probabilities are written, or null. */
	public File probabilitiesFile() {
		return probabilitiesFile;
	}

	public KeepLabels keepLabels() {
		return keepLabels;
	}

	/** Whether the class probabilities are kept in memory, one float array per class. */
	public boolean keepProbabilities() {
		return keepProbabilities;
	}

	/** Whether existing files are replaced (otherwise they are an error, before any work). */
	public boolean overwrite() {
		return overwrite;
	}

	/** Builds {@link SegmentationOutputs}; by default: labels in memory, no files, no overwriting. */
	public static final class Builder {

		private File labelsFile;
		private File probabilitiesFile;
		private KeepLabels keepLabels = KeepLabels.IF_SMALL;
		private boolean keepProbabilities;
		private boolean overwrite;

		private Builder() {}

		/**
		 * Write the labels to this file (8-bit up to 256 classes, else 16-bit): an OME-Zarr image if its
		 * name ends in {@code .zarr}, else a TIFF; null for none.
		 */
		public Builder labelsFile(final File f) {
			this.labelsFile = f;
			return this;
		}

		/**
		 * Write the class probabilities to this 32-bit file (OME-Zarr or TIFF, as for the labels), one
		 * channel per class; null for none.
		 */
		public Builder probabilitiesFile(final File f) {
			this.probabilitiesFile = f;
			return this;
		}

		public Builder keepLabels(final KeepLabels k) {
			if (k == null) throw new IllegalArgumentException("Say when labels are kept in memory (ALWAYS, IF_SMALL or " +
				"NEVER)");
			this.keepLabels = k;
			return this;
		}

		/**
		 * Keep the class probabilities in memory (4 bytes per voxel and class, stacks of fewer than 2^31
		 * voxels), e.g. to make objects of them; default off.
		 */
		public Builder keepProbabilities(final boolean on) {
			this.keepProbabilities = on;
			return this;
		}

		public Builder overwrite(final boolean on) {
			this.overwrite = on;
			return this;
		}

		public SegmentationOutputs build() {
			return new SegmentationOutputs(this);
		}
	}
}
