package org.unet3d.reliability;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.measure.Calibration;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogService;
import org.unet3d.commands.CommandRunner;
import org.unet3d.commands.EvaluateCommand;
import org.unet3d.commands.MakePatchesCommand;
import org.unet3d.commands.SegmentCommand;
import org.unet3d.commands.TrainCommand;

/**
 * Row N1 of docs/errors.md: no command changes the images it is given (pixels, calibration, title,
 * "changed" flag), and segmentation results are new images.
 */
public class InputsUnchangedTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final Context context = new Context(CommandService.class, StatusService.class, LogService.class,
		ConvertService.class);

	@After
	public void dispose() {
		context.dispose();
	}

	/** Everything about an image a command could change. */
	private static final class Snapshot {

		final String title;
		final boolean changes;
		final String calibration;
		final int[] dimensions;
		final List<Object> pixels = new ArrayList<>();

		Snapshot(final ImagePlus imp) {
			title = imp.getTitle();
			changes = imp.changes;
			final Calibration c = imp.getCalibration();
			calibration = c.pixelWidth + " " + c.pixelHeight + " " + c.pixelDepth + " " + c.getUnit() + " " + c.xOrigin +
				" " + c.frameInterval;
			dimensions = imp.getDimensions();
			for (int i = 1; i <= imp.getStackSize(); i++) {
				final Object p = imp.getStack().getPixels(i);
				pixels.add(p instanceof float[] ? ((float[]) p).clone() : p instanceof byte[] ? ((byte[]) p).clone()
					: ((short[]) p).clone());
			}
		}

		void assertSame(final ImagePlus imp, final String command) {
			final Snapshot now = new Snapshot(imp);
			assertEquals(command, title, now.title);
			assertEquals(command, changes, now.changes);
			assertEquals(command, calibration, now.calibration);
			assertArrayEquals(command, dimensions, now.dimensions);
			for (int i = 0; i < pixels.size(); i++) {
				final Object a = pixels.get(i), b = now.pixels.get(i);
				if (a instanceof float[]) assertArrayEquals(command + " slice " + (i + 1), (float[]) a, (float[]) b, 0f);
				else if (a instanceof byte[]) assertArrayEquals(command + " slice " + (i + 1), (byte[]) a, (byte[]) b);
				else assertArrayEquals(command + " slice " + (i + 1), (short[]) a, (short[]) b);
			}
		}
	}

	private CommandRunner.Result run(final Class<? extends Command> command, final Map<String, ImagePlus> images,
		final String... keyValues) throws IOException
	{
		final Map<String, String> values = new LinkedHashMap<>();
		for (final String kv : keyValues)
			values.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
		final CommandRunner.Result r = new CommandRunner(context).run(command, values, (k, v) -> images.get(v));
		assertFalse(command.getSimpleName() + ": " + r.error(), r.failed());
		return r;
	}

	@Test
	public void noCommandChangesItsInputImages() throws IOException {
		final ImagePlus image = Fixtures.stack(24, 24, 1, 16, 1);
		image.setTitle("cells.tif");
		image.getCalibration().pixelWidth = 0.5;
		image.getCalibration().pixelHeight = 0.5;
		image.getCalibration().pixelDepth = 2;
		image.getCalibration().setUnit("micron");
		final ImagePlus labels = Fixtures.labels(24, 24, 16);
		labels.setTitle("cells-labels.tif");
		final Map<String, ImagePlus> images = new HashMap<>();
		images.put("image", image);
		images.put("labels", labels);
		final Snapshot imageBefore = new Snapshot(image);
		final Snapshot labelsBefore = new Snapshot(labels);
		final File model = new File(tmp.getRoot(), "model.zip");

		run(TrainCommand.class, images, Fixtures.join(new String[] { "image=image", "labels=labels", "model=" + model },
			Fixtures.TINY_TRAINING));
		imageBefore.assertSame(image, "train");
		labelsBefore.assertSame(labels, "train");

		final ImagePlus segmented = (ImagePlus) run(SegmentCommand.class, images, "image=image", "model=" + model)
			.output("labels");
		imageBefore.assertSame(image, "segment");
		assertNotSame(image, segmented);
		assertEquals("cells-labels", segmented.getTitle());
		for (int z = 1; z <= 16; z++)
			assertNotSame(image.getStack().getPixels(z), segmented.getStack().getPixels(z));
		assertEquals(0.5, segmented.getCalibration().pixelWidth, 0);

		images.put("segmented", segmented);
		final Snapshot segmentedBefore = new Snapshot(segmented);
		run(EvaluateCommand.class, images, "prediction=segmented", "truth=labels");
		segmentedBefore.assertSame(segmented, "evaluate");
		labelsBefore.assertSame(labels, "evaluate");

		final ImagePlus patches = (ImagePlus) run(MakePatchesCommand.class, images, "image=image", "labels=labels",
			"patch=8,8,8", "count=2").output("patches");
		imageBefore.assertSame(image, "make-patches");
		labelsBefore.assertSame(labels, "make-patches");
		assertNotSame(image, patches);
		assertTrue(patches.getStackSize() > 0);
	}
}
