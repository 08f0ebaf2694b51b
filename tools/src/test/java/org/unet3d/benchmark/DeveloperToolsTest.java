package org.unet3d.benchmark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.io.TiffIO;
import org.unet3d.samples.SampleStackWriter;
import org.unet3d.samples.SyntheticStacks;

/** The developers' command line runs the accuracy and segmentation benchmarks through the user commands. */
public class DeveloperToolsTest {

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
			assertTrue(d.mkdir());
			SampleStackWriter.write(SyntheticStacks.generate(SyntheticStacks.Kind.NUCLEI, 24, 32, 16, name.length()),
				new File(d, "image.tif"), new File(d, "labels.tif"), false);
		}
		final File outDir = new File(tmp.getRoot(), "acc");
		assertEquals(err.toString(), 0, run("benchmark-accuracy", "stacks=" + stacks.getPath(), "output=" + outDir
			.getPath(), "minutes=0.05", "only=two", "sparse=4", "filters=4", "depth=1", "patch=16,16,16",
			"stepsPerEpoch=3", "seed=3"));
		final List<String> csv = Files.readAllLines(new File(outDir, "accuracy.csv").toPath());
		assertEquals(2, csv.size());
		assertTrue(csv.get(1), csv.get(1).startsWith("\"two\",\"train y 0-23, test y 24-31\",\"every 4th slice\""));
		assertTrue(out.toString(), out.toString().contains("java -jar target/unet3d.jar train image="));
		assertTrue(new File(outDir, "two/test-prediction.tif").isFile());
		final ImagePlus sparse = TiffIO.open(new File(outDir, "two/train-labels.tif"));
		assertEquals("slices between the labeled ones are unlabeled", 255, sparse.getStack().getProcessor(2).get(0,
			0));
	}

	@Test
	public void segmentBenchmarkReportsSpeedAndMemory() {
		assertEquals(err.toString(), 0, run("benchmark-segment", "size=96x80x24", "filters=2", "depth=1", "folder=" +
			tmp.getRoot()));
		final String s = out.toString();
		assertTrue(s, s.matches("(?s).*Segmented 96 x 80 x 24 = 0\\.2 megavoxels in [0-9.]+ s: [0-9.]+ megavoxels/s.*"));
		assertTrue(s, s.contains("Peak Java heap used") && s.contains("Peak physical memory"));
		assertTrue(new File(tmp.getRoot(), "benchmark-labels.tif").isFile());
	}

	@Test
	public void badSizesAreExplained() {
		assertEquals(2, run("benchmark-segment", "size=96x80", "folder=" + tmp.getRoot()));
		assertTrue(err.toString(), err.toString().contains("size \"96x80\" is not understood: give width x height x " +
			"depth"));
		assertEquals(2, run("benchmark-segment", "size=16x16x8", "tile=8,8", "folder=" + tmp.getRoot()));
		assertTrue(err.toString(), err.toString().contains("tile \"8,8\" is not understood: give z,y,x"));
	}
}
