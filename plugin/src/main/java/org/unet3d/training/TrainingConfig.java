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
import org.unet3d.data.PercentileNormalization;
import org.unet3d.data.Preprocessing;
import org.unet3d.training.loss.LossKind;

/**
 * How to train, in groups: the {@link NetworkSettings network} a new run builds, the
 * {@link SamplingSettings sampling} of patches, the {@link ScheduleSettings schedule} (how long, how
 * fast, when to stop), the {@link LossSettings loss}, the {@link LabelSettings labels}, the intensity
 * {@link Preprocessing}, and the share of each stack held out for validation, the seed and the
 * memory for opened stacks. Immutable, made with {@link #builder()} from flat settings, as the
 * options name them.
 * <p>Stored in every model file as one flat JSON object whose keys are those of the first version
 * ({@code depth}, {@code baseFilters}, ..., {@code schedule}), so older and newer versions read each
 * other's files. The groups' fields are named after these keys: each group is written and read by
 * Gson, keys missing from a file keep the fields' defaults, and keys unknown to a group are skipped.
 */
public final class TrainingConfig {

	/** Factor the learning rate is multiplied by on a plateau. */
	public static final double PLATEAU_FACTOR = 0.5;
	/** The learning rate is never reduced below this. */
	public static final double MIN_LEARNING_RATE = 1e-5;
	/** Epochs of a run given neither epochs nor a time budget. */
	public static final int DEFAULT_EPOCHS = 30;

	/** Intensity preprocessing, as its JSON keys have it; exposed as {@link Preprocessing}. */
	private static final class Intensities {

		private double lowPercentile = 1;
		private double highPercentile = 99.8;
		private Clahe clahe = Clahe.OFF;
	}

	/** The rest: validation share, seed, memory for stacks. */
	private static final class Rest {

		private double validationFraction = 0.1;
		private long seed = 42;
		private int cacheMegabytes = 0;

		private void check() {
			if (!(validationFraction >= 0 && validationFraction < 1)) throw new IllegalArgumentException(
				"The validation share must be in [0, 1) (e.g. 0.1 = the last 10 % of the slices), got " +
					validationFraction);
			if (cacheMegabytes < 0) throw new IllegalArgumentException("Stack memory must be >= 0 MB (0 = automatic)");
		}
	}

	private final NetworkSettings network;
	private final SamplingSettings sampling;
	private final ScheduleSettings schedule;
	private final LossSettings loss;
	private final LabelSettings labels;
	private final Intensities intensities;
	private final Rest rest;
	private final Preprocessing preprocessing;

	/** Takes copies of the builder's groups, so neither changes the other afterwards. */
	private TrainingConfig(final Builder b) {
		network = copy(b.network);
		sampling = copy(b.sampling);
		schedule = copy(b.schedule);
		loss = copy(b.loss);
		labels = copy(b.labels);
		intensities = copy(b.intensities);
		rest = copy(b.rest);
		network.check();
		sampling.check();
		schedule.check();
		loss.check();
		labels.check();
		rest.check();
		preprocessing = Preprocessing.of(new PercentileNormalization(intensities.lowPercentile,
			intensities.highPercentile), intensities.clahe);
	}

	/** The groups in the order of their JSON keys. */
	private Object[] groups() {
		return new Object[] { network, sampling, schedule, loss, labels, intensities, rest };
	}

	@SuppressWarnings("unchecked")
	private static <T> T copy(final T group) {
		return (T) GSON.fromJson(GSON.toJsonTree(group), group.getClass());
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding this configuration's values. */
	public Builder toBuilder() {
		return builder(toJsonTree());
	}

	/** A builder holding the values of flat JSON, each group read by Gson (missing keys keep the defaults). */
	private static Builder builder(final JsonObject json) {
		final Builder b = new Builder();
		b.network = GSON.fromJson(json, NetworkSettings.class);
		b.sampling = GSON.fromJson(json, SamplingSettings.class);
		b.schedule = GSON.fromJson(json, ScheduleSettings.class);
		b.loss = GSON.fromJson(json, LossSettings.class);
		b.labels = GSON.fromJson(json, LabelSettings.class);
		b.intensities = GSON.fromJson(json, Intensities.class);
		b.rest = GSON.fromJson(json, Rest.class);
		return b;
	}

	public NetworkSettings network() {
		return network;
	}

	public SamplingSettings sampling() {
		return sampling;
	}

	public ScheduleSettings schedule() {
		return schedule;
	}

	public LossSettings loss() {
		return loss;
	}

	public LabelSettings labels() {
		return labels;
	}

	/** Percentile normalization and CLAHE ({@link Clahe#OFF} for none), as a new model stores them. */
	public Preprocessing preprocessing() {
		return preprocessing;
	}

	/**
	 * Share of each training stack held out for validation when no separate validation stack is
	 * given (a z-range, or a y-range of every slice when some slices are unlabeled); 0 = no validation.
	 */
	public double validationFraction() {
		return rest.validationFraction;
	}

	/** Seed of the network's first weights and of the patches drawn. */
	public long seed() {
		return rest.seed;
	}

	/** Memory for opened training stacks in MB; 0 = automatic (half of the Java heap). */
	public int cacheMegabytes() {
		return rest.cacheMegabytes;
	}

	public String toJson() {
		return GSON.toJson(toJsonTree());
	}

	private JsonObject toJsonTree() {
		final JsonObject o = new JsonObject();
		for (final Object group : groups())
			for (final Map.Entry<String, JsonElement> e : GSON.toJsonTree(group).getAsJsonObject().entrySet())
				o.add(e.getKey(), e.getValue());
		// "as many epochs as the time budget allows" is left out, so versions that need epochs >= 1 keep their default
		if (schedule.epochs == 0) o.remove("epochs");
		return o;
	}

	/**
	 * Reads a configuration; keys missing from the JSON (e.g. written by an older version) keep their
	 * defaults, and keys it does not know (written by a newer one) are skipped.
	 *
	 * @throws IllegalArgumentException for malformed JSON or invalid values
	 */
	public static TrainingConfig fromJson(final String json) {
		try {
			final JsonObject given = JsonParser.parseString(json).getAsJsonObject();
			// runs saved before schedules existed halved the rate on plateaus; a resumed one goes on so
			if (!given.has("schedule")) given.addProperty("schedule", LearningRateSchedule.PLATEAU.name());
			return builder(given).build();
		}
		catch (final JsonParseException | IllegalStateException | NullPointerException e) {
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

	/**
	 * Builds a {@link TrainingConfig} from flat settings, as the options name them. Defaults (those of
	 * the groups' fields) suit a first try on a laptop.
	 */
	public static final class Builder {

		private NetworkSettings network = new NetworkSettings();
		private SamplingSettings sampling = new SamplingSettings();
		private ScheduleSettings schedule = new ScheduleSettings();
		private LossSettings loss = new LossSettings();
		private LabelSettings labels = new LabelSettings();
		private Intensities intensities = new Intensities();
		private Rest rest = new Rest();

		private Builder() {}

		/** Levels of a new network. */
		public Builder depth(final int v) {
			network.depth = v;
			return this;
		}

		public Builder baseFilters(final int v) {
			network.baseFilters = v;
			return this;
		}

		public Builder batchNorm(final boolean v) {
			network.batchNorm = v;
			return this;
		}

		public Builder kernels(final ConvolutionKernels v) {
			network.kernels = v;
			return this;
		}

		/** "auto" (the default) or "cubic", as {@link ConvolutionKernels#parse} reads them. */
		public Builder kernels(final String v) {
			return kernels(ConvolutionKernels.parse(v));
		}

		public Builder dropout(final double v) {
			network.dropout = v;
			return this;
		}

		/** Patch size z, y, x; null = automatic. */
		public Builder patchSize(final int[] zyx) {
			sampling.patchSize = zyx == null ? null : zyx.clone();
			return this;
		}

		public Builder batchSize(final int v) {
			sampling.batchSize = v;
			return this;
		}

		/** Steps per epoch (0 = automatic). */
		public Builder stepsPerEpoch(final int v) {
			sampling.stepsPerEpoch = v;
			return this;
		}

		public Builder foregroundFraction(final double v) {
			sampling.foregroundFraction = v;
			return this;
		}

		/** The standard augmentation (true) or none (false). */
		public Builder augment(final boolean v) {
			return augmentation(v ? Augmentation.standard() : Augmentation.none());
		}

		public Builder augmentation(final Augmentation a) {
			sampling.augmentation = a;
			return this;
		}

		/** Epochs; 0 (the default) = as many as the time budget allows, or 30 without one. */
		public Builder epochs(final int v) {
			schedule.epochs = v;
			return this;
		}

		/** Time budget in minutes (0 = none). */
		public Builder minutes(final double v) {
			schedule.minutes = v;
			return this;
		}

		public Builder learningRate(final double v) {
			schedule.learningRate = v;
			return this;
		}

		/** How the learning rate changes (default cosine decay over the planned run). */
		public Builder schedule(final LearningRateSchedule v) {
			schedule.schedule = v;
			return this;
		}

		/** Early stopping (plateau schedule): epochs without improvement before stopping (0 = never). */
		public Builder patience(final int v) {
			schedule.patience = v;
			return this;
		}

		/** Epochs without improvement before the learning rate is halved (0 = never). */
		public Builder plateauPatience(final int v) {
			schedule.plateauPatience = v;
			return this;
		}

		public Builder loss(final LossKind l) {
			loss.loss = l;
			return this;
		}

		public Builder classWeighting(final ClassWeighting w) {
			loss.classWeighting = w;
			return this;
		}

		/** Given cross-entropy weights, one per class (null = from {@link #classWeighting}). */
		public Builder classWeights(final double[] v) {
			loss.classWeights = v == null ? null : v.clone();
			return this;
		}

		/**
		 * Class weights as the {@code weights=} option gives them: "equal", "auto" (inverse frequency),
		 * or numbers "w0,w1,...", one per class.
		 */
		public Builder weights(final String text) {
			final String t = text == null ? "" : text.trim();
			if (!t.isEmpty() && t.matches("[\\d.,\\s]+")) {
				final String[] p = t.split("\\s*,\\s*");
				final double[] w = new double[p.length];
				for (int i = 0; i < p.length; i++)
					w[i] = Double.parseDouble(p[i]);
				return classWeighting(ClassWeighting.EQUAL).classWeights(w);
			}
			return classWeighting(ClassWeighting.parse(t)).classWeights(null);
		}

		/** Number of classes (0 = from the labels). */
		public Builder classes(final int v) {
			labels.classes = v;
			return this;
		}

		/** Names of classes 0..K-1 (null = automatic); empty names are not allowed. */
		public Builder classNames(final String... names) {
			labels.classNames = names == null ? null : names.clone();
			return this;
		}

		/** The value of unlabeled voxels (-1 = none). */
		public Builder ignoreLabel(final int v) {
			labels.ignoreLabel = v;
			return this;
		}

		public Builder percentiles(final double low, final double high) {
			intensities.lowPercentile = low;
			intensities.highPercentile = high;
			return this;
		}

		public Builder clahe(final Clahe c) {
			intensities.clahe = c == null ? Clahe.OFF : c;
			return this;
		}

		/** Share of each stack held out for validation (0 = none). */
		public Builder validationFraction(final double v) {
			rest.validationFraction = v;
			return this;
		}

		public Builder seed(final long v) {
			rest.seed = v;
			return this;
		}

		/** Memory for opened training stacks in MB (0 = automatic). */
		public Builder cacheMegabytes(final int v) {
			rest.cacheMegabytes = v;
			return this;
		}

		public TrainingConfig build() {
			return new TrainingConfig(this);
		}
	}
}
