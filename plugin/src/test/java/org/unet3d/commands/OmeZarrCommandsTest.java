package org.unet3d.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;

import java.io.File;
import java.util.HashMap;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;
import org.unet3d.io.VolumeStack;
import org.unet3d.testutil.PerVoxelNetwork;
import org.unet3d.testutil.TestImages;

/**
 * The SciJava commands of OME-Zarr in a fresh context: Convert writes an OME-Zarr image with the
 * voxel size, Open shows it as a virtual stack over its chunks, and Segment, given that open image,
 * writes OME-Zarr labels and returns them as a virtual stack too (what Fiji shows).
 */
public class OmeZarrCommandsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Context context;

	@Before
	public void createContext() {
		context = new Context(CommandService.class);
	}

	@After
	public void dispose() {
		context.dispose();
	}

	private CommandModule run(final Class<? extends org.scijava.command.Command> c, final Map<String, Object> in)
		throws Exception
	{
		final CommandModule m = context.service(CommandService.class).run(c, true, in).get();
		return m;
	}

	@Test
	public void convertOpenAndSegmentGiveVirtualStacksOverChunks() throws Exception {
		final ImagePlus image = TestImages.random(16, 30, 26, 1, 12, 5);
		final File tif = new File(tmp.getRoot(), "image.tif");
		TiffIO.save(image, tif, false);
		final File zarr = new File(tmp.getRoot(), "image.zarr");
		final Map<String, Object> convert = new HashMap<>();
		convert.put("input", tif);
		convert.put("output", zarr);
		convert.put("chunks", "4,16,16");
		final CommandModule c = run(ConvertCommand.class, convert);
		assertFalse(c.getCancelReason(), c.isCanceled());
		assertTrue(String.valueOf(c.getOutput("summary")), String.valueOf(c.getOutput("summary")).contains(
			"chunks 4,16,16 (z,y,x), zlib"));

		final Map<String, Object> open = new HashMap<>();
		open.put("image", zarr);
		final ImagePlus opened = (ImagePlus) run(OpenZarrCommand.class, open).getOutput("opened");
		assertTrue(opened.getStack() instanceof VolumeStack);
		assertEquals("image.zarr", opened.getTitle());
		assertEquals(12, opened.getNSlices());
		assertEquals(1.5, opened.getCalibration().pixelDepth, 1e-9);
		for (int z = 1; z <= 12; z++)
			assertTrue("slice " + z, java.util.Arrays.equals((short[]) image.getStack().getPixels(z), (short[]) opened
				.getStack().getPixels(z)));

		final File model = new File(tmp.getRoot(), "m.zip");
		ModelFile.write(new PerVoxelNetwork(2, 1).model, model);
		final Map<String, Object> segment = new HashMap<>();
		segment.put("image", opened);
		segment.put("model", model);
		segment.put("output", new File(tmp.getRoot(), "labels.zarr"));
		final CommandModule s = run(SegmentCommand.class, segment);
		assertFalse(s.getCancelReason(), s.isCanceled());
		final ImagePlus labels = (ImagePlus) s.getOutput("labels");
		assertEquals(12, labels.getNSlices());
		assertEquals(8, labels.getBitDepth());

		final Map<String, Object> notZarr = new HashMap<>();
		notZarr.put("image", tmp.newFolder("plain"));
		final CommandModule bad = run(OpenZarrCommand.class, notZarr);
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason(), bad.getCancelReason().contains("is not an OME-Zarr image"));
	}
}
