package org.unet3d.commands;

import ij.gui.Plot;
import ij.gui.PlotWindow;

import java.awt.Color;
import java.util.List;

import org.unet3d.training.EpochRecord;
import org.unet3d.training.TrainingMonitor;

/**
 * A Fiji window that plots the training while it runs: the mean loss per epoch and the
 * validation Dice of every class, redrawn after every epoch. Only for Fiji with a screen; headless
 * runs get the CSV log and the curve PNG instead.
 */
final class LivePlot implements TrainingMonitor {

	private static final Color[] COLORS = { Color.GRAY, Color.RED, new Color(0, 150, 0), Color.ORANGE, Color.MAGENTA,
		new Color(140, 86, 75), Color.PINK, Color.CYAN };

	private final String title;
	private final String[] classNames;
	private PlotWindow window;

	LivePlot(final String title, final String[] classNames) {
		this.title = title;
		this.classNames = classNames;
	}

	@Override
	public void epochDone(final EpochRecord record, final List<EpochRecord> history) {
		final int n = history.size();
		final double[] epochs = new double[n];
		final double[] loss = new double[n];
		for (int i = 0; i < n; i++) {
			epochs[i] = history.get(i).epoch();
			loss[i] = history.get(i).trainingLoss();
		}
		final Plot plot = new Plot(title, "epoch", "loss / Dice");
		plot.setColor(Color.BLUE);
		plot.addPoints(epochs, loss, Plot.CONNECTED_CIRCLES);
		final StringBuilder legend = new StringBuilder("training loss");
		if (record.validated()) for (int k = 0; k < record.classes(); k++) {
			final double[] dice = new double[n];
			for (int i = 0; i < n; i++)
				dice[i] = history.get(i).validated() ? history.get(i).dice(k) : Double.NaN;
			plot.setColor(COLORS[k % COLORS.length]);
			plot.addPoints(epochs, dice, Plot.CONNECTED_CIRCLES);
			legend.append('\n').append("Dice ").append(k < classNames.length ? classNames[k] : "class " + k);
		}
		plot.setLimitsToFit(false);
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString());
		if (window == null || window.isClosed()) window = plot.show();
		else window.drawPlot(plot);
	}
}
