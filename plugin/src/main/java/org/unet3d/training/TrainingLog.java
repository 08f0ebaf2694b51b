package org.unet3d.training;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.unet3d.io.AtomicFiles;

/**
 * The training log as CSV, one row per epoch: epoch, seconds and steps since the start, learning
 * rate, mean training loss, the score the best model is chosen by, whether this epoch's model was
 * the best so far, and the validation Dice and IoU of every class (empty without validation).
 * Rewritten (atomically) after every epoch, so it can be opened while training runs.
 */
public final class TrainingLog {

	private TrainingLog() {}

	/** The CSV text of a history. */
	public static String csv(final List<EpochRecord> history, final String[] classNames) {
		final StringBuilder s = new StringBuilder("epoch,seconds,steps,learning_rate,training_loss,score,best");
		for (final String n : classNames)
			s.append(",dice_").append(column(n));
		for (final String n : classNames)
			s.append(",iou_").append(column(n));
		s.append('\n');
		for (final EpochRecord r : history) {
			s.append(r.epoch()).append(',').append(String.format(Locale.ROOT, "%.1f", r.seconds())).append(',').append(r
				.steps()).append(',').append(String.format(Locale.ROOT, "%.3g", r.learningRate())).append(',').append(num(r
					.trainingLoss())).append(',').append(num(r.score())).append(',').append(r.best() ? 1 : 0);
			for (int k = 0; k < classNames.length; k++)
				s.append(',').append(r.validated() && k < r.classes() ? num(r.dice(k)) : "");
			for (int k = 0; k < classNames.length; k++)
				s.append(',').append(r.validated() && k < r.classes() ? num(r.iou(k)) : "");
			s.append('\n');
		}
		return s.toString();
	}

	/** Writes {@link #csv} to a file, atomically. */
	public static void write(final File file, final List<EpochRecord> history, final String[] classNames)
		throws IOException
	{
		final byte[] bytes = csv(history, classNames).getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(file, out -> out.write(bytes));
	}

	private static String num(final double v) {
		return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.5f", v);
	}

	private static String column(final String name) {
		return name.trim().replaceAll("[^A-Za-z0-9]+", "_");
	}
}
