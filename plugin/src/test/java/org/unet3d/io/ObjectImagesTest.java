package org.unet3d.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;
import ij.ImageStack;

import java.io.File;
import java.io.IOException;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.VoxelSize;

public class ObjectImagesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static int[] ids(final int n, final int count, final long seed) {
		final Random r = new Random(seed);
		final int[] v = new int[n];
		for (int i = 0; i < n; i++)
			v[i] = r.nextInt(count + 1);
		v[0] = count;
		return v;
	}

	private static void assertSameIds(final int[] ids, final ImagePlus imp) {
		final ImageStack s = imp.getStack();
		final int plane = imp.getWidth() * imp.getHeight();
		for (int z = 0; z < s.getSize(); z++)
			for (int i = 0; i < plane; i++)
				assertEquals("voxel " + (z * plane + i), ids[z * plane + i], (int) s.getProcessor(z + 1).getf(i));
	}

	@Test
	public void fewObjectsMake16BitImagesWithTheLabelLutAndTheCalibration() {
		final int[] ids = ids(7 * 5 * 3, 300, 1);
		final ImagePlus like = ij.IJ.createImage("like", "8-bit black", 7, 5, 3);
		like.getCalibration().pixelWidth = 0.2;
		like.getCalibration().pixelDepth = 0.5;
		like.getCalibration().setUnit("micron");
		final ImagePlus imp = ObjectImages.image(ids, 7, 5, 3, 300, "objects", like);
		assertEquals(16, imp.getBitDepth());
		assertEquals(3, imp.getNSlices());
		assertSameIds(ids, imp);
		assertTrue(imp.getProcessor().isColorLut());
		assertEquals(300, imp.getDisplayRangeMax(), 0);
		assertEquals(0.5, imp.getCalibration().pixelDepth, 0);
		assertEquals("micron", imp.getCalibration().getUnit());
		assertEquals(255, ObjectImages.image(ids(105, 3, 2), 7, 5, 3, 3, "few", null).getDisplayRangeMax(), 0);
	}

	@Test
	public void manyObjectsMake32BitImages() {
		final int[] ids = ids(300 * 300, 70000, 3);
		final ImagePlus imp = ObjectImages.image(ids, 300, 300, 1, 70000, "many", null);
		assertEquals(32, imp.getBitDepth());
		assertSameIds(ids, imp);
		try {
			ObjectImages.collector(2, 2, 1, ObjectImages.MAX_OBJECTS + 1);
			fail("more ids than float holds");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("cannot be stored"));
		}
	}

	@Test
	public void filesWrittenSlabBySlabReadBackWithLutAndCalibration() throws IOException {
		for (final int count : new int[] { 9, 70000 }) {
			final int[] ids = ids(320 * 230 * 4, count, count);
			final File f = new File(tmp.getRoot(), "objects-" + count + ".tif");
			final boolean shorts = ObjectImages.bitDepth(count) == 16;
			final TiffStackWriter.Layout layout = TiffStackWriter.layout(320, 230, 4).voxelSize(new VoxelSize(0.1, 0.1,
				0.3, "micron")).displayRange(0, ObjectImages.displayMax(count)).type(shorts ? TiffStackWriter.PixelType.UINT16
					: TiffStackWriter.PixelType.FLOAT32);
			if (shorts) layout.lut(LabelLut.colorModel());
			try (TiffStackWriter tiff = layout.open(f, false)) {
				final ObjectImages.Writer w = ObjectImages.writer(tiff, 320 * 230, count);
				final int[] slab = new int[320 * 230 * 3];
				System.arraycopy(ids, 0, slab, 0, slab.length);
				w.write(slab, 3);
				assertFalse("not there before finish", f.exists());
				System.arraycopy(ids, slab.length, slab, 0, 320 * 230);
				w.write(slab, 1);
				tiff.finish();
			}
			final ImagePlus back = TiffIO.open(f);
			assertEquals(count < 65536 ? 16 : 32, back.getBitDepth());
			assertSameIds(ids, back);
			assertEquals(0.3, back.getCalibration().pixelDepth, 1e-9);
			assertEquals("micron", back.getCalibration().getUnit());
			if (count < 65536) assertTrue("the LUT is kept", back.getProcessor().isColorLut());
		}
	}
}
