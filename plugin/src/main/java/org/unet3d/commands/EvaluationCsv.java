package org.unet3d.commands;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.unet3d.io.AtomicFiles;
import org.unet3d.metrics.EvaluationReport;

/**
 * Saves an {@link EvaluationReport} as three CSV files, each atomically: the per-class scores under
 * the given name, the whole-stack numbers as {@code <name>-summary.csv} and the confusion matrix as
 * {@code <name>-confusion.csv} beside it.
 */
public final class EvaluationCsv {

	private EvaluationCsv() {}

	/** The three files, per-class first. */
	public static File[] files(final File csv) {
		return new File[] { csv, beside(csv, "-summary"), beside(csv, "-confusion") };
	}

	/** Checks all three files before the evaluation starts. */
	public static void checkWritable(final File csv, final boolean overwrite) throws IOException {
		for (final File f : files(csv))
			AtomicFiles.checkWritable(f, overwrite);
	}

	public static void write(final EvaluationReport r, final File csv, final boolean overwrite) throws IOException {
		checkWritable(csv, overwrite);
		final File[] f = files(csv);
		final String[] text = { r.toCsv(), r.summaryCsv(), r.confusionMatrixCsv() };
		for (int i = 0; i < 3; i++) {
			final byte[] bytes = text[i].getBytes(StandardCharsets.UTF_8);
			AtomicFiles.write(f[i], out -> out.write(bytes));
		}
	}

	/** {@code table.csv} -> {@code table<suffix>.csv}. */
	static File beside(final File csv, final String suffix) {
		final String n = csv.getName();
		final int dot = n.lastIndexOf('.');
		return new File(csv.getAbsoluteFile().getParentFile(), dot > 0 ? n.substring(0, dot) + suffix + n.substring(dot)
			: n + suffix);
	}
}
