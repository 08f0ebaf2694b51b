package org.unet3d.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ij.IJ;

import java.awt.event.KeyEvent;
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

/** The segment and segment-folder commands on the command line: failed files, a cancel (Esc). */
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

	@Test
	public void escapeCancelsASegmentationAndThatIsNoError() throws Exception {
		final File model = new File(tmp.getRoot(), "m.zip");
		ModelFile.write(new PerVoxelNetwork(2, 3).model, model);
		final File image = new File(tmp.getRoot(), "stack.tif");
		TiffIO.save(TestImages.balls(20, 16, 8, 3, 1)[0], image, false);
		final File labels = new File(tmp.getRoot(), "labels.tif");
		final String[] args = { "segment", "image=" + image, "model=" + model, "output=" + labels };
		IJ.setKeyDown(KeyEvent.VK_ESCAPE); // as if the user pressed Esc: ImageJ's flag, which the commands poll
		try {
			assertEquals(err.toString(), Main.CANCELED, run(args));
		}
		finally {
			IJ.resetEscape();
		}
		assertTrue(err.toString(), err.toString().contains("Segmentation canceled."));
		assertFalse("a cancel is not reported as an error: " + err, err.toString().contains("Error"));
		assertFalse("nothing half-written", labels.exists());
		assertEquals("without Esc the same run succeeds: " + err, 0, run(args));
		assertTrue(labels.isFile());
	}
}
