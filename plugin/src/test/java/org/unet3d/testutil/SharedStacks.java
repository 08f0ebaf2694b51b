package org.unet3d.testutil;

import static org.junit.Assume.assumeTrue;

import java.io.File;

/**
 * The real annotated stacks in {@code ../shared/sample-stacks} (present in CI, absent in a user's
 * fresh clone). Tests that need them call {@link #folder(String)}, which skips the test, saying
 * why, when the stacks are not there.
 */
public final class SharedStacks {

	private SharedStacks() {}

	/** The shared folder: system property {@code unet3d.shared} (set by Maven), else ../shared. */
	public static File root() {
		return new File(System.getProperty("unet3d.shared", "../shared"));
	}

	/** A stack's folder, e.g. "isbi2012-em-membranes"; skips the calling test if it is missing. */
	public static File folder(final String name) {
		final File f = new File(new File(root(), "sample-stacks"), name);
		if (!new File(f, "image.tif").isFile()) {
			System.err.println("SKIPPED: " + f + " not found (the shared sample stacks are not beside this clone).");
			assumeTrue("shared stack " + f + " not found", false);
		}
		return f;
	}
}
