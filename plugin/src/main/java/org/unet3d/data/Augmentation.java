package org.unet3d.data;

import com.google.gson.Gson;

/**
 * Which random augmentations training applies to each patch, and how strongly: flips and
 * 90-degree rotations in the x-y plane, an elastic deformation (physically isotropic, so thin
 * sections move little in z), and intensity changes (scale and shift, gamma, Gaussian noise) on
 * the normalized image (where 0..1 is the 1st to 99.8th percentile). Labels follow every
 * geometric change by nearest neighbour; intensity changes leave them alone. Immutable, made with
 * {@link #builder()}, JSON round trip.
 */
public final class Augmentation {

	private final boolean flips;
	private final boolean rotations;
	private final double elasticProbability;
	private final double elasticSigma;
	private final int elasticSpacing;
	private final double intensityProbability;
	private final double scale;
	private final double shift;
	private final double gammaProbability;
	private final double gamma;
	private final double noiseProbability;
	private final double noiseSigma;

	private Augmentation(final Builder b) {
		flips = b.flips;
		rotations = b.rotations;
		elasticProbability = b.elasticProbability;
		elasticSigma = b.elasticSigma;
		elasticSpacing = b.elasticSpacing;
		intensityProbability = b.intensityProbability;
		scale = b.scale;
		shift = b.shift;
		gammaProbability = b.gammaProbability;
		gamma = b.gamma;
		noiseProbability = b.noiseProbability;
		noiseSigma = b.noiseSigma;
		validate();
	}

	private void validate() {
		for (final double p : new double[] { elasticProbability, intensityProbability, gammaProbability,
			noiseProbability })
			if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Augmentation probabilities must be in [0, 1], " +
				"got " + p);
		if (!(elasticSigma >= 0 && elasticSigma <= 50)) throw new IllegalArgumentException("Elastic displacement must " +
			"be 0..50 pixels, got " + elasticSigma);
		if (elasticSpacing < 4) throw new IllegalArgumentException("Elastic grid spacing must be >= 4 pixels, got " +
			elasticSpacing);
		if (!(scale >= 0 && scale <= 4)) throw new IllegalArgumentException("Intensity scale range must be in [0, 4], " +
			"got " + scale);
		if (!(shift >= 0 && shift <= 1)) throw new IllegalArgumentException("Intensity shift must be in [0, 1], got " +
			shift);
		if (!(gamma >= 0 && gamma < 1)) throw new IllegalArgumentException("Gamma range must be in [0, 1), got " +
			gamma);
		if (!(noiseSigma >= 0 && noiseSigma <= 1)) throw new IllegalArgumentException("Noise sigma must be in [0, 1], " +
			"got " + noiseSigma);
	}

	/** No augmentation at all. */
	public static Augmentation none() {
		return builder().flips(false).rotations(false).intensity(0, 0, 0).gamma(0, 0).noise(0, 0).build();
	}

	/**
	 * The default: flips, rotations, intensity scale 0.5..2 and shift +-0.1 (half of the patches),
	 * gamma 0.7..1.43 (30 %), noise up to sigma 0.05 (30 %); no elastic deformation.
	 */
	public static Augmentation standard() {
		return builder().build();
	}

	/** {@link #standard()} plus elastic deformation of half of the patches. */
	public static Augmentation withElastic() {
		return builder().elastic(0.5, 3, 16).build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** By name, as users type it: "none", "standard" (the default) or "elastic" (standard + elastic). */
	public static Augmentation parse(final String name) {
		final String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
		switch (n) {
			case "":
			case "standard":
			case "true":
				return standard();
			case "none":
			case "false":
			case "off":
				return none();
			case "elastic":
				return withElastic();
			default:
				throw new IllegalArgumentException("Unknown augmentation \"" + name + "\". Use none, standard (flips, " +
					"rotations, intensity, gamma, noise) or elastic (standard plus elastic deformation).");
		}
	}

	/** A builder preset with this augmentation's values. */
	public Builder toBuilder() {
		return builder().flips(flips).rotations(rotations).elastic(elasticProbability, elasticSigma, elasticSpacing)
			.intensity(intensityProbability, scale, shift).gamma(gammaProbability, gamma).noise(noiseProbability,
				noiseSigma);
	}

	public boolean flips() {
		return flips;
	}

	public boolean rotations() {
		return rotations;
	}

	/** Share of patches deformed elastically. */
	public double elasticProbability() {
		return elasticProbability;
	}

	/** Standard deviation of the elastic displacement at the grid nodes, in x-y pixels. */
	public double elasticSigma() {
		return elasticSigma;
	}

	/** Distance between the nodes of the elastic displacement grid, in x-y pixels. */
	public int elasticSpacing() {
		return elasticSpacing;
	}

	public double intensityProbability() {
		return intensityProbability;
	}

	/**
	 * Intensities are multiplied by a factor between {@code 1 / (1 + scale)} and {@code 1 + scale}
	 * (log-uniform), so the network copes with stacks whose percentile normalization comes out
	 * brighter or darker than the training stack's.
	 */
	public double scale() {
		return scale;
	}

	/** Intensities are shifted by up to {@code +-shift} (normalized units). */
	public double shift() {
		return shift;
	}

	public double gammaProbability() {
		return gammaProbability;
	}

	/** Gamma is drawn from {@code [1 - gamma, 1 / (1 - gamma)]} (log-uniform). */
	public double gamma() {
		return gamma;
	}

	public double noiseProbability() {
		return noiseProbability;
	}

	/** Largest standard deviation of the added Gaussian noise (normalized units). */
	public double noiseSigma() {
		return noiseSigma;
	}

	/** True if no augmentation is switched on. */
	public boolean isNone() {
		return !flips && !rotations && elasticProbability * elasticSigma == 0 &&
			intensityProbability * (scale + shift) == 0 && gammaProbability * gamma == 0 && noiseProbability *
				noiseSigma == 0;
	}

	public String toJson() {
		return GSON.toJson(this);
	}

	public static Augmentation fromJson(final String json) {
		final Augmentation a = GSON.fromJson(json, Augmentation.class);
		a.validate();
		return a;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Augmentation && toJson().equals(((Augmentation) o).toJson());
	}

	@Override
	public int hashCode() {
		return toJson().hashCode();
	}

	@Override
	public String toString() {
		if (isNone()) return "none";
		final StringBuilder s = new StringBuilder();
		if (flips) s.append("flips");
		if (rotations) s.append(s.length() > 0 ? ", " : "").append("rotations");
		if (elasticProbability * elasticSigma > 0) s.append(s.length() > 0 ? ", " : "").append("elastic");
		if (intensityProbability * (scale + shift) > 0) s.append(s.length() > 0 ? ", " : "").append("intensity");
		if (gammaProbability * gamma > 0) s.append(s.length() > 0 ? ", " : "").append("gamma");
		if (noiseProbability * noiseSigma > 0) s.append(s.length() > 0 ? ", " : "").append("noise");
		return s.toString();
	}

	private static final Gson GSON = new Gson();

	/** Builds an {@link Augmentation}; starts from {@link Augmentation#standard()}. */
	public static final class Builder {

		private boolean flips = true;
		private boolean rotations = true;
		private double elasticProbability = 0;
		private double elasticSigma = 3;
		private int elasticSpacing = 16;
		private double intensityProbability = 0.5;
		private double scale = 1.0;
		private double shift = 0.1;
		private double gammaProbability = 0.3;
		private double gamma = 0.3;
		private double noiseProbability = 0.3;
		private double noiseSigma = 0.05;

		public Builder flips(final boolean on) {
			flips = on;
			return this;
		}

		/** 90-degree rotations in the x-y plane (only for patches that are square in x-y). */
		public Builder rotations(final boolean on) {
			rotations = on;
			return this;
		}

		/**
		 * @param probability share of patches deformed
		 * @param sigma displacement standard deviation in x-y pixels (z is scaled by the voxel size)
		 * @param spacing grid node distance in x-y pixels
		 */
		public Builder elastic(final double probability, final double sigma, final int spacing) {
			elasticProbability = probability;
			elasticSigma = sigma;
			elasticSpacing = spacing;
			return this;
		}

		public Builder intensity(final double probability, final double scaleRange, final double shiftRange) {
			intensityProbability = probability;
			scale = scaleRange;
			shift = shiftRange;
			return this;
		}

		public Builder gamma(final double probability, final double range) {
			gammaProbability = probability;
			gamma = range;
			return this;
		}

		public Builder noise(final double probability, final double sigma) {
			noiseProbability = probability;
			noiseSigma = sigma;
			return this;
		}

		public Augmentation build() {
			return new Augmentation(this);
		}
	}
}
