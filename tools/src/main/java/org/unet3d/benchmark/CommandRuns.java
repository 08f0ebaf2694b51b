package org.unet3d.benchmark;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;

import org.unet3d.io.TiffIO;

/**
 * What the benchmarks that run the user's commands share: taking their own options out of the
 * command line, printing a command as the user would type it, opening its images as TIFF, the
 * number format of the tables, and the machine's load around a run.
 */
final class CommandRuns {

	private CommandRuns() {}

	/** Removes {@code key} from the options; its value, or {@code def}. */
	static String take(final Map<String, String> o, final String key, final String def) {
		final String v = o.remove(key);
		return v == null ? def : v;
	}

	/** {@code key=value key=value ...}, as typed after the command's name. */
	static String join(final Map<String, String> kv) {
		final StringBuilder s = new StringBuilder();
		for (final Map.Entry<String, String> e : kv.entrySet())
			s.append(s.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
		return s.toString();
	}

	/** Three decimals, or NaN. */
	static String f(final double v) {
		return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.3f", v);
	}

	/** The one-minute load average (Linux), or "?". */
	static String loadAverage() {
		try {
			final String l = new String(Files.readAllBytes(new File("/proc/loadavg").toPath()), StandardCharsets.UTF_8);
			return l.split(" ")[0];
		}
		catch (final IOException | RuntimeException e) {
			return "?";
		}
	}

	/** Opens a command's image parameter from its TIFF file (for {@code CommandRunner}). */
	static ImagePlus open(final String key, final String value) throws IOException {
		return TiffIO.open(new File(value));
	}
}
