package org.unet3d.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.cli.Main;

/**
 * A model file saved by an earlier version of the plugin (commit 10a7872, kept in the test
 * resources with the labels it gave then) still loads and segments the bundled sample to the same
 * labels. Voxels may differ only where two classes tie to float rounding (the network's arithmetic
 * may be reordered by later optimizations).
 */
public class SavedModelFileTest {

	private static final File MODEL = resource("legacy/model-10a7872.zip");
	private static final File LABELS_THEN = resource("legacy/nuclei-test-labels-10a7872.tif");
	private static final File IMAGE = new File("sample-stacks/nuclei/test-image.tif");

	/** Largest difference of the two best class probabilities still called a tie. */
	private static final float TIE = 1e-4f;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static File resource(final String name) {
		return new File(SavedModelFileTest.class.getClassLoader().getResource(name).getFile());
	}

	@Test
	public void modelFromAnEarlierVersionSegmentsToTheSameLabels() throws IOException {
		final File labels = new File(tmp.getRoot(), "labels.tif");
		final File probabilities = new File(tmp.getRoot(), "probabilities.tif");
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final int status = Main.run(new String[] { "segment", "image=" + IMAGE, "model=" + MODEL, "output=" + labels,
			"probabilities=" + probabilities }, new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err,
				true));
		assertEquals(err.toString(), 0, status);
		final ImageStack then = TiffIO.open(LABELS_THEN).getStack();
		final ImageStack now = TiffIO.open(labels).getStack();
		final ImagePlus p = TiffIO.open(probabilities);
		final int classes = p.getNChannels();
		assertEquals(then.getWidth(), now.getWidth());
		assertEquals(then.getHeight(), now.getHeight());
		assertEquals(then.getSize(), now.getSize());
		final int plane = then.getWidth() * then.getHeight();
		long differ = 0;
		long foreground = 0;
		for (int z = 1; z <= then.getSize(); z++) {
			for (int i = 0; i < plane; i++) {
				final int a = (int) then.getProcessor(z).getf(i);
				final int b = (int) now.getProcessor(z).getf(i);
				if (a > 0) foreground++;
				if (a == b) continue;
				differ++;
				final float pa = p.getStack().getProcessor(p.getStackIndex(a + 1, z, 1)).getf(i);
				final float pb = p.getStack().getProcessor(p.getStackIndex(b + 1, z, 1)).getf(i);
				assertTrue("voxel " + i + " of slice " + z + ": class " + a + " then, " + b + " now, probabilities " + pa +
					" and " + pb, Math.abs(pa - pb) <= TIE);
			}
		}
		assertTrue("the saved model finds no foreground: the fixture is useless", foreground > 1000);
		assertTrue(differ + " voxels differ", differ <= 10);
		assertEquals(2, classes);
	}
}
