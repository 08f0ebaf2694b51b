package org.unet3d.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.unet3d.io.AtomicFiles;

/**
 * Draws the training curve as a PNG without a screen (works headless): the mean training loss per
 * epoch (left axis) and the validation Dice of every class (right axis, 0 to 1) against the epoch,
 * the best epoch marked. Written next to the model after every epoch.
 */
public final class TrainingCurve {

	private static final Color[] CLASS_COLORS = { new Color(120, 120, 120), new Color(214, 39, 40), new Color(44, 160,
		44), new Color(255, 127, 14), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
		new Color(23, 190, 207) };
	private static final Color LOSS_COLOR = new Color(31, 119, 180);

	private TrainingCurve() {}

	/** The curve as an image of the given size. */
	public static BufferedImage draw(final List<EpochRecord> history, final String[] classNames, final int width,
		final int height)
	{
		final BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = img.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, width, height);
			final int left = 70;
			final int right = width - 60;
			final int top = 40;
			final int bottom = height - 50;
			g.setColor(Color.BLACK);
			g.drawRect(left, top, right - left, bottom - top);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
			final int epochs = history.isEmpty() ? 1 : Math.max(1, history.get(history.size() - 1).epoch());
			double maxLoss = 0;
			for (final EpochRecord r : history)
				if (!Double.isNaN(r.trainingLoss())) maxLoss = Math.max(maxLoss, r.trainingLoss());
			if (maxLoss <= 0) maxLoss = 1;
			// axes
			g.drawString("epoch", (left + right) / 2 - 15, height - 12);
			for (int i = 0; i <= 4; i++) {
				final int y = bottom - i * (bottom - top) / 4;
				g.setColor(new Color(230, 230, 230));
				g.drawLine(left + 1, y, right - 1, y);
				g.setColor(LOSS_COLOR);
				g.drawString(String.format(Locale.ROOT, "%.3g", maxLoss * i / 4), 8, y + 4);
				g.setColor(Color.BLACK);
				g.drawString(String.format(Locale.ROOT, "%.2f", i / 4.0), right + 6, y + 4);
			}
			g.drawString("1", left, bottom + 16);
			g.drawString(String.valueOf(epochs), right - 10, bottom + 16);
			g.setColor(LOSS_COLOR);
			g.drawString("training loss", left, top - 22);
			g.setColor(Color.BLACK);
			g.drawString("validation Dice", right - 90, top - 22);
			int legendX = left + 100;
			final boolean validated = !history.isEmpty() && history.get(history.size() - 1).validated();
			if (validated) for (int k = 0; k < classNames.length; k++) {
				g.setColor(CLASS_COLORS[k % CLASS_COLORS.length]);
				g.drawString(classNames[k], legendX, top - 8);
				legendX += g.getFontMetrics().stringWidth(classNames[k]) + 14;
			}
			g.setStroke(new BasicStroke(2f));
			// loss
			plot(g, history, epochs, left, right, top, bottom, -1, maxLoss, LOSS_COLOR);
			if (validated) for (int k = 0; k < classNames.length; k++)
				plot(g, history, epochs, left, right, top, bottom, k, 1, CLASS_COLORS[k % CLASS_COLORS.length]);
			// best epoch
			for (final EpochRecord r : history)
				if (r.best()) {
					final int x = xOf(r.epoch(), epochs, left, right);
					g.setColor(new Color(0, 0, 0, 60));
					g.setStroke(new BasicStroke(1f));
					g.drawLine(x, top, x, bottom);
				}
		}
		finally {
			g.dispose();
		}
		return img;
	}

	private static void plot(final Graphics2D g, final List<EpochRecord> history, final int epochs, final int left,
		final int right, final int top, final int bottom, final int k, final double max, final Color color)
	{
		g.setColor(color);
		int px = -1;
		int py = -1;
		for (final EpochRecord r : history) {
			final double v = k < 0 ? r.trainingLoss() : r.validated() && k < r.classes() ? r.dice(k) : Double.NaN;
			if (Double.isNaN(v)) {
				px = -1;
				continue;
			}
			final int x = xOf(r.epoch(), epochs, left, right);
			final int y = (int) Math.round(bottom - Math.max(0, Math.min(1, v / max)) * (bottom - top));
			if (px >= 0) g.drawLine(px, py, x, y);
			g.fillOval(x - 2, y - 2, 5, 5);
			px = x;
			py = y;
		}
	}

	private static int xOf(final int epoch, final int epochs, final int left, final int right) {
		return epochs <= 1 ? (left + right) / 2 : left + (int) Math.round((epoch - 1) * (right - left) / (double) (epochs -
			1));
	}

	/** Writes the curve as a PNG (800 x 500), atomically. */
	public static void write(final File file, final List<EpochRecord> history, final String[] classNames)
		throws IOException
	{
		final BufferedImage img = draw(history, classNames, 800, 500);
		AtomicFiles.write(file, out -> {
			if (!ImageIO.write(img, "png", out)) throw new IOException("No PNG writer available");
		});
	}
}
