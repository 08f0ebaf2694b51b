package org.unet3d.benchmark;

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

/** The accuracy benchmark runs the user's commands on real-like stacks and scores a held-out part. */
public class AccuracyBenchmarkTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(final String... args) {
		out.reset();
		err.reset();
		return DeveloperTools.run(args, new PrintStream(out, true), new PrintStream(err, true));
	}

	@Test
	public void accuracyBenchmarkRunsTheUserCommands() throws Exception {
		final File stacks = tmp.newFolder("stacks");
		for (final String name : new String[] { "one", "two" }) {
			final File d = new File(stacks, name);
			d.mkdir();
			final ImagePlus[] p = TestImages.balls(24, 32, 16, 6, name.length());
			TiffIO.save(p[0], new File(d, "image.tif"), false);
			TiffIO.save(p[1], new File(d, "labels.tif"), false);
		}
		final File outDir = new File(tmp.getRoot(), "acc");
		assertEquals(err.toString(), 0, run("benchmark-accuracy", "filters=4", "depth=1", "patch=16,16,16", "stepsPerEpoch=3", "seed=3", "stacks=" + stacks.getPath(), "output=" + outDir
			.getPath(), "minutes=0.05", "only=two", "sparse=4"));
		final java.util.List<String> csv = java.nio.file.Files.readAllLines(new File(outDir, "accuracy.csv").toPath());
		assertEquals(2, csv.size());
		assertTrue(csv.get(1), csv.get(1).startsWith("\"two\",\"train y 0-23, test y 24-31\",\"every 4th slice\""));
		assertTrue(out.toString(), out.toString().contains("java -jar target/unet3d.jar train image="));
		assertTrue(new File(outDir, "two/test-prediction.tif").isFile());
		final ImagePlus sparse = TiffIO.open(new File(outDir, "two/train-labels.tif"));
		assertEquals(255, sparse.getStack().getProcessor(2).get(0, 0));
	}
}
