package org.unet3d.network;

import java.util.Locale;

/**
 * The network ran out of memory (Java heap or ND4J's native memory) for a tile or patch: the
 * message names the size that failed and a smaller one to try. {@link #isOutOfMemory} recognizes
 * the ways ND4J and JavaCPP report a failed allocation.
 */
public final class NotEnoughMemoryException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Texts by which ND4J, JavaCPP and oneDNN report a failed allocation. */
	private static final String[] SIGNS = { "cannot allocate", "physical memory usage is too high", "out of memory",
		"failed to allocate", "bad_alloc", "outofmemory" };

	public NotEnoughMemoryException(final String message, final Throwable cause) {
		super(message, cause);
	}

	/** True if {@code t}, or one of its causes, is a failed allocation. */
	public static boolean isOutOfMemory(final Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
			if (c instanceof OutOfMemoryError) return true;
			final String m = c.getMessage();
			if (m == null) continue;
			final String lower = m.toLowerCase(Locale.ROOT);
			for (final String sign : SIGNS)
				if (lower.contains(sign)) return true;
		}
		return false;
	}

	/**
	 * A size about half as large along every axis that is still a multiple of the pooling product
	 * (never below it), e.g. for "try tile=...".
	 */
	public static int[] half(final int[] zyx, final int[] multipleZYX) {
		final int[] h = new int[3];
		for (int a = 0; a < 3; a++)
			h[a] = Math.max(multipleZYX[a], zyx[a] / 2 / multipleZYX[a] * multipleZYX[a]);
		return h;
	}

	/** "z,y,x". */
	public static String zyx(final int[] s) {
		return s[0] + "," + s[1] + "," + s[2];
	}

	/** What ran out, briefly, from the first cause with a message. */
	public static String reason(final Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause())
			if (c.getMessage() != null) {
				final String m = c.getMessage();
				return m.length() > 160 ? m.substring(0, 160) + "..." : m;
			}
		return t.getClass().getSimpleName();
	}
}
