package org.unet3d.ij1;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.unet3d.commands.CommandRunner;
import org.unet3d.commands.PluginCommand;
import org.unet3d.commands.SegmentCommand;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;
import org.unet3d.testutil.TestImages;

/**
 * The ImageJ 1 front-ends as a macro runs them, in a headless JVM: options as
 * {@code run("...", "key=value")} gives them, images by window title or file path, results as a
 * new (batch-mode) image or a file, and problems reported on stderr, stopping the macro; a cancel
 * stops it too, without an error.
 */
public class CommandPlugInTest {

	@ClassRule
	public static TemporaryFolder shared = new TemporaryFolder();

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static File model;
	private static File testImage;
	private static ImagePlus[] test;

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();
	private PrintStream stderr;
	private String threadName;

	/** A small untrained model (the tests check the plumbing, not accuracy) and a test stack file. */
	@BeforeClass
	public static void writeModel() throws Exception {
		model = shared.newFile("small.zip");
		ModelFile.write(TestModels.small(), model);
		test = TestImages.balls(28, 20, 12, 5, 2);
		testImage = shared.newFile("test stack.tif");
		TiffIO.save(test[0], testImage, true);
	}

	@Before
	public void asMacro() {
		threadName = Thread.currentThread().getName();
		Thread.currentThread().setName("Run$_" + threadName); // the thread of a running macro
		Interpreter.batchMode = true;
		stderr = System.err;
		System.setErr(new PrintStream(err, true));
	}

	@After
	public void restore() {
		System.setErr(stderr);
		Macro.setOptions(null);
		Interpreter.batchMode = false;
		Thread.currentThread().setName(threadName);
	}

	/** A command the user cancels at once: the core throws this when it sees its progress canceled (Esc). */
	@Plugin(type = Command.class, headless = true, label = "Cancel probe")
	public static class CanceledAtOnce extends PluginCommand {

		@Parameter(required = false)
		private String what = "";

		public CanceledAtOnce() {
			super("Probing");
		}

		@Override
		protected void execute() {
			throw new CancellationException();
		}
	}

	private static void run(final CommandPlugIn plugin, final String options) {
		Macro.setOptions(options);
		plugin.run("");
	}

	/** The reference: the same command through CommandRunner, as the command line runs it. */
	private static ImagePlus segmentDirectly(final File image) throws Exception {
		try (Context context = new Context(CommandService.class)) {
			final Map<String, String> v = new LinkedHashMap<>();
			v.put("image", image.getPath());
			v.put("model", model.getPath());
			final CommandRunner.Result r = new CommandRunner(context).run(SegmentCommand.class, v, (k, p) -> TiffIO.open(
				new File(p)));
			assertFalse(r.error(), r.failed());
			return (ImagePlus) r.output("labels");
		}
	}

	private static byte[] voxels(final ImagePlus imp) {
		final int n = imp.getWidth() * imp.getHeight();
		final byte[] all = new byte[n * imp.getStackSize()];
		for (int z = 0; z < imp.getStackSize(); z++)
			System.arraycopy((byte[]) imp.getStack().getPixels(z + 1), 0, all, z * n, n);
		return all;
	}

	private static boolean contains(final byte[] a, final int v) {
		for (final byte b : a)
			if (b == v) return true;
		return false;
	}

	@Test
	public void segmentsAnOpenImageByTitleIntoANewImage() throws Exception {
		final ImagePlus input = TiffIO.open(testImage);
		input.setTitle("open stack");
		input.show(); // batch mode: no window, but found by title
		final float before = input.getStack().getProcessor(3).getf(5, 5);
		run(new Segment_UNet3D(), "image=[open stack] model=[" + model + "]");
		final ImagePlus labels = WindowManager.getCurrentImage();
		assertNotNull(labels);
		assertEquals("open stack-labels", labels.getTitle());
		assertEquals(input.getNSlices(), labels.getNSlices());
		final byte[] reference = voxels(segmentDirectly(testImage));
		assertTrue("both classes occur, so the comparison means something", contains(reference, 0) && contains(
			reference, 1));
		assertArrayEquals("same voxels as the command line", reference, voxels(labels));
		assertEquals("input unchanged", before, input.getStack().getProcessor(3).getf(5, 5), 0f);
		labels.close();
		input.close();
	}

	@Test
	public void segmentsAFileIntoAFileWithRecordedLowerCaseKeys() throws Exception {
		final File out = new File(tmp.getRoot(), "labels.tif");
		final int open = WindowManager.getImageCount();
		run(new Segment_UNet3D(), "image=[" + testImage + "] MODEL=[" + model + "] output=[" + out + "] batch=2");
		assertEquals("saved, not opened", open, WindowManager.getImageCount());
		assertArrayEquals(voxels(segmentDirectly(testImage)), voxels(TiffIO.open(out)));
	}

	@Test
	public void evaluateLogsMeanDice() throws Exception {
		final File truth = new File(tmp.getRoot(), "truth.tif");
		TiffIO.save(test[1], truth, false);
		final ByteArrayOutputStream log = new ByteArrayOutputStream();
		final PrintStream stdout = System.out;
		System.setOut(new PrintStream(log, true)); // IJ.log prints to stdout without an ImageJ window
		try {
			run(new Evaluate_UNet3D(), "prediction=[" + truth + "] truth=[" + truth + "]");
		}
		finally {
			System.setOut(stdout);
		}
		assertTrue(log.toString(), log.toString().contains("Mean Dice: 1.0000"));
	}

	@Test
	public void problemsGoToStderrAndStopTheMacro() {
		expectMacroStopped(new Segment_UNet3D(), "image=[" + testImage + "] modle=x.zip", "Unknown key \"modle\"");
		expectMacroStopped(new Segment_UNet3D(), "image=[no such stack] model=[" + model + "]",
			"no open image with this title and no file");
		expectMacroStopped(new Model_Info_UNet3D(), "model=/nonexistent/m.zip", "does not exist");
		expectMacroStopped(new Train_UNet3D(), "image=[" + testImage + "] labels=[" + testImage + "] model=[" + model +
			"]", "exists");
		assertTrue("the model was not touched", model.length() > 0);
	}

	private void expectMacroStopped(final CommandPlugIn plugin, final String options, final String message) {
		err.reset();
		try {
			run(plugin, options);
			fail("the macro should have been stopped; stderr: " + err);
		}
		catch (final RuntimeException e) {
			assertEquals(Macro.MACRO_CANCELED, e.getMessage());
		}
		final String printed = err.toString();
		assertTrue(printed, printed.contains("Error: ") && printed.substring(printed.indexOf("Error: ")).contains(
			message));
	}

	@Test
	public void aCancelStopsTheMacroWithoutAnError() {
		err.reset();
		try {
			run(new CommandPlugIn(CanceledAtOnce.class) {}, "what=x");
			fail("the macro should have been stopped; stderr: " + err);
		}
		catch (final RuntimeException e) {
			assertEquals(Macro.MACRO_CANCELED, e.getMessage());
		}
		assertTrue(err.toString(), err.toString().contains("Probing canceled."));
		assertFalse("a cancel is not reported as an error: " + err, err.toString().contains("Error"));
	}

	@Test
	public void withoutOptionsAndWithoutDisplayItExplainsInsteadOfOpeningADialog() {
		Thread.currentThread().setName(threadName); // not a macro: no options
		Macro.setOptions(null);
		assertTrue(java.awt.GraphicsEnvironment.isHeadless());
		new Model_Info_UNet3D().run("");
		assertTrue(err.toString(), err.toString().contains("needs its options when there is no display"));
		assertTrue(err.toString(), err.toString().contains("Keys: model"));
		assertEquals(null, IJ.getInstance());
	}

	@Test
	public void theContextHasOnlySciJavasOwnServices() {
		final java.util.Set<String> services = new java.util.TreeSet<>();
		for (final org.scijava.service.Service service : PluginContext.get().getServiceIndex())
			services.add(service.getClass().getName());
		// all listed in PluginContext, so none is picked from the class path (Fiji has many more)
		assertEquals("[org.scijava.app.DefaultAppService, org.scijava.app.DefaultStatusService, " +
			"org.scijava.command.DefaultCommandService, org.scijava.convert.DefaultConvertService, " +
			"org.scijava.event.DefaultEventService, org.scijava.log.StderrLogService, " +
			"org.scijava.module.DefaultModuleService, org.scijava.object.DefaultObjectService, " +
			"org.scijava.plugin.DefaultPluginService, org.scijava.prefs.DefaultPrefService, " +
			"org.scijava.thread.DefaultThreadService]", services.toString());
	}

	@Test
	public void modelInfoLogsTheMetadata() throws Exception {
		final ByteArrayOutputStream log = new ByteArrayOutputStream();
		final PrintStream stdout = System.out;
		System.setOut(new PrintStream(log, true));
		try {
			run(new Model_Info_UNet3D(), "model=[" + model + "]");
		}
		finally {
			System.setOut(stdout);
		}
		assertTrue(log.toString(), log.toString().contains("Classes: 0 = background, 1 = ball"));
		assertTrue(log.toString(), log.toString().contains(model.getPath()));
	}
}
