package org.unet3d.inference;

/**
 * Receives the finished class probabilities of one z-slice at a time, in increasing z, so a
 * segmentation never has to hold all probabilities of a big stack. Implementations turn them
 * into labels ({@link LabelImageSink}), keep them ({@link ProbabilityImageSink}) or write them
 * to disk.
 */
public interface SliceSink {

	/**
	 * @param z slice index
	 * @param probabilities {@code probabilities[k][x + width * y]}: probability of class k; owned by
	 *          the caller, copy what you keep
	 */
	void accept(long z, float[][] probabilities);

	/** A sink that passes every slice to both sinks. */
	static SliceSink both(final SliceSink a, final SliceSink b) {
		return (z, p) -> {
			a.accept(z, p);
			b.accept(z, p);
		};
	}
}
