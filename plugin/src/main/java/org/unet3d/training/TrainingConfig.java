package org.unet3d.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.util.Arrays;
import java.util.Map;

import org.unet3d.data.Augmentation;
import org.unet3d.data.Clahe;
import org.unet3d.training.loss.LossKind;

/**
 * How to train: network size, patch and batch size, how long, learning rate and its reduction on
 * a plateau, early stopping, seed, patch sampling, augmentation, loss and class weights, the
 * unlabeled value, intensity preprocessing, and the share of each stack held out for validation.
 * Immutable, made with {@link #builder()}, JSON round trip (stored in every model file). A patch
 * size of null means "choose from the stack's shape and voxel size".
 */
public final class TrainingConfig {

	/** Factor the learning rate is multiplied by on a plateau. */
	public static final double PLATEAU_FACTOR = 0.5;
	/** The learning rate is never reduced below this. */
	public static final double MIN_LEARNING_RATE = 1e-5;
	/** Kernels chosen from the voxel size. */
	public static final String KERNELS_AUTO = "auto";
	/** 3x3x3 kernels at every level. */
	public static final String KERNELS_CUBIC = "cubic";

	private final int depth;
	private final int baseFilters;
	private final boolean batchNorm;
	/** "auto" (in-plane kernels where voxels are strongly anisotropic) or "cubic" (3x3x3 everywhere). */
	private final String kernels;
	private final double dropout;
	private final int[] patchSize;
	private final int batchSize;
	private final int epochs;
	private final int stepsPerEpoch;
	private final double minutes;
	private final double learningRate;
	private final long seed;
	private final double foregroundFraction;
	private final int ignoreLabel;
	private final int classes;
	private final Augmentation augmentation;
	private final LossKind loss;
	private final ClassWeighting classWeighting;
	private final double[] classWeights;
	private final double lowPercentile;
	private final double highPercentile;
	private final Clahe clahe;
	private final String[] classNames;
	private final double validationFraction;
	private final int patience;
	private final int plateauPatience;
	private final LearningRateSchedule schedule;
	private final int cacheMegabytes;

	private TrainingConfig(final Builder b) {
		depth = b.depth;
		baseFilters = b.baseFilters;
		batchNorm = b.batchNorm;
		kernels = b.kernels;
		dropout = b.dropout;
		patchSize = b.patchSize == null ? null : b.patchSize.clone();
		batchSize = b.batchSize;
		epochs = b.epochs;
		stepsPerEpoch = b.stepsPerEpoch;
		minutes = b.minutes;
		learningRate = b.learningRate;
		seed = b.seed;
		foregroundFraction = b.foregroundFraction;
		ignoreLabel = b.ignoreLabel;
		classes = b.classes;
		augmentation = b.augmentation;
		loss = b.loss;
		classWeighting = b.classWeighting;
		classWeights = b.classWeights == null ? null : b.classWeights.clone();
		lowPercentile = b.lowPercentile;
		highPercentile = b.highPercentile;
		clahe = b.clahe;
		classNames = b.classNames == null ? null : b.classNames.clone();
		validationFraction = b.validationFraction;
		patience = b.patience;
		plateauPatience = b.plateauPatience;
		schedule = b.schedule;
		cacheMegabytes = b.cacheMegabytes;
		validate();
	}

	private void validate() {
		if (epochs < 1) throw new IllegalArgumentException("Epochs must be at least 1, got " + epochs);
		if (batchSize < 1) throw new IllegalArgumentException("Batch size must be at least 1, got " + batchSize);
		if (stepsPerEpoch < 0) throw new IllegalArgumentException("Steps per epoch must be >= 0 (0 = automatic)");
		if (!(minutes >= 0) || Double.isInfinite(minutes)) throw new IllegalArgumentException(
			"Minutes must be >= 0 (0 = no time limit), got " + minutes);
		if (!(learningRate > 0 && learningRate < 1)) throw new IllegalArgumentException("Learning rate must be in " +
			"(0, 1), got " + learningRate + "; 0.001 is a good start");
		if (!(foregroundFraction >= 0 && foregroundFraction <= 1)) throw new IllegalArgumentException(
			"Foreground share must be in [0, 1], got " + foregroundFraction);
		if (patchSize != null) {
			if (patchSize.length != 3) throw new IllegalArgumentException("Patch size needs three numbers z,y,x, e.g. " +
				"16,128,128; got " + Arrays.toString(patchSize));
			for (final int p : patchSize)
				if (p < 1) throw new IllegalArgumentException("Patch sizes must be positive, got " + Arrays.toString(
					patchSize));
		}
		if (ignoreLabel < -1 || ignoreLabel > 65535) throw new IllegalArgumentException(
			"The unlabeled value must be -1 (none) or 0..65535, got " + ignoreLabel);
		if (classes < 0 || classes == 1) throw new IllegalArgumentException("Classes must be >= 2 (or 0 = from the " +
			"labels), got " + classes);
		if (classNames != null) for (final String n : classNames)
			if (n == null || n.trim().isEmpty()) throw new IllegalArgumentException("Class names must not be empty: " +
				Arrays.toString(classNames));
		if (classNames != null && classes > 0 && classNames.length != classes) throw new IllegalArgumentException(
			classNames.length + " class names given for " + classes + " classes");
		if (classWeights != null) for (final double w : classWeights)
			if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("Class weights must be >= 0, got " +
				Arrays.toString(classWeights));
		if (augmentation == null || loss == null || classWeighting == null || clahe == null || schedule == null)
			throw new IllegalArgumentException("Augmentation, loss, class weighting, CLAHE and the learning-rate " +
				"schedule must be set");
		if (!(validationFraction >= 0 && validationFraction < 1)) throw new IllegalArgumentException(
			"The validation share must be in [0, 1) (e.g. 0.1 = the last 10 % of the slices), got " + validationFraction);
		if (patience < 0 || plateauPatience < 0) throw new IllegalArgumentException("Patience must be >= 0 epochs " +
			"(0 = off)");
		if (kernels != null && !KERNELS_AUTO.equals(kernels) && !KERNELS_CUBIC.equals(kernels))
			throw new IllegalArgumentException("Kernels must be \"" + KERNELS_AUTO + "\" (1x3x3 where slices are " +
				"much thicker than pixels) or \"" + KERNELS_CUBIC + "\" (3x3x3 everywhere), got \"" + kernels + "\"");
		if (cacheMegabytes < 0) throw new IllegalArgumentException("Stack memory must be >= 0 MB (0 = automatic)");
	}

	public static Builder builder() {
		return new Builder();
	}

	public Builder toBuilder() {
		final Builder b = new Builder();
		b.depth = depth;
		b.baseFilters = baseFilters;
		b.batchNorm = batchNorm;
		b.kernels = kernels;
		b.dropout = dropout;
		b.patchSize = patchSize;
		b.batchSize = batchSize;
		b.epochs = epochs;
		b.stepsPerEpoch = stepsPerEpoch;
		b.minutes = minutes;
		b.learningRate = learningRate;
		b.seed = seed;
		b.foregroundFraction = foregroundFraction;
		b.ignoreLabel = ignoreLabel;
		b.classes = classes;
		b.augmentation = augmentation;
		b.loss = loss;
		b.classWeighting = classWeighting;
		b.classWeights = classWeights;
		b.lowPercentile = lowPercentile;
		b.highPercentile = highPercentile;
		b.clahe = clahe;
		b.classNames = classNames;
		b.validationFraction = validationFraction;
		b.patience = patience;
		b.plateauPatience = plateauPatience;
		b.schedule = schedule;
		b.cacheMegabytes = cacheMegabytes;
		return b;
	}

	public int depth() {
		return depth;
	}

	public int baseFilters() {
		return baseFilters;
	}

	public boolean batchNorm() {
		return batchNorm;
	}

	/**
	 * True if a new network takes its convolution kernels from the voxel size
	 * ({@link org.unet3d.planning.NetworkPlanner#kernelsFor}); false for 3x3x3 everywhere.
	 */
	public boolean anisotropicKernels() {
		return !KERNELS_CUBIC.equals(kernels);
	}

	public double dropout() {
		return dropout;
	}

	/** Patch size z, y, x, or null for automatic. */
	public int[] patchSize() {
		return patchSize == null ? null : patchSize.clone();
	}

	public int batchSize() {
		return batchSize;
	}

	public int epochs() {
		return epochs;
	}

	/** Steps per epoch, 0 = automatic (about four passes over the data per epoch, 25..250 steps). */
	public int stepsPerEpoch() {
		return stepsPerEpoch;
	}

	/** Wall-clock budget in minutes, 0 = none. Training stops when it is spent and keeps the best model. */
	public double minutes() {
		return minutes;
	}

	/** Initial learning rate of Adam. */
	public double learningRate() {
		return learningRate;
	}

	public long seed() {
		return seed;
	}

	/** Share of patches centered on a non-background class. */
	public double foregroundFraction() {
		return foregroundFraction;
	}

	/** Label value meaning "not annotated", excluded from the loss and the scores; -1 for none. */
	public int ignoreLabel() {
		return ignoreLabel;
	}

	/** Number of classes, or 0 to take it from the labels (largest id + 1). */
	public int classes() {
		return classes;
	}

	public Augmentation augmentation() {
		return augmentation;
	}

	public LossKind loss() {
		return loss;
	}

	/** How class weights are chosen when {@link #classWeights()} is null. */
	public ClassWeighting classWeighting() {
		return classWeighting;
	}

	/** Cross-entropy weight per class as given by the user, or null to use {@link #classWeighting()}. */
	public double[] classWeights() {
		return classWeights == null ? null : classWeights.clone();
	}

	public double lowPercentile() {
		return lowPercentile;
	}

	public double highPercentile() {
		return highPercentile;
	}

	/** Contrast enhancement after normalization ({@link Clahe#OFF} for none); stored in the model. */
	public Clahe clahe() {
		return clahe;
	}

	/** Names of the classes 0..K-1, or null for "background", "class 1", ... */
	public String[] classNames() {
		return classNames == null ? null : classNames.clone();
	}

	/**
	 * Share of the slices of each training stack (its last z-range) held out for validation when no
	 * separate validation stack is given; 0 = no validation.
	 */
	public double validationFraction() {
		return validationFraction;
	}

	/**
	 * With the {@link LearningRateSchedule#PLATEAU} schedule: stop after this many epochs without a
	 * better validation score; 0 = never. The cosine schedule plans the whole run and its best epochs
	 * come as the rate falls at its end, so it never stops early (see {@link #stopsEarly()}).
	 */
	public int patience() {
		return patience;
	}

	/**
	 * Whether training may stop before its epochs or minutes are spent: only with the plateau schedule
	 * and a patience above 0. Under the cosine schedule the model kept is still the best by validation.
	 */
	public boolean stopsEarly() {
		return schedule == LearningRateSchedule.PLATEAU && patience > 0;
	}

	/**
	 * With the {@link LearningRateSchedule#PLATEAU} schedule: halve the learning rate after this many
	 * epochs without improvement (validation score, or the training loss without validation); 0 =
	 * never.
	 */
	public int plateauPatience() {
		return plateauPatience;
	}

	/** How the learning rate changes during the run. */
	public LearningRateSchedule schedule() {
		return schedule;
	}

	/** Memory for opened training stacks in MB; 0 = automatic (half of the Java heap). */
	public int cacheMegabytes() {
		return cacheMegabytes;
	}

	public String toJson() {
		return GSON.toJson(this);
	}

	/**
	 * Reads a configuration; keys missing from the JSON (e.g. written by an older version) keep their
	 * defaults.
	 *
	 * @throws IllegalArgumentException for malformed JSON or invalid values
	 */
	public static TrainingConfig fromJson(final String json) {
		try {
			final JsonObject merged = JsonParser.parseString(builder().build().toJson()).getAsJsonObject();
			final JsonObject given = JsonParser.parseString(json).getAsJsonObject();
			// runs saved before schedules existed halved the rate on plateaus; a resumed one goes on so
			if (!given.has("schedule")) merged.addProperty("schedule", LearningRateSchedule.PLATEAU.name());
			for (final Map.Entry<String, JsonElement> e : given.entrySet())
				merged.add(e.getKey(), e.getValue());
			final TrainingConfig c = GSON.fromJson(merged, TrainingConfig.class);
			c.validate();
			return c;
		}
		catch (final JsonParseException | IllegalStateException e) {
			throw new IllegalArgumentException("Training configuration is not valid JSON: " + e.getMessage(), e);
		}
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof TrainingConfig && toJson().equals(((TrainingConfig) o).toJson());
	}

	@Override
	public int hashCode() {
		return toJson().hashCode();
	}

	@Override
	public String toString() {
		return toJson();
	}

	private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

	/** Builds a {@link TrainingConfig}. Defaults suit a first try on a laptop. */
	public static final class Builder {

		private int depth = 3;
		private int baseFilters = 16;
		private boolean batchNorm = true;
		private String kernels = KERNELS_AUTO;
		private double dropout = 0;
		private int[] patchSize;
		private int batchSize = 2;
		private int epochs = 30;
		private int stepsPerEpoch = 0;
		private double minutes = 0;
		private double learningRate = 1e-3;
		private long seed = 42;
		private double foregroundFraction = 0.5;
		private int ignoreLabel = -1;
		private int classes = 0;
		private Augmentation augmentation = Augmentation.standard();
		private LossKind loss = LossKind.CROSS_ENTROPY_AND_DICE;
		private ClassWeighting classWeighting = ClassWeighting.EQUAL;
		private double[] classWeights;
		private double lowPercentile = 1;
		private double highPercentile = 99.8;
		private Clahe clahe = Clahe.OFF;
		private String[] classNames;
		private double validationFraction = 0.1;
		private int patience = 15;
		private int plateauPatience = 5;
		private LearningRateSchedule schedule = LearningRateSchedule.COSINE;
		private int cacheMegabytes = 0;

		public Builder depth(final int v) {
			depth = v;
			return this;
		}

		public Builder baseFilters(final int v) {
			baseFilters = v;
			return this;
		}

		public Builder batchNorm(final boolean v) {
			batchNorm = v;
			return this;
		}

		/** {@link TrainingConfig#KERNELS_AUTO} (the default) or {@link TrainingConfig#KERNELS_CUBIC}. */
		public Builder kernels(final String v) {
			kernels = v == null ? KERNELS_AUTO : v.trim().toLowerCase(java.util.Locale.ROOT);
			return this;
		}

		public Builder dropout(final double v) {
			dropout = v;
			return this;
		}

		/** Patch size z, y, x; null = automatic. */
		public Builder patchSize(final int[] zyx) {
			patchSize = zyx == null ? null : zyx.clone();
			return this;
		}

		public Builder batchSize(final int v) {
			batchSize = v;
			return this;
		}

		public Builder epochs(final int v) {
			epochs = v;
			return this;
		}

		public Builder stepsPerEpoch(final int v) {
			stepsPerEpoch = v;
			return this;
		}

		public Builder minutes(final double v) {
			minutes = v;
			return this;
		}

		public Builder learningRate(final double v) {
			learningRate = v;
			return this;
		}

		public Builder seed(final long v) {
			seed = v;
			return this;
		}

		public Builder foregroundFraction(final double v) {
			foregroundFraction = v;
			return this;
		}

		public Builder ignoreLabel(final int v) {
			ignoreLabel = v;
			return this;
		}

		public Builder classes(final int v) {
			classes = v;
			return this;
		}

		/** The standard augmentation (true) or none (false). */
		public Builder augment(final boolean v) {
			augmentation = v ? Augmentation.standard() : Augmentation.none();
			return this;
		}

		public Builder augmentation(final Augmentation a) {
			augmentation = a;
			return this;
		}

		public Builder loss(final LossKind l) {
			loss = l;
			return this;
		}

		public Builder classWeighting(final ClassWeighting w) {
			classWeighting = w;
			return this;
		}

		/** Given cross-entropy weights, one per class (null = from {@link #classWeighting}). */
		public Builder classWeights(final double[] v) {
			classWeights = v == null ? null : v.clone();
			return this;
		}

		public Builder percentiles(final double low, final double high) {
			lowPercentile = low;
			highPercentile = high;
			return this;
		}

		public Builder clahe(final Clahe c) {
			clahe = c == null ? Clahe.OFF : c;
			return this;
		}

		/** Names of classes 0..K-1 (null = automatic); empty names are not allowed. */
		public Builder classNames(final String... names) {
			classNames = names == null ? null : names.clone();
			return this;
		}

		/** Share of each stack's slices held out for validation (0 = none). */
		public Builder validationFraction(final double v) {
			validationFraction = v;
			return this;
		}

		/** Early stopping: epochs without improvement before stopping (0 = never). */
		public Builder patience(final int v) {
			patience = v;
			return this;
		}

		/** Epochs without improvement before the learning rate is halved (0 = never). */
		public Builder plateauPatience(final int v) {
			plateauPatience = v;
			return this;
		}

		/** How the learning rate changes (default cosine decay over the planned run). */
		public Builder schedule(final LearningRateSchedule v) {
			schedule = v;
			return this;
		}

		/** Memory for opened training stacks in MB (0 = automatic). */
		public Builder cacheMegabytes(final int v) {
			cacheMegabytes = v;
			return this;
		}

		public TrainingConfig build() {
			return new TrainingConfig(this);
		}
	}
}
