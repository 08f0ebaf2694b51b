package org.unet3d.zarr;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.unet3d.data.VoxelSize;

/**
 * The OME-NGFF {@code multiscales} description of an image (the group's {@code .zattrs}): its axes
 * with their units, and its resolution levels, each a Zarr array with its voxel size (the scale
 * transform). Reads versions 0.1 to 0.4 (Zarr v2) and writes 0.4. Axes are listed in Zarr's order,
 * slowest first; we read {@code z, y, x} and {@code c, z, y, x}, optionally after a time axis of
 * one time point. Immutable.
 */
public final class Multiscales {

	/** The version we write. */
	public static final String VERSION = "0.4";

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	/** One axis: its name (x, y, z, c or t), type (space, channel, time) and unit (may be null). */
	public static final class Axis {

		private final String name;
		private final String type;
		private final String unit;

		Axis(final String name, final String type, final String unit) {
			this.name = name;
			this.type = type;
			this.unit = unit;
		}

		public String name() {
			return name;
		}

		/** "space", "channel", "time", or null if not given. */
		public String type() {
			return type;
		}

		/** The unit as OME-NGFF names it ("micrometer"), or null. */
		public String unit() {
			return unit;
		}

		@Override
		public String toString() {
			return name;
		}
	}

	/** One resolution level: the array's path in the group and its scale per axis (Zarr order). */
	public static final class Level {

		private final String path;
		private final double[] scale;

		Level(final String path, final double[] scale) {
			this.path = path;
			this.scale = scale;
		}

		public String path() {
			return path;
		}

		/** Physical size of one voxel per axis, in the axes' order (1 for c and t). */
		public double[] scale() {
			return scale.clone();
		}
	}

	private final String name;
	private final List<Axis> axes;
	private final List<Level> levels;

	private Multiscales(final String name, final List<Axis> axes, final List<Level> levels) {
		this.name = name;
		this.axes = Collections.unmodifiableList(axes);
		this.levels = Collections.unmodifiableList(levels);
	}

	/**
	 * The description of a new image with one level, array "0": axes {@code z, y, x}, or
	 * {@code c, z, y, x} if {@code channelAxis}, with the voxel size as the scale.
	 */
	public static Multiscales forImage(final String name, final boolean channelAxis, final VoxelSize voxelSize) {
		final String unit = LengthUnits.toNgff(voxelSize.unit());
		final List<Axis> axes = new ArrayList<>();
		if (channelAxis) axes.add(new Axis("c", "channel", null));
		axes.add(new Axis("z", "space", unit));
		axes.add(new Axis("y", "space", unit));
		axes.add(new Axis("x", "space", unit));
		final double[] scale = channelAxis ? new double[] { 1, voxelSize.z(), voxelSize.y(), voxelSize.x() }
			: new double[] { voxelSize.z(), voxelSize.y(), voxelSize.x() };
		return new Multiscales(name, axes, Collections.singletonList(new Level("0", scale)));
	}

	/** The image name (may be null). */
	public String name() {
		return name;
	}

	/** The axes, slowest first (Zarr's order). */
	public List<Axis> axes() {
		return axes;
	}

	/** The resolution levels, full resolution first. */
	public List<Level> levels() {
		return levels;
	}

	/** Index of the axis named {@code name} ("c", "t", "z", ...), or -1. */
	public int axisIndex(final String axisName) {
		for (int i = 0; i < axes.size(); i++)
			if (axes.get(i).name.equals(axisName)) return i;
		return -1;
	}

	/** The voxel size of a level, in the unit of the x axis (ImageJ's name for it, e.g. "micron"). */
	public VoxelSize voxelSize(final int level) {
		final double[] s = levels.get(level).scale;
		final Axis x = axes.get(axisIndex("x"));
		final Axis y = axes.get(axisIndex("y"));
		final Axis z = axes.get(axisIndex("z"));
		return new VoxelSize(s[axisIndex("x")], s[axisIndex("y")] * LengthUnits.factor(y.unit, x.unit), s[axisIndex(
			"z")] * LengthUnits.factor(z.unit, x.unit), LengthUnits.toImageJ(x.unit));
	}

	/** The contents of the group's {@code .zattrs}. */
	public String toJson() {
		final JsonObject m = new JsonObject();
		final JsonArray ax = new JsonArray();
		for (final Axis a : axes) {
			final JsonObject o = new JsonObject();
			o.addProperty("name", a.name);
			if (a.type != null) o.addProperty("type", a.type);
			if (a.unit != null) o.addProperty("unit", a.unit);
			ax.add(o);
		}
		m.add("axes", ax);
		final JsonArray ds = new JsonArray();
		for (final Level l : levels) {
			final JsonObject scale = new JsonObject();
			scale.addProperty("type", "scale");
			scale.add("scale", GSON.toJsonTree(l.scale));
			final JsonArray transforms = new JsonArray();
			transforms.add(scale);
			final JsonObject d = new JsonObject();
			d.add("coordinateTransformations", transforms);
			d.addProperty("path", l.path);
			ds.add(d);
		}
		m.add("datasets", ds);
		if (name != null) m.addProperty("name", name);
		m.addProperty("version", VERSION);
		final JsonArray all = new JsonArray();
		all.add(m);
		final JsonObject root = new JsonObject();
		root.add("multiscales", all);
		return GSON.toJson(root) + "\n";
	}

	/**
	 * Reads the {@code multiscales} of a group's {@code .zattrs}; the first one if there are several.
	 * Versions before 0.3 do not list the axes: then {@link #axes()} is empty until
	 * {@link #withAxesFor(int)} gives the usual ones.
	 *
	 * @throws ZarrFormatException if it is missing, damaged or has axes we do not read, naming the file
	 */
	public static Multiscales parse(final String json, final Path file) throws ZarrFormatException {
		final JsonObject root;
		try {
			final JsonElement e = JsonParser.parseString(json);
			if (!e.isJsonObject()) throw ZarrFormatException.damaged(file, "it is not a JSON object");
			root = e.getAsJsonObject();
		}
		catch (final JsonParseException | IllegalStateException e) {
			throw ZarrFormatException.damaged(file, "it is not valid JSON (" + e.getMessage() + ")");
		}
		final JsonElement all = root.get("multiscales");
		if (all == null || !all.isJsonArray() || all.getAsJsonArray().size() == 0 || !all.getAsJsonArray().get(0)
			.isJsonObject()) throw new ZarrFormatException(file + " has no OME-NGFF \"multiscales\" description, so " +
				"the image's axes and voxel size are unknown. Give the path of an OME-Zarr image or of a Zarr array " +
				"inside it (e.g. " + file.getParent().resolve("0") + ").");
		final JsonObject m = all.getAsJsonArray().get(0).getAsJsonObject();
		final String version = m.has("version") ? m.get("version").getAsString() : "0.4";
		if (!Arrays.asList("0.1", "0.2", "0.3", "0.4").contains(version)) throw ZarrFormatException.unsupported(file,
			"OME-NGFF version " + version + (version.startsWith("0.5") ? " (Zarr format 3)" : "") +
				"; we read 0.1 to 0.4");
		final List<Axis> axes = axes(m.get("axes"), file);
		if (!axes.isEmpty()) checkAxes(axes, file);
		final JsonElement ds = m.get("datasets");
		if (ds == null || !ds.isJsonArray() || ds.getAsJsonArray().size() == 0) throw ZarrFormatException.damaged(file,
			"its multiscales have no datasets");
		if (axes.isEmpty() && (m.has("coordinateTransformations") || ds.toString().contains("coordinateTransformations")))
			throw ZarrFormatException.damaged(file, "its multiscales have scales but no axes");
		final double[] global = scale(m.get("coordinateTransformations"), axes.size(), file);
		final List<Level> levels = new ArrayList<>();
		for (final JsonElement d : ds.getAsJsonArray()) {
			if (!d.isJsonObject() || !d.getAsJsonObject().has("path")) throw ZarrFormatException.damaged(file,
				"a dataset of its multiscales has no path");
			final double[] s = scale(d.getAsJsonObject().get("coordinateTransformations"), axes.size(), file);
			for (int i = 0; i < s.length; i++) {
				s[i] *= global[i];
				if (!(s[i] > 0) || Double.isInfinite(s[i])) throw ZarrFormatException.damaged(file, "its scale " + Arrays
					.toString(s) + " is not positive");
			}
			levels.add(new Level(d.getAsJsonObject().get("path").getAsString(), s));
		}
		final String name = m.has("name") && m.get("name").isJsonPrimitive() ? m.get("name").getAsString() : null;
		return new Multiscales(name, axes, levels);
	}

	/**
	 * This description with the axes that versions 0.1 and 0.2 imply for arrays of {@code dimensions}
	 * axes (the last ones of t, c, z, y, x), if it lists none; else itself.
	 *
	 * @throws ZarrFormatException if {@code dimensions} is under 3 (not a z-stack), naming {@code file}
	 */
	public Multiscales withAxesFor(final int dimensions, final Path file) throws ZarrFormatException {
		if (!axes.isEmpty()) return this;
		final String[] names = { "t", "c", "z", "y", "x" };
		final List<Axis> implied = new ArrayList<>();
		for (int i = Math.max(0, names.length - dimensions); i < names.length; i++)
			implied.add(new Axis(names[i], null, null));
		if (dimensions < 3) checkAxes(implied, file);
		final List<Level> scaled = new ArrayList<>();
		for (final Level l : levels) {
			final double[] ones = new double[implied.size()];
			Arrays.fill(ones, 1);
			scaled.add(new Level(l.path, ones));
		}
		return new Multiscales(name, implied, scaled);
	}

	private static List<Axis> axes(final JsonElement json, final Path file) throws ZarrFormatException {
		final List<Axis> axes = new ArrayList<>();
		if (json == null || json.isJsonNull()) return axes;
		if (!json.isJsonArray()) throw ZarrFormatException.damaged(file, "its axes " + json + " are not a list");
		for (final JsonElement a : json.getAsJsonArray()) {
			if (a.isJsonPrimitive()) axes.add(new Axis(a.getAsString().toLowerCase(Locale.ROOT), null, null));
			else if (a.isJsonObject() && a.getAsJsonObject().has("name")) {
				final JsonObject o = a.getAsJsonObject();
				axes.add(new Axis(o.get("name").getAsString().toLowerCase(Locale.ROOT), o.has("type") ? o.get("type")
					.getAsString() : null, o.has("unit") ? o.get("unit").getAsString() : null));
			}
			else throw ZarrFormatException.damaged(file, "its axis " + a + " has no name");
		}
		return axes;
	}

	/** Axes must be [t,] [c,] z, y, x. */
	private static void checkAxes(final List<Axis> axes, final Path file) throws ZarrFormatException {
		final List<String> names = new ArrayList<>();
		for (final Axis a : axes)
			names.add(a.name);
		final int n = names.size();
		boolean ok = n >= 3 && names.subList(n - 3, n).equals(Arrays.asList("z", "y", "x"));
		final List<String> before = ok ? names.subList(0, n - 3) : names;
		ok = ok && (before.isEmpty() || before.equals(Collections.singletonList("c")) || before.equals(Collections
			.singletonList("t")) || before.equals(Arrays.asList("t", "c")));
		if (!ok) throw new ZarrFormatException(file + " describes an image with axes " + String.join(", ", names) +
			", which this plugin does not read: it reads 3D stacks with axes z, y, x or c, z, y, x (optionally " +
			"after t, with one time point). " + (n == 2 || names.size() < 3 ? "Use a z-stack." :
				"Reorder the axes, e.g. in Python: numpy.moveaxis, and save again."));
	}

	/** The product of the scale transforms in a coordinateTransformations list (all 1 if none). */
	private static double[] scale(final JsonElement transforms, final int n, final Path file)
		throws ZarrFormatException
	{
		final double[] s = new double[n];
		Arrays.fill(s, 1);
		if (transforms == null || transforms.isJsonNull()) return s;
		if (!transforms.isJsonArray()) throw ZarrFormatException.damaged(file, "its coordinateTransformations " +
			transforms + " are not a list");
		for (final JsonElement t : transforms.getAsJsonArray()) {
			if (!t.isJsonObject()) throw ZarrFormatException.damaged(file, "its transform " + t + " is not an object");
			final JsonObject o = t.getAsJsonObject();
			if (!o.has("type") || !"scale".equals(o.get("type").getAsString())) continue;
			if (o.has("path")) throw ZarrFormatException.unsupported(file, "a scale stored in a separate array (" + o
				.get("path") + ")");
			final JsonElement values = o.get("scale");
			if (values == null || !values.isJsonArray() || values.getAsJsonArray().size() != n) throw ZarrFormatException
				.damaged(file, "its scale " + values + " does not have one value per axis (" + n + ")");
			for (int i = 0; i < n; i++) {
				final JsonElement v = values.getAsJsonArray().get(i);
				if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) throw ZarrFormatException.damaged(file,
					"its scale " + values + " is not a list of numbers");
				s[i] *= v.getAsDouble();
			}
		}
		return s;
	}
}
