package org.unet3d.training;

/** The network a new run builds (a resumed or fine-tuned run keeps its model's). */
public final class NetworkSettings {

	// named after the keys of the training JSON in model files; set only by TrainingConfig.Builder
	int depth = 3;
	int baseFilters = 16;
	boolean batchNorm = true;
	ConvolutionKernels kernels = ConvolutionKernels.AUTO;
	double dropout = 0;

	NetworkSettings() {}

	/** Levels of the U-Net. */
	public int depth() {
		return depth;
	}

	/** Filters of the first level (doubled at each level down). */
	public int baseFilters() {
		return baseFilters;
	}

	public boolean batchNorm() {
		return batchNorm;
	}

	public ConvolutionKernels kernels() {
		return kernels;
	}

	public double dropout() {
		return dropout;
	}

	void check() {
		if (kernels == null) throw new IllegalArgumentException("Kernels must be set (auto or cubic)");
	}
}
