package org.unet3d.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.io.TiffIO;
import org.unet3d.testutil.TestImages;

/** The command line runs train, segment and evaluate on files and reports errors with exit status 2. */
public class MainTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(final String... args) {
		out.reset();
		err.reset();
		return Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
	}

	private String path(final String name) {
		return new File(tmp.getRoot(), name).getPath();
	}

	@Test
	public void trainSegmentEvaluateOnFiles() throws Exception {
		final ImagePlus[] train = TestImages.balls(32, 32, 32, 12, 1);
		final ImagePlus[] test = TestImages.balls(36, 32, 24, 10, 2);
		TiffIO.save(train[0], new File(path("train.tif")), false);
		TiffIO.save(train[1], new File(path("train-labels.tif")), false);
		TiffIO.save(test[0], new File(path("test.tif")), false);
		TiffIO.save(test[1], new File(path("test-labels.tif")), false);
		assertEquals(err.toString(), 0, run("train", "image=" + path("train.tif"), "labels=" + path("train-labels.tif"),
			"model=" + path("m.zip"), "epochs=12", "seed=3", "filters=4", "depth=2", "patch=16,16,16"));
		assertEquals(err.toString(), 0, run("segment", "image=" + path("test.tif"), "model=" + path("m.zip"), "output=" +
			path("out.tif")));
		final ImagePlus labels = TiffIO.open(new File(path("out.tif")));
		assertEquals(36, labels.getWidth());
		assertEquals(24, labels.getNSlices());
		assertEquals(0, run("evaluate", "prediction=" + path("out.tif"), "truth=" + path("test-labels.tif")));
		final String report = out.toString();
		assertTrue(report, report.contains("Mean Dice"));
		final double dice = Double.parseDouble(report.replaceAll("(?s).*Mean Dice: ([0-9.]+).*", "$1"));
		assertTrue(report, dice > 0.85);
		// Fiji style, same command
		assertEquals(err.toString(), 2, run("--run", "Segment with 3D U-Net", "image=" + path("test.tif") + " model=" +
			path("m.zip") + " output=" + path("out.tif")));
		assertTrue(err.toString(), err.toString().contains("already exists"));
	}

	@Test
	public void errorsAreExplained() {
		assertEquals(2, run("train", "image=/nope.tif"));
		assertTrue(err.toString(), err.toString().contains("does not exist"));
		assertEquals(2, run("frobnicate"));
		assertTrue(err.toString().contains("Unknown command"));
		assertEquals(2, run("info", "modle=x.zip"));
		assertTrue(err.toString(), err.toString().contains("Unknown key \"modle\""));
		assertEquals(2, run("info"));
		assertTrue(err.toString(), err.toString().contains("needs model"));
	}
}
