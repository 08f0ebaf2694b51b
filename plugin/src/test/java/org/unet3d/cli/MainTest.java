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

	private static final String[] TINY = { "filters=4", "depth=1", "patch=16,16,16", "stepsPerEpoch=3", "seed=3" };

	private String[] args(final String... a) {
		final String[] all = java.util.Arrays.copyOf(a, a.length + TINY.length);
		System.arraycopy(TINY, 0, all, a.length, TINY.length);
		return all;
	}

	@Test
	public void trainResumeFineTuneValidateOnFiles() throws Exception {
		final ImagePlus[] train = TestImages.balls(24, 24, 20, 6, 1);
		final ImagePlus[] val = TestImages.balls(24, 24, 12, 4, 2);
		TiffIO.save(train[0], new File(path("train.tif")), false);
		TiffIO.save(train[1], new File(path("train-labels.tif")), false);
		TiffIO.save(val[0], new File(path("val.tif")), false);
		TiffIO.save(val[1], new File(path("val-labels.tif")), false);
		assertEquals(err.toString(), 0, run(args("train", "image=" + path("train.tif"), "labels=" + path(
			"train-labels.tif"), "model=" + path("m.zip"), "epochs=2", "validation=" + path("val.tif"),
			"validationLabels=" + path("val-labels.tif"), "loss=ce", "weights=auto", "augment=elastic")));
		assertTrue(new File(path("m-checkpoint.zip")).isFile());
		assertTrue(new File(path("m-log.csv")).isFile());
		assertTrue(new File(path("m-curve.png")).isFile());
		assertEquals(err.toString(), 0, run(args("train", "image=" + path("train.tif"), "labels=" + path(
			"train-labels.tif"), "model=" + path("m.zip"), "epochs=3", "resume=" + path("m-checkpoint.zip"))));
		assertEquals(3, org.unet3d.io.ModelFile.readMetadata(new File(path("m-checkpoint.zip"))).training().epochs());
		assertEquals(err.toString(), 0, run(args("train", "image=" + path("val.tif"), "labels=" + path("val-labels.tif"),
			"model=" + path("f.zip"), "epochs=1", "finetune=" + path("m.zip"), "clahe=slices", "validation=0")));
		assertTrue(out.toString(), out.toString().contains("Saved"));
		// a validation stack without labels, and a bad share, are explained
		assertEquals(2, run(args("train", "image=" + path("train.tif"), "labels=" + path("train-labels.tif"), "model=" +
			path("g.zip"), "validation=" + path("val.tif"))));
		assertTrue(err.toString(), err.toString().contains("validationLabels"));
		assertEquals(2, run(args("train", "image=" + path("train.tif"), "labels=" + path("train-labels.tif"), "model=" +
			path("g.zip"), "validation=1.5")));
		assertTrue(err.toString(), err.toString().contains("validation share"));
	}

	@Test
	public void trainFromAFolderAndMakePatches() throws Exception {
		final File dir = tmp.newFolder("pairs");
		new File(dir, "images").mkdir();
		new File(dir, "labels").mkdir();
		for (int i = 0; i < 2; i++) {
			final ImagePlus[] p = TestImages.balls(24, 24, 16, 5, 10 + i);
			TiffIO.save(p[0], new File(dir, "images/s" + i + ".tif"), false);
			TiffIO.save(p[1], new File(dir, "labels/s" + i + ".tif"), false);
		}
		assertEquals(err.toString(), 0, run(args("train", "folder=" + dir.getPath(), "model=" + path("folder.zip"),
			"epochs=1")));
		assertEquals(2, org.unet3d.io.ModelFile.readMetadata(new File(path("folder.zip"))).training().stacks().size());
		assertEquals(err.toString(), 0, run("make-patches", "image=" + dir.getPath() + "/images/s0.tif", "labels=" + dir
			.getPath() + "/labels/s0.tif", "output=" + path("patches.tif"), "count=3", "patch=8,16,16"));
		final ImagePlus p = TiffIO.open(new File(path("patches.tif")));
		assertEquals(3 * 2 * 8, p.getStackSize());
	}

	@Test
	public void developersToolsSayWhereTheyAre() {
		for (final String tool : new String[] { "benchmark", "benchmark-segment", "benchmark-accuracy", "generate" }) {
			assertEquals(2, run(tool));
			assertTrue(err.toString(), err.toString().contains("java -jar tools/target/unet3d-tools.jar " + tool));
		}
	}

	@Test
	public void helpIsMadeFromTheCommands() {
		assertEquals(2, run());
		assertTrue(out.toString(), out.toString().startsWith("3D U-Net for Fiji - command line"));
		assertEquals(0, run("--help"));
		final String all = out.toString();
		for (final String name : Main.COMMANDS.keySet())
			assertTrue(name, all.contains("\n" + name + ": "));
		assertTrue(all, all.contains("[kernels=auto|cubic]"));
		assertEquals(0, run("train", "--help"));
		assertTrue(out.toString(), out.toString().contains("  learningRate=<number>"));
		assertEquals(0, run("help", "segment"));
		assertTrue(out.toString(), out.toString().startsWith("segment (Segment with 3D U-Net): "));
		assertEquals(2, run("demo", "minuts=3"));
		assertTrue(err.toString(), err.toString().contains("Unknown key \"minuts\" for the demo"));
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
