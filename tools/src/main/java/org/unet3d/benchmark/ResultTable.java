package org.unet3d.benchmark;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.unet3d.io.AtomicFiles;

/**
 * The result table of a benchmark that runs the user's commands stack by stack: one row per stack,
 * shown as Markdown (to paste into docs/results) and written as {@code <name>.csv} and
 * {@code <name>.md}, each atomically, so a table on disk is always complete.
 */
final class ResultTable {

	private final String[] header;

	ResultTable(final String... header) {
		this.header = header.clone();
	}

	/** Number of columns. */
	int columns() {
		return header.length;
	}

	String markdown(final List<String[]> rows) {
		final StringBuilder s = new StringBuilder("| " + String.join(" | ", header) + " |\n|");
		for (int i = 0; i < header.length; i++)
			s.append("---|");
		s.append('\n');
		for (final String[] r : rows)
			s.append("| ").append(String.join(" | ", r)).append(" |\n");
		return s.toString();
	}

	/** Writes {@code outDir/name.csv} (every cell quoted) and {@code outDir/name.md}. */
	void write(final File outDir, final String name, final List<String[]> rows) throws IOException {
		final StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
		for (final String[] r : rows) {
			for (int i = 0; i < r.length; i++)
				csv.append(i == 0 ? "" : ",").append('"').append(r[i].replace("\"", "'")).append('"');
			csv.append('\n');
		}
		final byte[] c = csv.toString().getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(new File(outDir, name + ".csv"), s -> s.write(c));
		final byte[] m = markdown(rows).getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(new File(outDir, name + ".md"), s -> s.write(m));
	}
}
