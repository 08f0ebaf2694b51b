package org.unet3d.objects;

import java.util.Locale;

/**
 * The settings of one way of making objects (immutable; {@link #builder} starts from the defaults
 * of a mode). Distances and volumes are in the stack's calibrated units (e.g. micron and cubic
 * micron), so the same settings suit stacks of different voxel sizes.
 */
public final class ObjectOptions {

	private final ObjectMode mode;
	private final Connectivity connectivity;
	private final double threshold;
	private final SeedSource seeds;
	private final double maximaHeight;
	private final double minSeedDistance;
	private final double seedThreshold;
	private final double minVolume;
	private final SmallObjects smallObjects;

	private ObjectOptions(final Builder b) {
		mode = b.mode;
		connectivity = b.connectivity;
		threshold = b.threshold;
		seeds = b.seeds;
		maximaHeight = b.maximaHeight;
		minSeedDistance = b.minSeedDistance;
		seedThreshold = b.seedThreshold;
		minVolume = b.minVolume;
		smallObjects = b.smallObjects;
	}

	/**
	 * The defaults of a mode: connectivity 6, probability threshold 0.5, no minimum volume;
	 * nuclei: seeds at distance maxima with h = {@link #DEFAULT_MAXIMA_HEIGHT_IN_VOXELS} times the
	 * smallest voxel side (see {@link #maximaHeight}), small objects removed; cells: seeds from the
	 * interiors (boundary probability below 0.5), small objects merged; components: small objects
	 * removed.
	 */
	public static Builder builder(final ObjectMode mode) {
		return new Builder(mode);
	}

	/** The default h of the h-maxima, in voxels (of the smallest side), used when h is not set. */
	public static final double DEFAULT_MAXIMA_HEIGHT_IN_VOXELS = 2;

	public ObjectMode mode() {
		return mode;
	}

	/** Which voxels touch, in seeds, watershed and components. */
	public Connectivity connectivity() {
		return connectivity;
	}

	/** A voxel is foreground when 1 - P(background) is at least this. */
	public double threshold() {
		return threshold;
	}

	public SeedSource seeds() {
		return seeds;
	}

	/**
	 * h for the h-maxima of the distance transform, in calibrated units: a maximum becomes a seed
	 * only if it rises more than h above the neck to any higher maximum. NaN (the default) means
	 * {@link #DEFAULT_MAXIMA_HEIGHT_IN_VOXELS} times the smallest voxel side.
	 */
	public double maximaHeight() {
		return maximaHeight;
	}

	/** Seeds closer than this (calibrated units) to a higher seed are dropped; 0 = no limit. */
	public double minSeedDistance() {
		return minSeedDistance;
	}

	/** Interior seeds are where the boundary probability is below this. */
	public double seedThreshold() {
		return seedThreshold;
	}

	/** Objects below this volume (calibrated units cubed) are removed or merged; 0 = keep all. */
	public double minVolume() {
		return minVolume;
	}

	public SmallObjects smallObjects() {
		return smallObjects;
	}

	@Override
	public String toString() {
		final StringBuilder s = new StringBuilder(mode.name().toLowerCase(Locale.ROOT));
		s.append(String.format(Locale.ROOT, ", connectivity %s, threshold %s", connectivity == Connectivity.SIX ? "6"
			: "26", threshold));
		if (mode != ObjectMode.COMPONENTS) {
			s.append(", seeds ").append(seeds.name().toLowerCase(Locale.ROOT));
			if (seeds == SeedSource.DISTANCE_MAXIMA) s.append(String.format(Locale.ROOT, ", h %s, min seed distance %s",
				Double.isNaN(maximaHeight) ? DEFAULT_MAXIMA_HEIGHT_IN_VOXELS + " voxels" : maximaHeight, minSeedDistance));
			else s.append(String.format(Locale.ROOT, ", seed threshold %s", seedThreshold));
		}
		s.append(String.format(Locale.ROOT, ", min volume %s (%s)", minVolume, smallObjects.name().toLowerCase(
			Locale.ROOT)));
		return s.toString();
	}

	/** Collects settings; {@link #build} checks them. */
	public static final class Builder {

		private final ObjectMode mode;
		private Connectivity connectivity = Connectivity.SIX;
		private double threshold = 0.5;
		private SeedSource seeds;
		private double maximaHeight = Double.NaN;
		private double minSeedDistance;
		private double seedThreshold = 0.5;
		private double minVolume;
		private SmallObjects smallObjects;

		private Builder(final ObjectMode mode) {
			if (mode == null) throw new IllegalArgumentException("Choose a mode: nuclei, cells or components.");
			this.mode = mode;
			seeds = mode == ObjectMode.CELLS ? SeedSource.INTERIORS : SeedSource.DISTANCE_MAXIMA;
			smallObjects = mode == ObjectMode.CELLS ? SmallObjects.MERGE : SmallObjects.REMOVE;
		}

		public Builder connectivity(final Connectivity c) {
			connectivity = c;
			return this;
		}

		public Builder threshold(final double t) {
			threshold = t;
			return this;
		}

		public Builder seeds(final SeedSource s) {
			seeds = s;
			return this;
		}

		/** h in calibrated units (NaN: the default, a multiple of the voxel size). */
		public Builder maximaHeight(final double h) {
			maximaHeight = h;
			return this;
		}

		public Builder minSeedDistance(final double d) {
			minSeedDistance = d;
			return this;
		}

		public Builder seedThreshold(final double t) {
			seedThreshold = t;
			return this;
		}

		public Builder minVolume(final double v) {
			minVolume = v;
			return this;
		}

		public Builder smallObjects(final SmallObjects s) {
			smallObjects = s;
			return this;
		}

		/** @throws IllegalArgumentException for a setting out of range, naming it and its range */
		public ObjectOptions build() {
			if (connectivity == null || seeds == null || smallObjects == null) throw new IllegalArgumentException(
				"Connectivity, seeds and small-object handling must be set.");
			if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("The probability threshold must " +
				"be above 0 and at most 1, got " + threshold + "; 0.5 is usual.");
			if (!(seedThreshold > 0 && seedThreshold <= 1)) throw new IllegalArgumentException("The seed threshold " +
				"(boundary probability) must be above 0 and at most 1, got " + seedThreshold + "; 0.5 is usual.");
			if (!Double.isNaN(maximaHeight) && !(maximaHeight >= 0 && maximaHeight < Double.POSITIVE_INFINITY))
				throw new IllegalArgumentException("h of the h-maxima must be 0 or more (in calibrated units), got " +
					maximaHeight + ".");
			if (!(minSeedDistance >= 0 && minSeedDistance < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException(
				"The minimum seed distance must be 0 or more (in calibrated units), got " + minSeedDistance + ".");
			if (!(minVolume >= 0 && minVolume < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException(
				"The minimum object volume must be 0 or more (in calibrated units cubed), got " + minVolume + ".");
			return new ObjectOptions(this);
		}
	}
}
