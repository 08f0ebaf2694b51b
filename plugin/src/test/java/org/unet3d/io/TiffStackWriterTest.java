package org.unet3d.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;
import ij.io.Opener;
import ij.measure.Calibration;

import java.io.File;
import java.io.IOException;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.VoxelSize;

/** Stacks written plane by plane open in ImageJ with their pixels, calibration, LUT and dimensions. */
public class TiffStackWriterTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final VoxelSize VS = new VoxelSize(0.25, 0.25, 0.8, "micron");

	private static byte[][] bytes(final int w, final int h, final int d, final long seed) {
		final Random r = new Random(seed);
		final byte[][] s = new byte[d][w * h];
		for (final byte[] p : s)
			r.nextBytes(p);
		return s;
	}

	private static ImagePlus open(final File f) {
		final ImagePlus imp = new Opener().openImage(f.getPath());
		if (imp == null) fail("ImageJ cannot open " + f);
		return imp;
	}

	@Test
	public void labelStackWithLutAndCalibration() throws IOException {
		final byte[][] planes = bytes(37, 21, 5, 1);
		final File f = new File(tmp.getRoot(), "labels.tif");
		try (TiffStackWriter w = TiffStackWriter.layout(37, 21, 5).voxelSize(VS).lut(LabelLut.colorModel())
			.displayRange(0, 255).open(f, false))
		{
			for (final byte[] p : planes)
				w.write(p);
			w.finish();
		}
		final ImagePlus imp = open(f);
		assertEquals(37, imp.getWidth());
		assertEquals(21, imp.getHeight());
		assertEquals(5, imp.getNSlices());
		assertEquals(8, imp.getBitDepth());
		for (int z = 0; z < 5; z++)
			assertArrayEquals(planes[z], (byte[]) imp.getStack().getPixels(z + 1));
		final Calibration c = imp.getCalibration();
		assertEquals(0.25, c.pixelWidth, 1e-9);
		assertEquals(0.25, c.pixelHeight, 1e-9);
		assertEquals(0.8, c.pixelDepth, 1e-9);
		assertEquals("micron", c.getUnit().equals("\u00b5m") ? "micron" : c.getUnit());
		final int red = LabelLut.rgb(1);
		assertEquals(red >> 16 & 0xff, imp.getProcessor().getColorModel().getRGB(1) >> 16 & 0xff);
		assertEquals(LabelLut.rgb(7) & 0xffffff, imp.getProcessor().getColorModel().getRGB(7) & 0xffffff);
	}

	@Test
	public void floatHyperstackOfClassProbabilities() throws IOException {
		final int w = 9, h = 7, classes = 3, slices = 4;
		final File f = new File(tmp.getRoot(), "p.tif");
		final float[][] planes = new float[classes * slices][w * h];
		final Random r = new Random(2);
		for (final float[] p : planes)
			for (int i = 0; i < p.length; i++)
				p[i] = r.nextFloat();
		try (TiffStackWriter wr = TiffStackWriter.layout(w, h, slices).channels(classes).type(
			TiffStackWriter.PixelType.FLOAT32).voxelSize(VS).displayRange(0, 1).open(f, false))
		{
			for (final float[] p : planes)
				wr.write(p);
			wr.finish();
		}
		final ImagePlus imp = open(f);
		assertEquals(classes, imp.getNChannels());
		assertEquals(slices, imp.getNSlices());
		assertEquals(32, imp.getBitDepth());
		for (int i = 0; i < planes.length; i++)
			assertArrayEquals(planes[i], (float[]) imp.getStack().getPixels(i + 1), 0f);
		assertEquals(0.8, imp.getCalibration().pixelDepth, 1e-9);
	}

	@Test
	public void sixteenBitAndUncalibrated() throws IOException {
		final File f = new File(tmp.getRoot(), "s.tif");
		final short[][] planes = { { 0, 300, (short) 65535, 7 }, { 1, 2, 3, (short) 40000 } };
		try (TiffStackWriter wr = TiffStackWriter.layout(2, 2, 2).type(TiffStackWriter.PixelType.UINT16).open(f,
			false))
		{
			for (final short[] p : planes)
				wr.write(p);
			wr.finish();
		}
		final ImagePlus imp = open(f);
		assertEquals(16, imp.getBitDepth());
		assertArrayEquals(planes[1], (short[]) imp.getStack().getPixels(2));
		assertFalse(imp.getCalibration().scaled());
	}

	/** Past 4 GB ImageJ writes only the first directory; ImageJ then reads the planes from the description. */
	@Test
	public void onlyTheFirstDirectoryPastTheClassicTiffLimit() throws IOException {
		final byte[][] planes = bytes(16, 8, 6, 3);
		final File f = new File(tmp.getRoot(), "big.tif");
		try (TiffStackWriter w = TiffStackWriter.layout(16, 8, 6).voxelSize(VS).open(f, false, 1000)) {
			for (final byte[] p : planes)
				w.write(p);
			w.finish();
		}
		final ImagePlus imp = open(f);
		assertEquals(6, imp.getNSlices());
		for (int z = 0; z < 6; z++)
			assertArrayEquals(planes[z], (byte[]) imp.getStack().getPixels(z + 1));
		final long expected = 8 + 2 + 13 * 12 + 4; // header and one IFD; no further IFDs
		assertTrue(f.length() < expected + 400 + 6 * 128);
	}

	@Test
	public void unfinishedOrFailedWritesLeaveNoFile() throws IOException {
		final File f = new File(tmp.getRoot(), "partial.tif");
		try (TiffStackWriter w = TiffStackWriter.layout(4, 4, 3).open(f, false)) {
			w.write(new byte[16]);
			try {
				w.finish();
				fail("finish with missing planes must fail");
			}
			catch (final IllegalStateException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("Only 1 of 3"));
			}
		}
		assertFalse(f.exists());
		assertEquals("no temporary files left", 0, tmp.getRoot().list().length);
		try (TiffStackWriter w = TiffStackWriter.layout(4, 4, 1).open(f, false)) {
			w.write(new byte[15]);
			fail("wrong plane size must fail");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage().contains("15 pixels"));
		}
		assertEquals(0, tmp.getRoot().list().length);
	}

	@Test
	public void existingFilesAreKeptUnlessOverwriting() throws IOException {
		final File f = tmp.newFile("exists.tif");
		try {
			TiffStackWriter.layout(4, 4, 1).open(f, false).close();
			fail();
		}
		catch (final IOException e) {
			assertTrue(e.getMessage().contains("already exists"));
		}
		try (TiffStackWriter w = TiffStackWriter.layout(4, 4, 1).open(f, true)) {
			w.write(new byte[16]);
			w.finish();
		}
		assertEquals(4, open(f).getWidth());
	}
}
