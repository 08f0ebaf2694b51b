package org.unet3d.commands;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses ImageJ macro option strings, {@code "image=a.tif model=[my model.zip] overwrite"}: values
 * with spaces in square brackets, a bare key means "true" (a checked checkbox).
 */
public final class KeyValues {

	private KeyValues() {}

	/** Keys in the order given; later duplicates win. */
	public static Map<String, String> parse(final String options) {
		final Map<String, String> map = new LinkedHashMap<>();
		if (options == null) return map;
		final String s = options.trim();
		int i = 0;
		while (i < s.length()) {
			while (i < s.length() && Character.isWhitespace(s.charAt(i)))
				i++;
			if (i >= s.length()) break;
			int j = i;
			while (j < s.length() && s.charAt(j) != '=' && !Character.isWhitespace(s.charAt(j)))
				j++;
			final String key = s.substring(i, j);
			if (j >= s.length() || s.charAt(j) != '=') {
				map.put(key, "true");
				i = j;
				continue;
			}
			j++; // skip '='
			String value;
			if (j < s.length() && s.charAt(j) == '[') {
				final int end = s.indexOf(']', j);
				if (end < 0) throw new IllegalArgumentException("Unclosed '[' in the value of " + key + ": " + options);
				value = s.substring(j + 1, end);
				i = end + 1;
			}
			else {
				int end = j;
				while (end < s.length() && !Character.isWhitespace(s.charAt(end)))
					end++;
				value = s.substring(j, end);
				i = end;
			}
			map.put(key, value);
		}
		return map;
	}

	/** Formats one key=value pair, bracketing values with spaces (the inverse of {@link #parse}). */
	public static String format(final String key, final String value) {
		return key + "=" + (value.isEmpty() || value.matches(".*\\s.*") ? "[" + value + "]" : value);
	}
}
