package org.unet3d.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;

import java.awt.event.KeyEvent;
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
import org.unet3d.testutil.TestImages;

/** The Train, Segment and Evaluate commands run headless through SciJava's CommandService. */
public class CommandsTest {

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
		return context.service(CommandService.class).run(c, true, in).get();
	}

	@Test
	public void trainSegmentEvaluate() throws Exception {
		final ImagePlus[] train = TestImages.balls(32, 32, 32, 12, 1);
		final ImagePlus[] test = TestImages.balls(40, 36, 28, 14, 2);
		final File model = new File(tmp.getRoot(), "balls.zip");
		final Map<String, Object> t = new HashMap<>();
		t.put("image", train[0]);
		t.put("labels", train[1]);
		t.put("model", model);
		t.put("epochs", 12);
		t.put("filters", 4);
		t.put("depth", 2);
		t.put("patch", "16,16,16");
		t.put("seed", 3L);
		final CommandModule trained = run(TrainCommand.class, t);
		assertFalse(trained.getCancelReason(), trained.isCanceled());
		assertTrue(((String) trained.getOutput("summary")).contains("Saved"));
		assertEquals(2, ModelFile.readMetadata(model).classes());
		// a short summary: the files, epochs and steps, why it ended, the best epoch's Dice; not the stored JSON
		final String summary = (String) trained.getOutput("summary");
		for (final String part : new String[] { "Saved " + model, "balls-checkpoint.zip, balls-log.csv, balls-curve.png",
			"12 epochs, 300 steps", "(finished 12 epochs)", "Best epoch ", "validation Dice: background 0." })
			assertTrue(summary, summary.contains(part));
		assertTrue(summary, summary.split("\n").length == 4 && !summary.contains("{"));
		// info shows the same lines, and the stored JSON only when asked
		final Map<String, Object> i = new HashMap<>();
		i.put("model", model);
		final String info = (String) run(ModelInfoCommand.class, i).getOutput("info");
		assertTrue(info, info.contains(summary.substring(summary.indexOf('\n') + 1)));
		assertTrue(info, info.contains("Patch size (z,y,x): 16,16,16") && !info.contains("{"));
		i.put("json", true);
		final String json = (String) run(ModelInfoCommand.class, i).getOutput("info");
		assertEquals(ModelFile.readMetadata(model), org.unet3d.model.ModelMetadata.fromJson(json));
		assertTrue(json, json.contains("\"state\"") && json.contains("\"history\""));

		final float before = test[0].getStack().getProcessor(5).getf(10, 10);
		final Map<String, Object> s = new HashMap<>();
		s.put("image", test[0]);
		s.put("model", model);
		final CommandModule segmented = run(SegmentCommand.class, s);
		assertFalse(segmented.getCancelReason(), segmented.isCanceled());
		final ImagePlus labels = (ImagePlus) segmented.getOutput("labels");
		assertEquals(test[0].getWidth(), labels.getWidth());
		assertEquals(test[0].getNSlices(), labels.getNSlices());
		assertEquals(8, labels.getBitDepth());
		assertEquals("input must not change", before, test[0].getStack().getProcessor(5).getf(10, 10), 0f);

		final Map<String, Object> e = new HashMap<>();
		e.put("prediction", labels);
		e.put("truth", test[1]);
		final CommandModule evaluated = run(EvaluateCommand.class, e);
		final double dice = (Double) evaluated.getOutput("meanDice");
		assertTrue("mean Dice " + dice + "\n" + evaluated.getOutput("report"), dice > 0.85);
	}

	@Test
	public void badInputCancelsWithAClearMessage() throws Exception {
		final ImagePlus[] a = TestImages.balls(16, 16, 8, 2, 1);
		final ImagePlus[] b = TestImages.balls(20, 16, 8, 2, 1);
		final Map<String, Object> t = new HashMap<>();
		t.put("image", a[0]);
		t.put("labels", b[1]);
		t.put("model", new File(tmp.getRoot(), "m.zip"));
		final CommandModule m = run(TrainCommand.class, t);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("differ in size"));
		assertFalse(new File(tmp.getRoot(), "m.zip").exists());
	}

	@Test
	public void escapeDuringTrainingIsACancelThatKeepsTheSummary() throws Exception {
		final ImagePlus[] train = TestImages.balls(24, 24, 16, 5, 1);
		final Map<String, String> v = new HashMap<>();
		v.put("image", "image");
		v.put("labels", "labels");
		v.put("model", new File(tmp.getRoot(), "m.zip").getPath());
		v.put("epochs", "2");
		v.put("filters", "4");
		v.put("depth", "1");
		v.put("patch", "16,16,16");
		v.put("stepsPerEpoch", "3");
		v.put("nan", "0"); // no scan for NaN voxels, which would take the Esc before training starts
		final CommandRunner.Result r;
		IJ.setKeyDown(KeyEvent.VK_ESCAPE); // as if the user pressed Esc: ImageJ's flag, which the commands poll
		try {
			r = new CommandRunner(context).run(TrainCommand.class, v, (k, p) -> k.equals("image") ? train[0]
				: train[1]);
		}
		finally {
			IJ.resetEscape();
		}
		assertEquals(Outcome.CANCELED, r.outcome());
		assertEquals("Training canceled.", r.message());
		assertNull("a cancel is no error", r.error());
		assertTrue("the summary says why training stopped: " + r.output("summary"), String.valueOf(r.output(
			"summary")).contains("canceled"));
	}
}
