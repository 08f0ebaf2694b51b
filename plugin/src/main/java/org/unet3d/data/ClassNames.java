package org.unet3d.data;

/** Names of the classes of a label image when the user gives none. */
public final class ClassNames {

	private ClassNames() {}

	/** "background", "class 1", "class 2", ... for label values 0 to {@code classes - 1}. */
	public static String[] defaults(final int classes) {
		final String[] n = new String[classes];
		n[0] = "background";
		for (int i = 1; i < classes; i++)
			n[i] = "class " + i;
		return n;
	}
}
