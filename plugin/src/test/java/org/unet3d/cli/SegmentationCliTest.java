package org.unet3d.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;
import org.unet3d.testutil.PerVoxelNetwork;
import org.unet3d.testutil.TestImages;

/** The segment-folder subcommand of the command line. */
public class SegmentationCliTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(final String... args) {
		out.reset();
		err.reset();
		return Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
	}

	@Test
	public void segmentFolderExitsWithTwoWhenAFileFails() throws Exception {
		final File in = tmp.newFolder("in");
		final File model = new File(tmp.getRoot(), "m.zip");
		ModelFile.write(new PerVoxelNetwork(2, 3).model, model);
		TiffIO.save(TestImages.balls(20, 16, 8, 3, 1)[0], new File(in, "good.tif"), false);
		Files.write(new File(in, "bad.tif").toPath(), new byte[] { 'M', 'M', 0, 42, 0, 0, 0, 8, 0 });
		final File outDir = new File(tmp.getRoot(), "out");
		assertEquals(err.toString(), 2, run("segment-folder", "input=" + in, "output=" + outDir, "model=" + model));
		assertTrue(out.toString(), out.toString().contains("DONE    good.tif"));
		assertTrue(out.toString(), out.toString().contains("FAILED  bad.tif"));
		assertTrue(err.toString(), err.toString().contains("1 file(s) could not be segmented"));
		assertTrue(new File(outDir, "good-labels.tif").isFile());
		assertTrue(new File(outDir, "segmentation-summary.csv").isFile());
	}
}
