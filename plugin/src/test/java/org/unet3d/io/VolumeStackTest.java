package org.unet3d.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.process.ImageProcessor;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.junit.Test;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;

/**
 * An ImageJ virtual stack over a volume shows the volume's voxels plane by plane in ImageJ's
 * order (channel fastest), calibrated, and gives the volume itself back to the commands.
 */
public class VolumeStackTest {

	private static void fill(final ArrayImg<? extends RealType<?>, ?> img, final long scale) {
		final net.imglib2.Cursor<? extends RealType<?>> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			long v = 0;
			for (int d = img.numDimensions() - 1; d >= 0; d--)
				v = v * 31 + c.getLongPosition(d);
			c.get().setReal(v * scale % 65536);
		}
	}

	@Test
	public void planesAreTheVolumesChannelsAndSlicesAndTheVolumeComesBack() {
		final ArrayImg<UnsignedShortType, ?> img = ArrayImgs.unsignedShorts(7, 5, 4, 3);
		fill(img, 1);
		final VoxelSize vs = new VoxelSize(0.5, 0.5, 2, "micron");
		final Volume<UnsignedShortType> v = Volume.of(img, vs);
		final ImagePlus imp = VolumeStack.image("cells.zarr", v);
		assertEquals(16, imp.getBitDepth());
		assertEquals(3, imp.getNChannels());
		assertEquals(4, imp.getNSlices());
		assertEquals(1, imp.getNFrames());
		assertTrue(imp.getStack().isVirtual());
		assertEquals(0.5, imp.getCalibration().pixelWidth, 0);
		assertEquals(2, imp.getCalibration().pixelDepth, 0);
		assertEquals("micron", imp.getCalibration().getUnit());
		assertEquals(vs, ImagePlusBridge.voxelSize(imp));
		final RandomAccess<UnsignedShortType> ra = img.randomAccess();
		for (int z = 0; z < 4; z++)
			for (int c = 0; c < 3; c++) {
				final ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(c + 1, z + 1, 1));
				for (int y = 0; y < 5; y++)
					for (int x = 0; x < 7; x++)
						assertEquals(ra.setPositionAndGet(x, y, z, c).get(), ip.get(x, y));
			}
		assertSame("the commands read the volume, not the planes", v, ImagePlusBridge.wrap(imp));
		imp.getCalibration().pixelDepth = 3; // Image > Properties
		final Volume<?> recalibrated = ImagePlusBridge.wrap(imp);
		assertEquals(3, recalibrated.voxelSize().z(), 0);
		assertSame(v.pixels(), recalibrated.pixels());
	}

	@Test
	public void thirtyTwoBitIntegersShowAsFloatsAndLabelsComeBackAsTheirChannel() {
		final ArrayImg<UnsignedIntType, ?> img = ArrayImgs.unsignedInts(6, 4, 3);
		fill(img, 1000);
		final Volume<UnsignedIntType> v = Volume.of(img, VoxelSize.UNCALIBRATED);
		final ImagePlus imp = VolumeStack.image("ids", v);
		assertEquals(32, imp.getBitDepth());
		assertEquals(1.0, imp.getCalibration().pixelWidth, 0);
		final float[] plane = (float[]) imp.getStack().getPixels(3);
		final RandomAccess<UnsignedIntType> ra = img.randomAccess();
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 6; x++)
				assertEquals(ra.setPositionAndGet(x, y, 2).get(), plane[x + 6 * y], 0);
		assertArrayEquals(new long[] { 6, 4, 3 }, ImagePlusBridge.wrapLabels(imp).dimensionsAsLongArray());
	}
}
