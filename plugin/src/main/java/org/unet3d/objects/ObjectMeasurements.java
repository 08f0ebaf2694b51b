package org.unet3d.objects;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.unet3d.data.VoxelSize;

/**
 * Measures every object of a label image, slab by slab so that stacks bigger than memory can be
 * measured as they are written: voxel count, calibrated volume, centroid and bounding box (z, y,
 * x, calibrated), mean, min and max intensity of an image, and whether the object touches the
 * stack border. Holds about 75 bytes per object id, nothing per voxel. Not thread-safe.
 */
public final class ObjectMeasurements {

	/** The CSV columns, in order. */
	public static final List<String> COLUMNS = java.util.Collections.unmodifiableList(Arrays.asList("id", "voxels",
		"volume", "centroid_z", "centroid_y", "centroid_x", "min_z", "min_y", "min_x", "max_z", "max_y", "max_x",
		"mean_intensity", "min_intensity", "max_intensity", "touches_border"));

	private final int width;
	private final int height;
	private final int depth;
	private final VoxelSize voxelSize;
	private final int maxId;
	private final long[] voxels;
	private final double[] sum; // 3 per id: z, y, x
	private final int[] min; // 3 per id
	private final int[] max; // 3 per id
	private final double[] intensitySum;
	private final float[] intensityMin;
	private final float[] intensityMax;
	private final boolean[] border;
	private boolean anyIntensity;
	private boolean noIntensity;
	private int nextZ;

	/**
	 * Starts measuring a stack of the given size whose ids are at most {@code maxId}.
	 */
	public ObjectMeasurements(final int width, final int height, final int depth, final VoxelSize voxelSize,
		final int maxId)
	{
		if (maxId < 0 || maxId == Integer.MAX_VALUE) throw new IllegalArgumentException("Object ids must be 0.." +
			(Integer.MAX_VALUE - 1) + ", got a largest id of " + maxId + ".");
		this.width = width;
		this.height = height;
		this.depth = depth;
		this.voxelSize = voxelSize == null ? VoxelSize.UNCALIBRATED : voxelSize;
		this.maxId = maxId;
		final int n = maxId + 1;
		voxels = new long[n];
		sum = new double[3 * n];
		min = new int[3 * n];
		max = new int[3 * n];
		Arrays.fill(min, Integer.MAX_VALUE);
		Arrays.fill(max, Integer.MIN_VALUE);
		intensitySum = new double[n];
		intensityMin = new float[n];
		intensityMax = new float[n];
		Arrays.fill(intensityMin, Float.POSITIVE_INFINITY);
		Arrays.fill(intensityMax, Float.NEGATIVE_INFINITY);
		border = new boolean[n];
	}

	/** Measures all objects of a label image in memory, with an intensity image (or null). */
	public static List<ObjectMeasurement> of(final ObjectLabels objects, final float[] intensity) {
		final StackShape s = objects.shape();
		final ObjectMeasurements m = new ObjectMeasurements(s.width(), s.height(), s.depth(), s.voxelSize(), objects
			.count());
		m.add(0, s.depth(), objects.ids(), intensity);
		return m.rows();
	}

	/**
	 * Adds the next slab, slices {@code z0 .. z0 + depth - 1}, after the slab before it.
	 *
	 * @param ids width * height * depth ids, X fastest
	 * @param intensity the image's values at the same voxels, or null; give it for all slabs or none
	 */
	public void add(final int z0, final int slabDepth, final int[] ids, final float[] intensity) {
		if (z0 != nextZ) throw new IllegalArgumentException("Slabs must come in order: expected slice " + nextZ +
			", got " + z0 + ".");
		final int n = width * height * slabDepth;
		if (ids.length < n || intensity != null && intensity.length < n) throw new IllegalArgumentException(
			"A slab of " + slabDepth + " slices needs " + n + " values.");
		if (intensity == null) noIntensity = true;
		else anyIntensity = true;
		for (int dz = 0, i = 0; dz < slabDepth; dz++) {
			final int z = z0 + dz;
			final boolean zBorder = z == 0 || z == depth - 1;
			for (int y = 0; y < height; y++) {
				final boolean yBorder = zBorder || y == 0 || y == height - 1;
				for (int x = 0; x < width; x++, i++) {
					final int id = ids[i];
					if (id == 0) continue;
					if (id < 0 || id > maxId) throw new IllegalArgumentException("Object id " + id + " at x=" + x + ", y=" + y +
						", z=" + z + " is beyond the largest id " + maxId + " given.");
					voxels[id]++;
					final int k = 3 * id;
					sum[k] += z;
					sum[k + 1] += y;
					sum[k + 2] += x;
					if (z < min[k]) min[k] = z;
					if (y < min[k + 1]) min[k + 1] = y;
					if (x < min[k + 2]) min[k + 2] = x;
					if (z > max[k]) max[k] = z;
					if (y > max[k + 1]) max[k + 1] = y;
					if (x > max[k + 2]) max[k + 2] = x;
					if (yBorder || x == 0 || x == width - 1) border[id] = true;
					if (intensity != null) {
						final float v = intensity[i];
						intensitySum[id] += v;
						if (v < intensityMin[id]) intensityMin[id] = v;
						if (v > intensityMax[id]) intensityMax[id] = v;
					}
				}
			}
		}
		nextZ = z0 + slabDepth;
	}

	/** One row per id that has voxels, in increasing id order. */
	public List<ObjectMeasurement> rows() {
		final boolean withIntensity = anyIntensity && !noIntensity;
		final double[] scale = { voxelSize.z(), voxelSize.y(), voxelSize.x() };
		final double voxelVolume = voxelSize.x() * voxelSize.y() * voxelSize.z();
		final List<ObjectMeasurement> rows = new ArrayList<>();
		for (int id = 1; id <= maxId; id++) {
			final long n = voxels[id];
			if (n == 0) continue;
			final double[] c = new double[3];
			final double[] lo = new double[3];
			final double[] hi = new double[3];
			for (int a = 0; a < 3; a++) {
				c[a] = sum[3 * id + a] / n * scale[a];
				lo[a] = min[3 * id + a] * scale[a];
				hi[a] = max[3 * id + a] * scale[a];
			}
			rows.add(new ObjectMeasurement(id, n, n * voxelVolume, c, lo, hi, withIntensity ? intensitySum[id] / n
				: Double.NaN, withIntensity ? intensityMin[id] : Double.NaN, withIntensity ? intensityMax[id] : Double.NaN,
				border[id]));
		}
		return rows;
	}

	/**
	 * The rows as CSV text: a header naming the unit (e.g. "volume (micron^3)"), then one line per
	 * object; numbers with a point as decimal separator, empty cells for intensities not measured.
	 */
	public static String csv(final List<ObjectMeasurement> rows, final String unit) {
		final String u = unit == null || unit.isEmpty() ? "pixel" : unit.replace(",", " ").replace("\"", "");
		final StringBuilder s = new StringBuilder();
		for (int c = 0; c < COLUMNS.size(); c++) {
			String name = COLUMNS.get(c);
			if (name.equals("volume")) name += " (" + u + "^3)";
			else if (name.startsWith("centroid_") || name.startsWith("min_") && !name.endsWith("intensity") || name
				.startsWith("max_") && !name.endsWith("intensity")) name += " (" + u + ")";
			s.append(c == 0 ? "" : ",").append(name);
		}
		s.append('\n');
		for (final ObjectMeasurement r : rows) {
			s.append(r.id()).append(',').append(r.voxels()).append(',').append(number(r.volume()));
			for (final double[] v : new double[][] { r.centroidZYX(), r.minZYX(), r.maxZYX() })
				for (final double d : v)
					s.append(',').append(number(d));
			s.append(',').append(number(r.meanIntensity())).append(',').append(number(r.minIntensity())).append(',')
				.append(number(r.maxIntensity())).append(',').append(r.touchesBorder()).append('\n');
		}
		return s.toString();
	}

	private static String number(final double v) {
		if (Double.isNaN(v)) return "";
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return String.format(Locale.ROOT, "%.6g", v).replaceFirst("\\.?0+(e|$)", "$1");
	}

	/**
	 * Writes the CSV text to a file atomically: into a temporary file beside it, then renamed over
	 * it, so a reader never sees half a table.
	 *
	 * @throws IOException naming the file, with nothing changed under its name
	 */
	public static void writeCsv(final List<ObjectMeasurement> rows, final String unit, final Path file)
		throws IOException
	{
		final Path target = file.toAbsolutePath();
		final Path dir = target.getParent();
		if (dir == null || !Files.isDirectory(dir)) throw new IOException("Cannot write " + target + ": the folder " +
			dir + " does not exist. Create it or choose another file.");
		final Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
		boolean done = false;
		try {
			try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
				w.write(csv(rows, unit));
			}
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
			done = true;
		}
		catch (final IOException e) {
			throw new IOException("Could not write " + target + ": " + e.getMessage() + ". Nothing was changed under " +
				"that name.", e);
		}
		finally {
			if (!done) Files.deleteIfExists(tmp);
		}
	}
}
