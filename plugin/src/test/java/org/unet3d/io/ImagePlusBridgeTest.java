package org.unet3d.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;

import org.junit.Test;
import org.unet3d.data.BlockReader;
import org.unet3d.data.Volume;

/** ImagePlus stacks and hyperstacks wrap without copying, with the right axes and calibration. */
public class ImagePlusBridgeTest {

	private static ImagePlus hyperstack(final int channels, final int slices) {
		final ImageStack s = new ImageStack(5, 4);
		for (int z = 0; z < slices; z++)
			for (int c = 0; c < channels; c++) {
				final short[] p = new short[20];
				for (int i = 0; i < 20; i++)
					p[i] = (short) (1000 * c + 100 * z + i);
				s.addSlice(null, p);
			}
		final ImagePlus imp = new ImagePlus("h", s);
		imp.setDimensions(channels, slices, 1);
		imp.getCalibration().pixelWidth = 0.2;
		imp.getCalibration().pixelHeight = 0.2;
		imp.getCalibration().pixelDepth = 0.9;
		imp.getCalibration().setUnit("micron");
		return imp;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static double at(final Volume<?> v, final int x, final int y, final int z, final int c) {
		final RandomAccess ra = v.pixels().randomAccess();
		ra.setPosition(new long[] { x, y, z, c });
		return ((RealType) ra.get()).getRealDouble();
	}

	@Test
	public void multiChannelAxesAreXYZC() {
		final ImagePlus imp = hyperstack(3, 4);
		final Volume<?> v = ImagePlusBridge.wrap(imp);
		assertEquals(5, v.width());
		assertEquals(4, v.height());
		assertEquals(4, v.depth());
		assertEquals(3, v.channels());
		assertEquals(2000 + 300 + 7, at(v, 2, 1, 3, 2), 0);
		assertEquals(0.9, v.voxelSize().z(), 0);
		assertEquals("micron", v.voxelSize().unit());
	}

	@Test
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void wrappingSharesPixels() {
		final ImagePlus imp = hyperstack(1, 3);
		final Volume<?> v = ImagePlusBridge.wrap(imp);
		((short[]) imp.getStack().getPixels(2))[7] = 12345;
		assertEquals(12345, at(v, 2, 1, 1, 0), 0);
		final float[] block = new float[5 * 4 * 3];
		BlockReader.of((net.imglib2.RandomAccessibleInterval) v.channel(0)).readFloat(new long[] { 0, 0, 0 }, new int[] {
			5, 4, 3 }, block, 0);
		assertEquals(12345, block[20 + 7], 0);
	}

	private static String error(final ImagePlus imp) {
		try {
			ImagePlusBridge.wrap(imp);
		}
		catch (final IllegalArgumentException e) {
			return e.getMessage();
		}
		fail("expected an error");
		return null;
	}

	@Test
	public void badShapesAreExplained() {
		assertTrue(error(IJ.createImage("flat", "8-bit", 10, 10, 1)).contains("is 2D"));
		assertTrue(error(IJ.createImage("rgb", "RGB", 10, 10, 3)).contains("RGB"));
		final ImagePlus t = IJ.createHyperStack("movie", 10, 10, 1, 3, 4, 8);
		assertTrue(error(t).contains("time series"));
		final ImagePlus zAsT = IJ.createHyperStack("zast", 10, 10, 1, 1, 6, 8);
		assertTrue(error(zAsT).contains("Image > Properties"));
	}
}
