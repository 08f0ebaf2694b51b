package org.unet3d.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;


import org.unet3d.data.Clahe;
import org.unet3d.data.ClassNames;
import org.unet3d.data.NormalizationStats;
import org.unet3d.data.PercentileNormalization;
import org.unet3d.data.Preprocessing;
import org.unet3d.data.VoxelSize;
import org.unet3d.network.UNet3DConfig;

/**
 * Everything a model file says about its network besides the weights: format version, the
 * network's shape, class names, training patch size (z, y, x), how intensities were normalized,
 * optional CLAHE contrast enhancement, the voxel size it was trained at, and the
 * {@link TrainingSummary}. Stored as {@code unet3d.json} inside the model file. Immutable; JSON
 * round trip.
 */
public final class ModelMetadata {

	/** The model file format this code writes; it reads this and older versions. */
	public static final int FORMAT_VERSION = 1;

	private final int formatVersion;
	private final String software;
	private final String created;
	private final UNet3DConfig network;
	private final String[] classNames;
	private final int[] patchSize;
	private final PercentileNormalization normalization;
	private final Clahe clahe;
	private final NormalizationStats trainingStats;
	private final VoxelSize voxelSize;
	private final TrainingSummary training;

	private ModelMetadata(final Builder b) {
		this.formatVersion = b.formatVersion;
		this.software = b.software;
		this.created = b.created;
		this.network = b.network;
		this.classNames = b.classNames.clone();
		this.patchSize = b.patchSize.clone();
		this.normalization = b.normalization;
		this.clahe = b.clahe;
		this.trainingStats = b.trainingStats;
		this.voxelSize = b.voxelSize;
		this.training = b.training == null ? TrainingSummary.NONE : b.training;
		if (network == null) throw new IllegalArgumentException("Model metadata needs the network configuration");
		if (classNames.length != network.classes()) throw new IllegalArgumentException("Model metadata names " +
			classNames.length + " classes but the network has " + network.classes());
		network.checkSize(patchSize, "Patch size");
		if (trainingStats != null && trainingStats.channels() != network.inputChannels())
			throw new IllegalArgumentException("Normalization has " + trainingStats.channels() + " channels, network " +
				network.inputChannels());
	}

	public static Builder builder() {
		return new Builder();
	}

	public Builder toBuilder() {
		final Builder b = new Builder();
		b.formatVersion = formatVersion;
		b.software = software;
		b.created = created;
		b.network = network;
		b.classNames = classNames.clone();
		b.patchSize = patchSize.clone();
		b.normalization = normalization;
		b.clahe = clahe;
		b.trainingStats = trainingStats;
		b.voxelSize = voxelSize;
		b.training = training;
		return b;
	}

	public int formatVersion() {
		return formatVersion;
	}

	/** Name and version of the software that wrote the model. */
	public String software() {
		return software;
	}

	/** When the model was written (ISO-8601). */
	public String created() {
		return created;
	}

	public UNet3DConfig network() {
		return network;
	}

	public int classes() {
		return network.classes();
	}

	public int inputChannels() {
		return network.inputChannels();
	}

	public String[] classNames() {
		return classNames.clone();
	}

	/** Training patch size, z, y, x. */
	public int[] patchSize() {
		return patchSize.clone();
	}

	public PercentileNormalization normalization() {
		return normalization;
	}

	/** Contrast enhancement applied after normalization ({@link Clahe#OFF} if none). */
	public Clahe clahe() {
		return clahe;
	}

	/**
	 * Everything done to intensities before the network: normalization, then CLAHE. Segmentation
	 * must read stacks through {@code preprocessing().prepare(image, stats, progress)}.
	 */
	public Preprocessing preprocessing() {
		return Preprocessing.of(normalization, clahe);
	}

	/** Intensity range of the training data (null if unknown). */
	public NormalizationStats trainingStats() {
		return trainingStats;
	}

	public VoxelSize voxelSize() {
		return voxelSize;
	}

	/** How the model was trained (epochs, time, what ended the run, validation Dice). */
	public TrainingSummary training() {
		return training;
	}

	/** A short human-readable description for dialogs and {@code info}. */
	public String describe() {
		final StringBuilder s = new StringBuilder();
		s.append("Classes: ");
		for (int k = 0; k < classNames.length; k++)
			s.append(k == 0 ? "" : ", ").append(k).append(" = ").append(classNames[k]);
		s.append("\nInput channels: ").append(network.inputChannels());
		s.append("\nPatch size (z,y,x): ").append(patchSize[0]).append(',').append(patchSize[1]).append(',').append(
			patchSize[2]);
		s.append("\nVoxel size: ").append(voxelSize);
		s.append("\nNetwork: ").append(network);
		s.append("\nNormalization: ").append(normalization);
		if (!clahe.isOff()) s.append("\nContrast enhancement: ").append(clahe);
		s.append("\nWritten by: ").append(software).append(" on ").append(created);
		if (!training.isEmpty()) s.append("\nTraining: ").append(training.describe().replace("\n", "\n  "));
		return s.toString();
	}

	public String toJson() {
		final JsonObject o = new JsonObject();
		o.addProperty("formatVersion", formatVersion);
		o.addProperty("software", software);
		o.addProperty("created", created);
		o.add("network", JsonParser.parseString(network.toJson()));
		o.add("classNames", GSON.toJsonTree(classNames));
		o.add("patchSize", GSON.toJsonTree(patchSize));
		final JsonObject norm = new JsonObject();
		norm.addProperty("method", "percentile");
		norm.addProperty("lowPercentile", normalization.lowPercentile());
		norm.addProperty("highPercentile", normalization.highPercentile());
		if (trainingStats != null) {
			final double[] lo = new double[trainingStats.channels()];
			final double[] hi = new double[trainingStats.channels()];
			for (int c = 0; c < lo.length; c++) {
				lo[c] = trainingStats.low(c);
				hi[c] = trainingStats.high(c);
			}
			norm.add("trainingLow", GSON.toJsonTree(lo));
			norm.add("trainingHigh", GSON.toJsonTree(hi));
		}
		if (!clahe.isOff()) norm.add("clahe", JsonParser.parseString(clahe.toJson()));
		o.add("normalization", norm);
		final JsonObject vs = new JsonObject();
		vs.addProperty("x", voxelSize.x());
		vs.addProperty("y", voxelSize.y());
		vs.addProperty("z", voxelSize.z());
		vs.addProperty("unit", voxelSize.unit());
		o.add("voxelSize", vs);
		o.add("training", training.toJson());
		return GSON.toJson(o);
	}

	/**
	 * Reads metadata written by {@link #toJson()}.
	 *
	 * @throws IllegalArgumentException naming what is missing or wrong, or that the file comes from
	 *           a newer version of the plugin
	 */
	public static ModelMetadata fromJson(final String json) {
		final JsonObject o;
		try {
			o = JsonParser.parseString(json).getAsJsonObject();
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException("Model description (unet3d.json) is not valid JSON: " + e.getMessage(), e);
		}
		try {
			final Builder b = new Builder();
			b.formatVersion = o.get("formatVersion").getAsInt();
			if (b.formatVersion > FORMAT_VERSION) throw new IllegalArgumentException("This model was written in format " +
				"version " + b.formatVersion + " by " + str(o, "software") + "; this plugin reads versions up to " +
				FORMAT_VERSION + ". Update the 3D U-Net plugin to use it.");
			b.software = str(o, "software");
			b.created = str(o, "created");
			b.network = UNet3DConfig.fromJson(GSON.toJson(o.get("network")));
			b.classNames = GSON.fromJson(o.get("classNames"), String[].class);
			b.patchSize = GSON.fromJson(o.get("patchSize"), int[].class);
			final JsonObject norm = o.getAsJsonObject("normalization");
			b.normalization = new PercentileNormalization(norm.get("lowPercentile").getAsDouble(), norm.get(
				"highPercentile").getAsDouble());
			if (norm.has("trainingLow")) b.trainingStats = new NormalizationStats(GSON.fromJson(norm.get("trainingLow"),
				double[].class), GSON.fromJson(norm.get("trainingHigh"), double[].class));
			if (norm.has("clahe")) b.clahe = Clahe.fromJson(GSON.toJson(norm.get("clahe")));
			final JsonObject vs = o.getAsJsonObject("voxelSize");
			b.voxelSize = new VoxelSize(vs.get("x").getAsDouble(), vs.get("y").getAsDouble(), vs.get("z").getAsDouble(),
				str(vs, "unit"));
			final JsonElement t = o.get("training");
			b.training = TrainingSummary.fromJson(t != null && t.isJsonObject() ? t.getAsJsonObject() : null);
			return b.build();
		}
		catch (final NullPointerException | IllegalStateException | ClassCastException
			| com.google.gson.JsonParseException e)
		{
			throw new IllegalArgumentException("Model description (unet3d.json) is incomplete or damaged: " + e, e);
		}
	}

	private static String str(final JsonObject o, final String key) {
		final JsonElement e = o.get(key);
		return e == null || e.isJsonNull() ? "" : e.getAsString();
	}

	@Override
	public String toString() {
		return describe();
	}

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

	/** Builds {@link ModelMetadata}; network, class names and patch size are required. */
	public static final class Builder {

		private int formatVersion = FORMAT_VERSION;
		private String software = Version.describe();
		private String created = java.time.OffsetDateTime.now().withNano(0).toString();
		private UNet3DConfig network;
		private String[] classNames;
		private int[] patchSize;
		private PercentileNormalization normalization = PercentileNormalization.standard();
		private Clahe clahe = Clahe.OFF;
		private NormalizationStats trainingStats;
		private VoxelSize voxelSize = VoxelSize.UNCALIBRATED;
		private TrainingSummary training;

		public Builder network(final UNet3DConfig c) {
			this.network = c;
			if (classNames == null || classNames.length != c.classes()) classNames = ClassNames.defaults(c.classes());
			return this;
		}

		public Builder classNames(final String... names) {
			this.classNames = names.clone();
			return this;
		}

		public Builder patchSize(final int[] zyx) {
			this.patchSize = zyx.clone();
			return this;
		}

		public Builder normalization(final PercentileNormalization n) {
			this.normalization = n;
			return this;
		}

		/** Contrast enhancement after normalization; {@link Clahe#OFF} (the default) for none. */
		public Builder clahe(final Clahe c) {
			this.clahe = c == null ? Clahe.OFF : c;
			return this;
		}

		/** Normalization and CLAHE in one. */
		public Builder preprocessing(final Preprocessing p) {
			this.normalization = p.normalization();
			this.clahe = p.clahe();
			return this;
		}

		public Builder trainingStats(final NormalizationStats s) {
			this.trainingStats = s;
			return this;
		}

		public Builder voxelSize(final VoxelSize v) {
			this.voxelSize = v;
			return this;
		}

		public Builder training(final TrainingSummary summary) {
			this.training = summary;
			return this;
		}

		/** Stamps the current software version and time (used when a model is saved). */
		public Builder stamp() {
			this.formatVersion = FORMAT_VERSION;
			this.software = Version.describe();
			this.created = java.time.OffsetDateTime.now().withNano(0).toString();
			return this;
		}

		public ModelMetadata build() {
			if (classNames == null) throw new IllegalArgumentException("Model metadata needs class names");
			if (patchSize == null) throw new IllegalArgumentException("Model metadata needs the patch size");
			return new ModelMetadata(this);
		}
	}

	@Override
	public boolean equals(final Object obj) {
		return obj instanceof ModelMetadata && toJson().equals(((ModelMetadata) obj).toJson());
	}

	@Override
	public int hashCode() {
		return toJson().hashCode();
	}

}
