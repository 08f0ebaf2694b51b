package org.unet3d.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a model was trained, as its file tells it: epochs, steps and seconds, what ended the run,
 * the last epoch's training loss, the best epoch with its validation Dice per class, and the stacks
 * trained on; plus what a resumed run needs, the training settings and state, which this package
 * keeps as the trainer wrote them (JSON) and does not read. Stored as the {@code training} object
 * of {@code unet3d.json}, with the keys every version wrote; keys a newer version adds are skipped.
 * Immutable.
 */
public final class TrainingSummary {

	/** The summary of a model whose file says nothing about its training. */
	public static final TrainingSummary NONE = builder().build();

	private final int epochs;
	private final long steps;
	private final double seconds;
	private final String stopped;
	private final double finalLoss;
	private final int bestEpoch;
	private final Map<String, Double> validationDice;
	private final List<String> stacks;
	private final JsonObject config;
	private final JsonElement state;

	private TrainingSummary(final Builder b) {
		epochs = b.epochs;
		steps = b.steps;
		seconds = b.seconds;
		stopped = b.stopped;
		finalLoss = b.finalLoss;
		bestEpoch = b.bestEpoch;
		validationDice = Collections.unmodifiableMap(new LinkedHashMap<>(b.validationDice));
		stacks = Collections.unmodifiableList(new ArrayList<>(b.stacks));
		config = b.config == null ? null : b.config.deepCopy();
		state = b.state == null ? null : b.state.deepCopy();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** True if the file says nothing about training (a model not made by training, or a bare file). */
	public boolean isEmpty() {
		return epochs == 0 && steps == 0 && stopped.isEmpty() && config == null && state == null;
	}

	/** Epochs done since the run began (a resumed run counts on). */
	public int epochs() {
		return epochs;
	}

	/** Optimization steps done since the run began. */
	public long steps() {
		return steps;
	}

	/** Training time in seconds, setup included. */
	public double seconds() {
		return seconds;
	}

	/**
	 * What ended the run, in words ("finished 30 epochs", "stopped: time budget of 15 minutes
	 * reached", "canceled", ...), or where the run stood when a file was written during it; empty if
	 * unknown.
	 */
	public String stopped() {
		return stopped;
	}

	/** Mean training loss of the last epoch, NaN if unknown. */
	public double finalLoss() {
		return finalLoss;
	}

	/** The epoch whose model was kept by validation score, 0 without validation. */
	public int bestEpoch() {
		return bestEpoch;
	}

	/** Validation Dice of the best epoch per class name, in class order (NaN for a class absent there). */
	public Map<String, Double> validationDice() {
		return validationDice;
	}

	/** Names of the training stacks. */
	public List<String> stacks() {
		return stacks;
	}

	/** The training settings as the trainer wrote them, or null. A copy. */
	public JsonObject config() {
		return config == null ? null : config.deepCopy();
	}

	/** Where the run stood (optimizer aside) as the trainer wrote it, or null. A copy. */
	public JsonElement state() {
		return state == null ? null : state.deepCopy();
	}

	/** True if the summary holds what a resumed run needs. */
	public boolean canResume() {
		return config != null && state != null;
	}

	/**
	 * A few lines for people: epochs, steps and time, what ended the run, and the best epoch with its
	 * validation Dice per class. Empty for {@link #isEmpty() an empty} summary.
	 */
	public String describe() {
		if (isEmpty()) return "";
		final StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d epoch%s, %d steps, %s", epochs,
			epochs == 1 ? "" : "s", steps, duration(seconds)));
		if (!stopped.isEmpty()) s.append(" (").append(stopped).append(')');
		if (bestEpoch > 0 && !validationDice.isEmpty()) {
			s.append("\nBest epoch ").append(bestEpoch).append(", validation Dice:");
			String sep = " ";
			for (final Map.Entry<String, Double> e : validationDice.entrySet()) {
				s.append(sep).append(e.getKey()).append(' ').append(Double.isNaN(e.getValue()) ? "-" : String.format(
					Locale.ROOT, "%.3f", e.getValue()));
				sep = ", ";
			}
		}
		else if (epochs > 0) s.append("\nKept the last epoch (no validation)");
		if (!stacks.isEmpty()) s.append("\nTrained on: ").append(String.join(", ", stacks));
		return s.toString();
	}

	/** Seconds as people read them: "42 s", "10 min 31 s", "2 h 5 min"; "?" if not a time. */
	public static String duration(final double seconds) {
		if (!(seconds >= 0) || Double.isInfinite(seconds)) return "?";
		final long s = Math.round(seconds);
		if (s < 60) return s + " s";
		if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
		return (s / 3600) + " h " + (s % 3600 / 60) + " min";
	}

	/** The {@code training} object of {@code unet3d.json}. */
	public JsonObject toJson() {
		final JsonObject t = new JsonObject();
		if (isEmpty()) return t;
		t.addProperty("epochs", epochs);
		t.addProperty("steps", steps);
		t.addProperty("seconds", Math.round(seconds * 10) / 10.0);
		t.addProperty("stopped", stopped);
		if (!Double.isNaN(finalLoss)) t.addProperty("finalLoss", finalLoss);
		if (bestEpoch > 0) {
			t.addProperty("bestEpoch", bestEpoch);
			final JsonObject dice = new JsonObject();
			for (final Map.Entry<String, Double> e : validationDice.entrySet())
				dice.addProperty(e.getKey(), Double.isNaN(e.getValue()) ? null : e.getValue());
			t.add("validationDice", dice);
		}
		final JsonArray names = new JsonArray();
		for (final String n : stacks)
			names.add(n);
		t.add("stacks", names);
		if (config != null) t.add("config", config.deepCopy());
		if (state != null) t.add("state", state.deepCopy());
		return t;
	}

	/**
	 * Reads the {@code training} object of any version's {@code unet3d.json}; missing keys mean
	 * "unknown".
	 *
	 * @throws IllegalStateException or ClassCastException if a key holds the wrong kind of value
	 */
	public static TrainingSummary fromJson(final JsonObject t) {
		final Builder b = builder();
		if (t == null) return b.build();
		if (has(t, "epochs")) b.epochs = t.get("epochs").getAsInt();
		if (has(t, "steps")) b.steps = t.get("steps").getAsLong();
		if (has(t, "seconds")) b.seconds = t.get("seconds").getAsDouble();
		if (has(t, "stopped")) b.stopped = t.get("stopped").getAsString();
		if (has(t, "finalLoss")) b.finalLoss = t.get("finalLoss").getAsDouble();
		if (has(t, "bestEpoch")) b.bestEpoch = t.get("bestEpoch").getAsInt();
		if (has(t, "validationDice")) for (final Map.Entry<String, JsonElement> e : t.getAsJsonObject("validationDice")
			.entrySet())
			b.validationDice.put(e.getKey(), e.getValue().isJsonNull() ? Double.NaN : e.getValue().getAsDouble());
		if (has(t, "stacks")) for (final JsonElement e : t.getAsJsonArray("stacks"))
			b.stacks.add(e.getAsString());
		if (has(t, "config")) b.config = t.getAsJsonObject("config");
		if (has(t, "state")) b.state = t.get("state");
		return b.build();
	}

	private static boolean has(final JsonObject o, final String key) {
		return o.has(key) && !o.get(key).isJsonNull();
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof TrainingSummary && toJson().equals(((TrainingSummary) o).toJson());
	}

	@Override
	public int hashCode() {
		return toJson().hashCode();
	}

	@Override
	public String toString() {
		return describe();
	}

	/** Builds a {@link TrainingSummary}; everything left out is unknown. */
	public static final class Builder {

		private int epochs;
		private long steps;
		private double seconds;
		private String stopped = "";
		private double finalLoss = Double.NaN;
		private int bestEpoch;
		private final Map<String, Double> validationDice = new LinkedHashMap<>();
		private final List<String> stacks = new ArrayList<>();
		private JsonObject config;
		private JsonElement state;

		private Builder() {}

		/** Epochs and steps done, and the seconds they took. */
		public Builder progress(final int epochsDone, final long stepsDone, final double secondsSpent) {
			epochs = epochsDone;
			steps = stepsDone;
			seconds = secondsSpent;
			return this;
		}

		public Builder stopped(final String why) {
			stopped = why == null ? "" : why;
			return this;
		}

		public Builder finalLoss(final double loss) {
			finalLoss = loss;
			return this;
		}

		/** The best epoch and its validation Dice per class name, in class order. */
		public Builder best(final int epoch, final Map<String, Double> dice) {
			bestEpoch = epoch;
			validationDice.clear();
			validationDice.putAll(dice);
			return this;
		}

		public Builder stacks(final List<String> names) {
			stacks.clear();
			stacks.addAll(names);
			return this;
		}

		/** What a resumed run needs: the training settings and state, as the trainer writes them. */
		public Builder resumeWith(final JsonObject trainingConfig, final JsonElement trainingState) {
			config = trainingConfig;
			state = trainingState;
			return this;
		}

		public TrainingSummary build() {
			return new TrainingSummary(this);
		}
	}
}
