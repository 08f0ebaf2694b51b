package org.unet3d.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.LabelStatistics;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.testutil.SharedStacks;

/**
 * The real stacks in {@code ../shared/sample-stacks} (skipped, saying so, without them): each
 * opens as a 3D stack with labels of the same shape that are consecutive class ids, keeps its
 * voxel size, and comes back bit for bit after a TIFF round trip, with its calibration (to the
 * precision of the TIFF resolution tag).
 */
public class SharedStacksTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final String[] STACKS = { "arabidopsis-nuclei-gonuclear", "arabidopsis-ovule-cell-boundaries",
		"cement-airvoids-qim3d", "drosophila-vnc-sstem-5class", "isbi2012-em-membranes", "mouse-embryo-nuclei-qcanet" };

	@Test
	public void everyStackOpensWithMatchingClassIdLabels() throws Exception {
		final List<String> seen = new ArrayList<>();
		for (final String name : STACKS) {
			final File dir = SharedStacks.folder(name);
			final ImagePlus image = TiffIO.open(new File(dir, "image.tif"));
			final ImagePlus labels = TiffIO.open(new File(dir, "labels.tif"));
			assertTrue(name + " is 3D", image.getNSlices() > 1);
			assertEquals(name, 1, image.getNChannels());
			assertArrayEquals(name + ": labels have the image's shape", image.getDimensions(), labels.getDimensions());
			final Volume<?> v = ImagePlusBridge.wrap(image);
			final LabeledVolume lv = new LabeledVolume(name, v, ImagePlusBridge.wrapLabels(labels));
			final LabelStatistics s = LabelStatistics.of(lv, 0, -1, 1);
			assertTrue(name + ": " + s.describe(), s.classesSeen() >= 2 && s.classesSeen() <= 5);
			for (int k = 0; k < s.classesSeen(); k++)
				assertTrue(name + ": class " + k + " is used (" + s.describe() + ")", s.count(k) > 0);
			assertEquals(name + ": every voxel is labeled", image.getWidth() * (long) image.getHeight() * image
				.getNSlices(), s.labeled());
			seen.add(name + " " + image.getWidth() + "x" + image.getHeight() + "x" + image.getNSlices() + ", " + s
				.classesSeen() + " classes, anisotropy " + String.format(java.util.Locale.ROOT, "%.2f", v.voxelSize()
					.anisotropy()));
		}
		System.out.println("Shared stacks: " + String.join("; ", seen));
	}

	@Test
	public void calibrationIsReadAsTheSourceSays() throws Exception {
		// SOURCE.md: 4 x 4 x 50 nm (ISBI 2012) and 4.6 x 4.6 x 50 nm (Drosophila VNC), given in microns
		final VoxelSize isbi = ImagePlusBridge.voxelSize(TiffIO.open(new File(SharedStacks.folder(
			"isbi2012-em-membranes"), "image.tif")));
		assertEquals(0.004, isbi.x(), 1e-9);
		assertEquals(0.05, isbi.z(), 1e-9);
		assertEquals(12.5, isbi.anisotropy(), 1e-6);
		final VoxelSize dros = ImagePlusBridge.voxelSize(TiffIO.open(new File(SharedStacks.folder(
			"drosophila-vnc-sstem-5class"), "image.tif")));
		assertEquals(0.0046, dros.y(), 1e-9);
		assertEquals(0.05, dros.z(), 1e-9);
	}

	@Test
	public void tiffRoundTripIsExact() throws Exception {
		for (final String name : STACKS) {
			final File dir = SharedStacks.folder(name);
			for (final String file : new String[] { "image.tif", "labels.tif" }) {
				final ImagePlus a = TiffIO.open(new File(dir, file));
				final File copy = tmp.newFile(name + "-" + file);
				TiffIO.save(a, copy, true);
				final ImagePlus b = TiffIO.open(copy);
				assertArrayEquals(name + "/" + file, a.getDimensions(), b.getDimensions());
				assertEquals(name + "/" + file, a.getBitDepth(), b.getBitDepth());
				// ImageJ stores the pixel size as a TIFF rational (1 / width): it comes back to ~1e-7, not bit for bit
				final VoxelSize va = ImagePlusBridge.voxelSize(a), vb = ImagePlusBridge.voxelSize(b);
				assertEquals(va.unit(), vb.unit());
				assertEquals(name, va.x(), vb.x(), 1e-6 * va.x());
				assertEquals(name, va.y(), vb.y(), 1e-6 * va.y());
				assertEquals(name, va.z(), vb.z(), 1e-9 * va.z());
				for (int i = 1; i <= a.getStackSize(); i++) {
					final Object pa = a.getStack().getPixels(i), pb = b.getStack().getPixels(i);
					if (pa instanceof byte[]) assertArrayEquals(name + "/" + file + " plane " + i, (byte[]) pa, (byte[]) pb);
					else assertArrayEquals(name + "/" + file + " plane " + i, (short[]) pa, (short[]) pb);
				}
			}
		}
	}
}
