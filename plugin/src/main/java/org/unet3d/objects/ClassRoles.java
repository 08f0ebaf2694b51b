package org.unet3d.objects;

import java.util.Locale;

/**
 * Which class of a model is background and which is boundary (membranes, or the rim between
 * touching nuclei), the two roles the object makers need, guessed from the class names when the
 * user does not say: a class named like "background" is background; a class named like
 * "boundary", "membrane", "border", "edge", "wall" or "contour" is boundary; with no class named
 * background, class 0 is background unless a boundary class was found (a boundary model, e.g.
 * "interior, boundary", whose cells fill the whole stack). Immutable.
 */
public final class ClassRoles {

	private static final String[] BOUNDARY_WORDS = { "boundar", "membrane", "border", "edge", "wall", "contour",
		"outline" };

	private final int background;
	private final int boundary;

	/**
	 * @param background a class id, or {@link ClassProbabilities#NONE}
	 * @param boundary a class id, or {@link ClassProbabilities#NONE}
	 */
	public ClassRoles(final int background, final int boundary) {
		this.background = background;
		this.boundary = boundary;
	}

	/**
	 * The roles the class names suggest.
	 *
	 * @param names one per class (null or empty entries allowed)
	 */
	public static ClassRoles guess(final String[] names) {
		int boundary = ClassProbabilities.NONE;
		int background = ClassProbabilities.NONE;
		for (int k = 0; k < names.length; k++) {
			final String n = names[k] == null ? "" : names[k].toLowerCase(Locale.ROOT).trim();
			if (background == ClassProbabilities.NONE && (n.contains("background") || n.equals("bg"))) background = k;
			else if (boundary == ClassProbabilities.NONE && isBoundary(n)) boundary = k;
		}
		if (background == ClassProbabilities.NONE && boundary == ClassProbabilities.NONE && names.length > 0)
			background = 0;
		return new ClassRoles(background, boundary);
	}

	private static boolean isBoundary(final String name) {
		if (name.startsWith("non-") || name.startsWith("non ") || name.startsWith("not ")) return false;
		for (final String w : BOUNDARY_WORDS)
			if (name.contains(w)) return true;
		return false;
	}

	/** The background class, or {@link ClassProbabilities#NONE}. */
	public int background() {
		return background;
	}

	/** The boundary class, or {@link ClassProbabilities#NONE}. */
	public int boundary() {
		return boundary;
	}

	/** This with another background class. */
	public ClassRoles withBackground(final int c) {
		return new ClassRoles(c, boundary);
	}

	/** This with another boundary class. */
	public ClassRoles withBoundary(final int c) {
		return new ClassRoles(background, c);
	}

	@Override
	public String toString() {
		return "background " + name(background) + ", boundary " + name(boundary);
	}

	private static String name(final int c) {
		return c == ClassProbabilities.NONE ? "none" : "class " + c;
	}
}
