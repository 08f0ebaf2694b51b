package org.unet3d.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;
import ij.ImageStack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;

import net.imglib2.RandomAccessibleInterval;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.BlockReader;
import org.unet3d.data.Volume;

/** Virtual stacks are read lazily, plane by plane through a bounded cache, with the same values as in memory. */
public class VirtualStackImgTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static ImagePlus stack(final int w, final int h, final int channels, final int slices, final int bits) {
		final ImageStack s = new ImageStack(w, h);
		final Random r = new Random(1);
		for (int i = 0; i < channels * slices; i++) {
			if (bits == 16) {
				final short[] p = new short[w * h];
				for (int j = 0; j < p.length; j++)
					p[j] = (short) r.nextInt(65536);
				s.addSlice(null, p);
			}
			else {
				final float[] p = new float[w * h];
				for (int j = 0; j < p.length; j++)
					p[j] = (float) r.nextGaussian();
				s.addSlice(null, p);
			}
		}
		final ImagePlus imp = new ImagePlus("s", s);
		imp.setDimensions(channels, slices, 1);
		imp.getCalibration().pixelWidth = 0.5;
		imp.getCalibration().pixelHeight = 0.5;
		imp.getCalibration().pixelDepth = 2;
		imp.getCalibration().setUnit("micron");
		return imp;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static float[] block(final Volume<?> v, final int c, final long[] min, final int[] size) {
		final float[] out = new float[size[0] * size[1] * size[2]];
		BlockReader.of((RandomAccessibleInterval) v.channel(c)).readFloat(min, size, out, 0);
		return out;
	}

	@Test
	public void virtualStacksReadLikeStacksInMemory() throws IOException {
		for (final int[] shape : new int[][] { { 1, 16 }, { 2, 16 }, { 1, 32 } }) {
			final ImagePlus imp = stack(23, 17, shape[0], 9, shape[1]);
			final File f = new File(tmp.getRoot(), "s" + shape[0] + "-" + shape[1] + ".tif");
			TiffIO.save(imp, f, false);
			final ImagePlus virtual = TiffIO.openVirtual(f);
			assertTrue(virtual.getStack().isVirtual());
			final Volume<?> lazy = ImagePlusBridge.wrap(virtual);
			final Volume<?> memory = ImagePlusBridge.wrap(imp);
			assertNotNull(ImagePlusBridge.planeCache(lazy));
			assertNull(ImagePlusBridge.planeCache(memory));
			assertArrayEquals(memory.shapeZYX(), lazy.shapeZYX());
			assertEquals(shape[0], lazy.channels());
			assertEquals(2.0, lazy.voxelSize().z(), 1e-9);
			for (int c = 0; c < shape[0]; c++) { // a block reaching beyond the stack: mirrored alike
				final long[] min = { -3, 5, -2 };
				final int[] size = { 30, 10, 14 };
				assertArrayEquals(block(memory, c, min, size), block(lazy, c, min, size), 0f);
			}
		}
	}

	@Test
	public void eachPlaneIsReadOnceWhenTheCacheHoldsARow() throws IOException {
		final ImagePlus imp = stack(40, 30, 1, 20, 16);
		final File f = new File(tmp.getRoot(), "s.tif");
		TiffIO.save(imp, f, false);
		final Volume<?> v = ImagePlusBridge.wrap(TiffIO.openVirtual(f));
		final VirtualStackImg cache = ImagePlusBridge.planeCache(v);
		assertEquals(40 * 30 * 2, cache.planeBytes());
		cache.reserve(8);
		// blocks of 8 slices, all x-y tiles of a z-row before the next row, like tiled segmentation
		for (int z = 0; z < 20; z += 6)
			for (int y = 0; y < 30; y += 10)
				for (int x = 0; x < 40; x += 10)
					block(v, 0, new long[] { x, y, z }, new int[] { 10, 10, 8 });
		assertTrue("loads " + cache.loads(), cache.loads() <= 20 + 4);
	}

	@Test
	public void truncatedAndForeignFilesAreReportedBeforeAnyWork() throws IOException {
		final File good = new File(tmp.getRoot(), "good.tif");
		TiffIO.save(stack(64, 64, 1, 10, 16), good, false);
		final byte[] all = Files.readAllBytes(good.toPath());
		final File cut = new File(tmp.getRoot(), "cut.tif");
		Files.write(cut.toPath(), Arrays.copyOf(all, all.length / 2));
		try {
			TiffIO.openVirtual(cut);
			fail("truncated file opened");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("truncated"));
		}
		final File junk = new File(tmp.getRoot(), "junk.tif");
		final byte[] noise = new byte[5000];
		new Random(3).nextBytes(noise);
		Files.write(junk.toPath(), noise);
		try {
			TiffIO.openVirtual(junk);
			fail("junk opened");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("junk.tif"));
		}
	}
}
