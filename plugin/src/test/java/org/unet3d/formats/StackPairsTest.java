package org.unet3d.formats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.StackSource;
import org.unet3d.io.TiffIO;
import org.unet3d.testutil.TestImages;

/** A folder of image/label pairs is listed in name order and read on demand; gaps are explained. */
public class StackPairsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void folderOfPairs() throws IOException {
		final File dir = tmp.newFolder("data");
		new File(dir, "images").mkdir();
		new File(dir, "labels").mkdir();
		for (final String name : new String[] { "b.tif", "a.tif" }) {
			final ImagePlus[] p = TestImages.balls(20, 18, 6, 3, name.charAt(0));
			TiffIO.save(p[0], new File(dir, "images/" + name), false);
			TiffIO.save(p[1], new File(dir, "labels/" + name), false);
		}
		final List<StackSource> pairs = StackPairs.folder(dir);
		assertEquals(2, pairs.size());
		assertEquals("a.tif", pairs.get(0).name());
		final LabeledVolume v = pairs.get(1).open();
		assertEquals(20, v.image().width());
		assertEquals(6, v.image().depth());
		new File(dir, "labels/a.tif").delete();
		try {
			StackPairs.folder(dir);
			fail();
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("No label stack") && e.getMessage().contains("a.tif"));
		}
	}

	@Test
	public void folderWithoutSubfoldersIsExplained() throws IOException {
		try {
			StackPairs.folder(tmp.newFolder("empty"));
			fail();
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("subfolder \"images\""));
		}
	}
}
