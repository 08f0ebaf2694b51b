package org.unet3d.samples;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;

import java.awt.image.IndexColorModel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.VoxelSize;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.LabelLut;
import org.unet3d.io.TiffIO;
import org.unet3d.samples.SyntheticStacks.Kind;

/** TIFF round trip of synthetic stacks: pixels, labels, calibration, LUT and info survive exactly. */
public class SampleStackWriterTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void roundTripKeepsPixelsLabelsAndCalibration() throws IOException {
		for (final Kind kind : Kind.values()) {
			final LabeledStack s = SyntheticStacks.generate(kind, 24, 20, 6, 4);
			final File image = new File(tmp.getRoot(), kind.id() + "-image.tif");
			final File labels = new File(tmp.getRoot(), kind.id() + "-labels.tif");
			SampleStackWriter.write(s, image, labels, false);

			final ImagePlus im = TiffIO.open(image);
			final ImagePlus lb = TiffIO.open(labels);
			for (final ImagePlus imp : new ImagePlus[] { im, lb }) {
				assertEquals(8, imp.getBitDepth());
				assertEquals(24, imp.getWidth());
				assertEquals(20, imp.getHeight());
				assertEquals(6, imp.getNSlices());
				assertEquals(1, imp.getNChannels());
				assertEquals(1, imp.getNFrames());
				final VoxelSize v = ImagePlusBridge.voxelSize(imp);
				assertEquals(kind.voxelSize().unit(), v.unit());
				assertEquals(kind.voxelSize().x(), v.x(), 1e-9 * v.x());
				assertEquals(kind.voxelSize().y(), v.y(), 1e-9 * v.y());
				assertEquals(kind.voxelSize().z(), v.z(), 1e-9 * v.z());
				final String info = (String) imp.getProperty("Info");
				assertTrue(info, info.contains("seed=4") && info.contains("kind=" + kind.id()) && info.contains(
					"class 1=" + kind.classNames()[1]));
			}
			for (int z = 0; z < 6; z++) {
				assertArrayEquals(kind + " image slice " + z, s.imageSlice(z), (byte[]) im.getStack().getPixels(z + 1));
				assertArrayEquals(kind + " label slice " + z, s.labelSlice(z), (byte[]) lb.getStack().getPixels(z + 1));
			}
			final IndexColorModel lut = (IndexColorModel) lb.getProcessor().getColorModel();
			for (int c = 0; c < kind.classCount(); c++)
				assertEquals(LabelLut.rgb(c), lut.getRGB(c) & 0xffffff);
		}
	}

	@Test
	public void imagePlusSharesTheSliceArrays() {
		final LabeledStack s = SyntheticStacks.generate(Kind.NUCLEI, 16, 12, 3, 1);
		final ImagePlus im = SampleStackWriter.image(s, "image");
		final ImagePlus lb = SampleStackWriter.labels(s, "labels");
		assertSame(s.imageSlice(2), im.getStack().getPixels(3));
		assertSame(s.labelSlice(0), lb.getStack().getPixels(1));
		assertEquals(0.4, lb.getCalibration().pixelDepth, 0);
	}

	@Test
	public void refusesToOverwriteUnlessAsked() throws IOException {
		final LabeledStack a = SyntheticStacks.generate(Kind.EM_MEMBRANES, 16, 16, 2, 1);
		final LabeledStack b = SyntheticStacks.generate(Kind.EM_MEMBRANES, 16, 16, 2, 2);
		final File image = new File(tmp.getRoot(), "image.tif");
		final File labels = new File(tmp.getRoot(), "labels.tif");
		SampleStackWriter.write(a, image, labels, false);
		final byte[] before = Files.readAllBytes(image.toPath());
		try {
			SampleStackWriter.write(b, image, labels, false);
			fail("Existing files must not be overwritten");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("already exists"));
		}
		assertArrayEquals(before, Files.readAllBytes(image.toPath()));
		SampleStackWriter.write(b, image, labels, true);
		assertArrayEquals(b.imageSlice(1), (byte[]) TiffIO.open(image).getStack().getPixels(2));
	}

	@Test
	public void writesASetInTheBundledLayout() throws IOException {
		final SampleSet set = new SampleSet(Kind.SANDSTONE_CT, new long[] { 12, 10, 8 }, 5, new long[] { 9, 9, 4 }, 6);
		final List<File> files = SampleStackWriter.writeSet(set, tmp.getRoot(), false);
		assertEquals(4, files.size());
		for (int i = 0; i < 4; i++) {
			assertEquals(new File(new File(tmp.getRoot(), "sandstone-ct"), SampleStackWriter.SET_FILES[i]), files.get(
				i));
			assertTrue(files.get(i).isFile());
		}
		final ImagePlus testLabels = TiffIO.open(files.get(3));
		assertEquals(9, testLabels.getWidth());
		assertEquals(4, testLabels.getNSlices());
		assertArrayEquals(set.test().labelSlice(3), (byte[]) testLabels.getStack().getPixels(4));
	}
}
