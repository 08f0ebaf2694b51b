package org.unet3d.commands;

import java.util.Locale;

import org.unet3d.objects.ClassProbabilities;
import org.unet3d.objects.ClassRoles;
import org.unet3d.objects.Connectivity;
import org.unet3d.objects.ObjectMode;
import org.unet3d.objects.ObjectOptions;
import org.unet3d.objects.SeedSource;

/**
 * The object keys of {@code segment} and {@code label-objects} as the user gives them (mode, seeds,
 * seed height and distance, minimum volume, connectivity, threshold, which class is background and
 * which boundary), turned into {@link ObjectOptions} and {@link ClassRoles}, with a message naming
 * the key and its valid values for anything that does not parse. Class roles left on "auto" are
 * guessed from the model's class names ({@link ClassRoles#guess}).
 */
final class ObjectSettings {

	/** The mode value that makes no objects (segment's default). */
	static final String NONE = "none";
	/** The class-role value that means "from the class names". */
	static final String AUTO = "auto";

	/** Bytes per voxel the watershed modes need beyond the probabilities (measured: about 30). */
	static final long WORK_BYTES_PER_VOXEL = 30;

	private final String mode;
	private final String seeds;
	private final String seedHeight;
	private final double seedDistance;
	private final double minVolume;
	private final String connectivity;
	private final double threshold;
	private final String backgroundClass;
	private final String boundaryClass;

	ObjectSettings(final String mode, final String seeds, final String seedHeight, final double seedDistance,
		final double minVolume, final String connectivity, final double threshold, final String backgroundClass,
		final String boundaryClass)
	{
		this.mode = trim(mode);
		this.seeds = trim(seeds);
		this.seedHeight = trim(seedHeight);
		this.seedDistance = seedDistance;
		this.minVolume = minVolume;
		this.connectivity = trim(connectivity);
		this.threshold = threshold;
		this.backgroundClass = trim(backgroundClass);
		this.boundaryClass = trim(boundaryClass);
	}

	private static String trim(final String s) {
		return s == null ? "" : s.trim();
	}

	/** True unless the mode is empty or "none". */
	boolean wanted() {
		return !mode.isEmpty() && !mode.equalsIgnoreCase(NONE);
	}

	/** @throws IllegalArgumentException for an unknown mode, listing the modes */
	ObjectMode mode() {
		for (final ObjectMode m : ObjectMode.values())
			if (m.name().equalsIgnoreCase(mode)) return m;
		throw new IllegalArgumentException("objects=" + mode + " is not a way of making objects: use nuclei (blobs " +
			"split by a seeded watershed), cells (cells grown over their membranes) or components (connected " +
			"components of each class).");
	}

	/**
	 * The background and boundary classes: those given, and for "auto" those the class names suggest.
	 *
	 * @param names the class names (e.g. the model's), or null if unknown
	 * @param classes the number of classes
	 * @throws IllegalArgumentException for a class that is not a number, name, "none" or "auto", or
	 *           that the model does not have, naming the classes
	 */
	ClassRoles roles(final String[] names, final int classes) {
		ClassRoles r = ClassRoles.guess(names != null ? names : defaultNames(classes));
		if (!isAuto(backgroundClass)) r = r.withBackground(classId(backgroundClass, "backgroundClass", names, classes));
		if (!isAuto(boundaryClass)) r = r.withBoundary(classId(boundaryClass, "boundaryClass", names, classes));
		if (r.background() != ClassProbabilities.NONE && r.background() == r.boundary()) throw new IllegalArgumentException(
			"Class " + r.background() + " cannot be both background and boundary: set backgroundClass and boundaryClass " +
				"to different classes (" + describe(names, classes) + "), or one of them to none.");
		int objectClasses = classes;
		if (r.background() != ClassProbabilities.NONE) objectClasses--;
		if (r.boundary() != ClassProbabilities.NONE) objectClasses--;
		if (objectClasses < 1) throw new IllegalArgumentException("Of the " + classes + " classes (" + describe(names,
			classes) + "), class " + r.background() + " is background and class " + r.boundary() + " boundary: there is " +
			"no foreground class to make objects of. Set backgroundClass or boundaryClass to none, or use a model " +
			"trained with an object class.");
		return r;
	}

	private static String[] defaultNames(final int classes) {
		final String[] n = new String[classes];
		for (int k = 0; k < classes; k++)
			n[k] = k == 0 ? "background" : "class " + k;
		return n;
	}

	private static boolean isAuto(final String v) {
		return v.isEmpty() || v.equalsIgnoreCase(AUTO);
	}

	private static int classId(final String v, final String key, final String[] names, final int classes) {
		if (v.equalsIgnoreCase(NONE) || v.equals("-1")) return ClassProbabilities.NONE;
		int c = -1;
		if (v.matches("\\d+")) c = Integer.parseInt(v);
		else if (names != null) for (int k = 0; k < names.length; k++)
			if (v.equalsIgnoreCase(names[k])) c = k;
		if (c >= 0 && c < classes) return c;
		throw new IllegalArgumentException(key + "=" + v + " is not one of the " + classes + " classes (" + describe(
			names, classes) + "). Give a class id or name, none, or auto (from the class names).");
	}

	private static String describe(final String[] names, final int classes) {
		final StringBuilder s = new StringBuilder();
		for (int k = 0; k < classes; k++)
			s.append(k == 0 ? "" : ", ").append(k).append(names != null && k < names.length ? " = " + names[k] : "");
		return s.toString();
	}

	/**
	 * The options of the chosen mode for these class roles. Seeds "auto" are distance maxima, for
	 * nuclei of the foreground, for cells of the interiors (where the boundary probability is low):
	 * interior regions as seeds need a boundary prediction without gaps, and one gap in a network's
	 * membrane joins two cells' interiors into one seed (measured in
	 * docs/results/2026-12-06-objects-accuracy.md: on the ovule, 3 cells instead of 40).
	 *
	 * @throws IllegalArgumentException for a value out of range, naming the key
	 */
	ObjectOptions options(final ClassRoles roles, final int classes) {
		final ObjectMode m = mode();
		final ObjectOptions.Builder b = ObjectOptions.builder(m).connectivity(connectivity()).threshold(threshold)
			.minSeedDistance(seedDistance).minVolume(minVolume).maximaHeight(seedHeight());
		if (seeds.isEmpty() || seeds.equalsIgnoreCase(AUTO)) b.seeds(SeedSource.DISTANCE_MAXIMA);
		else if (seeds.equalsIgnoreCase("distance")) b.seeds(SeedSource.DISTANCE_MAXIMA);
		else if (seeds.equalsIgnoreCase("interiors")) b.seeds(SeedSource.INTERIORS);
		else throw new IllegalArgumentException("seeds=" + seeds + " is not a seed source: use auto, distance (maxima " +
			"of the distance to the background) or interiors (regions of low boundary probability).");
		final ObjectOptions o;
		try {
			o = b.build();
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(e.getMessage() + " (keys: threshold, seedHeight, seedDistance, " +
				"minVolume)", e);
		}
		checkRoles(o, roles, classes);
		return o;
	}

	/** The roles a mode needs, checked before any work (the object makers would find out only after it). */
	private static void checkRoles(final ObjectOptions o, final ClassRoles roles, final int classes) {
		if (o.mode() == ObjectMode.NUCLEI && roles.background() == ClassProbabilities.NONE)
			throw new IllegalArgumentException("Nuclei are found in the foreground, but no class is marked as background " +
				"among the " + classes + " classes. Say which class is background (backgroundClass=), or use " +
				"objects=cells for a boundary-only model.");
		final boolean needsBoundary = o.mode() == ObjectMode.CELLS || o.mode() == ObjectMode.NUCLEI && o
			.seeds() == SeedSource.INTERIORS;
		if (needsBoundary && roles.boundary() == ClassProbabilities.NONE) throw new IllegalArgumentException((o
			.mode() == ObjectMode.CELLS ? "Cells need" : "Interior seeds need") + " a boundary class (membranes, or the " +
			"rim between touching nuclei), but none of the " + classes + " classes is marked as boundary. Say which " +
			"class is boundary (boundaryClass=)" + (o.mode() == ObjectMode.NUCLEI ? ", or use seeds=distance."
				: ", or use objects=nuclei for blobs in a foreground."));
	}

	private Connectivity connectivity() {
		if (connectivity.isEmpty() || connectivity.equals("6")) return Connectivity.SIX;
		if (connectivity.equals("26")) return Connectivity.TWENTY_SIX;
		throw new IllegalArgumentException("connectivity=" + connectivity + " is not a connectivity: use 6 (voxels " +
			"touch by a face) or 26 (also by an edge or corner).");
	}

	private double seedHeight() {
		if (seedHeight.isEmpty() || seedHeight.equalsIgnoreCase(AUTO)) return Double.NaN;
		try {
			return Double.parseDouble(seedHeight);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("seedHeight=" + seedHeight + " is not a number: give h in calibrated " +
				"units (e.g. 0.3 for micron), or leave it empty for " + ObjectOptions.DEFAULT_MAXIMA_HEIGHT_IN_VOXELS +
				" voxels.");
		}
	}

	/**
	 * Checks that the watershed modes' work fits in the Java heap (4 bytes per voxel and class for
	 * the probabilities plus {@link #WORK_BYTES_PER_VOXEL}); components need no check (they can
	 * work slab by slab).
	 *
	 * @throws IllegalArgumentException naming the memory needed and the ways out
	 */
	static void checkMemory(final ObjectMode mode, final long voxels, final int classes) {
		if (mode == ObjectMode.COMPONENTS) return;
		final long needed = voxels * (4L * classes + WORK_BYTES_PER_VOXEL);
		final long max = Runtime.getRuntime().maxMemory();
		if (voxels > Integer.MAX_VALUE - 8 || needed > 0.8 * max) throw new IllegalArgumentException(String.format(
			Locale.ROOT, "Making %s objects of this stack (%d voxels) needs about %.1f GB of memory, but Java has at most " +
				"%.1f GB. Crop the stack, give Java more memory (-Xmx, or Edit > Options > Memory & Threads), or use " +
				"objects=components, which works slab by slab.", mode.name().toLowerCase(Locale.ROOT), voxels, needed / 1e9,
			max / 1e9));
	}
}
