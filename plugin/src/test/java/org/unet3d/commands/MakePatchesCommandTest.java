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
import org.unet3d.io.TiffIO;
import org.unet3d.testutil.TestImages;

/** Make Patches shows the training patches as a hyperstack (image channels + labels, one frame per patch). */
public class MakePatchesCommandTest {

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

	private CommandModule run(final Map<String, Object> in) throws Exception {
		return context.service(CommandService.class).run(MakePatchesCommand.class, true, in).get();
	}

	@Test
	public void randomPatchesWithLabelsAlignedAndSaved() throws Exception {
		final ImagePlus[] balls = TestImages.balls(40, 36, 20, 8, 1);
		final float before = balls[0].getStack().getProcessor(3).getf(5, 5);
		final File out = new File(tmp.getRoot(), "patches.tif");
		final Map<String, Object> in = new HashMap<>();
		in.put("image", balls[0]);
		in.put("labels", balls[1]);
		in.put("patch", "8,16,16");
		in.put("count", 5);
		in.put("augment", "none");
		in.put("foreground", 1.0);
		in.put("output", out);
		final CommandModule m = run(in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		final ImagePlus p = (ImagePlus) m.getOutput("patches");
		assertEquals(16, p.getWidth());
		assertEquals(16, p.getHeight());
		assertEquals(2, p.getNChannels());
		assertEquals(8, p.getNSlices());
		assertEquals(5, p.getNFrames());
		// every patch (foreground share 1) holds ball voxels, and ball voxels are bright in the image channel
		for (int t = 1; t <= 5; t++) {
			double fg = 0;
			double bg = 0;
			int nf = 0;
			int nb = 0;
			for (int z = 1; z <= 8; z++) {
				final float[] img = (float[]) p.getStack().getPixels(p.getStackIndex(1, z, t));
				final float[] lab = (float[]) p.getStack().getPixels(p.getStackIndex(2, z, t));
				for (int i = 0; i < img.length; i++)
					if (lab[i] == 1) {
						fg += img[i];
						nf++;
					}
					else {
						bg += img[i];
						nb++;
					}
			}
			assertTrue("patch " + t + " has foreground", nf > 0);
			if (nb > 0) assertTrue("balls are brighter", fg / nf > bg / nb + 0.2);
		}
		assertTrue(out.isFile());
		assertEquals(5 * 2 * 8, TiffIO.open(out).getStackSize());
		assertEquals("input unchanged", before, balls[0].getStack().getProcessor(3).getf(5, 5), 0f);
	}

	@Test
	public void gridCoversTheStack() throws Exception {
		final ImagePlus[] balls = TestImages.balls(40, 36, 20, 8, 1);
		final Map<String, Object> in = new HashMap<>();
		in.put("image", balls[0]);
		in.put("labels", balls[1]);
		in.put("patch", "16,32,32");
		in.put("mode", "grid");
		in.put("count", 100);
		final ImagePlus p = (ImagePlus) run(in).getOutput("patches");
		// z: 20 slices in 16 with overlap 4 -> 2; y: 36 in 32 -> 2; x: 40 in 32 -> 2
		assertEquals(8, p.getNFrames());
	}

	@Test
	public void badModeIsExplained() throws Exception {
		final ImagePlus[] balls = TestImages.balls(20, 20, 8, 2, 1);
		final Map<String, Object> in = new HashMap<>();
		in.put("image", balls[0]);
		in.put("labels", balls[1]);
		in.put("mode", "diagonal");
		final CommandModule m = run(in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("random or grid"));
	}
}
