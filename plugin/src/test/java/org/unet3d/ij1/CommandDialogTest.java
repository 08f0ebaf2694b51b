package org.unet3d.ij1;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import ij.plugin.frame.Recorder;

import java.io.File;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.unet3d.commands.CommandInputs;
import org.unet3d.commands.CommandInputs.Input;
import org.unet3d.commands.CommandInputs.Kind;
import org.unet3d.commands.EvaluateCommand;
import org.unet3d.commands.KeyValues;
import org.unet3d.commands.SegmentCommand;
import org.unet3d.commands.TrainCommand;
import org.unet3d.io.ModelFile;

/**
 * What the ImageJ 1 dialogs are built from (the commands' inputs), what they record for the Macro
 * Recorder (and that it parses back to the same values), and how they validate input before a
 * run starts. The dialog windows themselves are driven in the real ImageJ under Xvfb (see
 * .ci/real-client-test, which also records macros/recorded/segment-nuclei.ijm).
 */
public class CommandDialogTest {

	@ClassRule
	public static TemporaryFolder tmp = new TemporaryFolder();

	private static Context context;
	private static File model;

	@BeforeClass
	public static void setUp() throws Exception {
		context = new Context(CommandService.class);
		model = tmp.newFile("model.zip");
		ModelFile.write(TestModels.small(), model);
	}

	@AfterClass
	public static void tearDown() {
		context.dispose();
	}

	@Test
	public void inputsOfTrain() {
		final CommandInputs in = CommandInputs.of(context, TrainCommand.class);
		assertEquals("Train 3D U-Net", in.title());
		assertEquals(Kind.IMAGE, in.find("image").kind);
		assertEquals(Kind.IMAGE, in.find("labels").kind);
		assertEquals(Kind.SAVE_FILE, in.find("model").kind);
		assertEquals("zip", in.find("model").extension);
		assertEquals("a model to read, by its style, whatever its name", Kind.MODEL_FILE, in.find("resume").kind);
		assertEquals(Kind.MODEL_FILE, in.find("finetune").kind);
		assertEquals(Kind.OPEN_FILE, in.find("validationLabels").kind);
		assertEquals(Kind.FOLDER, in.find("folder").kind);
		assertEquals(Kind.SIZE, in.find("patch").kind);
		assertEquals(Kind.CHOICE, in.find("loss").kind);
		assertEquals("[ce+dice, ce, dice]", in.find("loss").choices.toString());
		assertEquals(Kind.INTEGER, in.find("epochs").kind);
		assertEquals("0", in.find("epochs").defaultText);
		assertEquals(0.0, in.find("epochs").min, 0);
		final Input lr = in.find("learningrate");
		assertEquals("learningRate", lr.name);
		assertEquals(Kind.NUMBER, lr.kind);
		assertEquals("0.001", lr.defaultText);
		assertEquals(Kind.CHECKBOX, in.find("overwrite").kind);
		assertFalse("overwrite is never remembered", in.find("overwrite").persisted);
		assertTrue(in.keys(), in.keys().startsWith("image, labels, instances, folder, model, savederivedlabels, classnames, epochs"));
		assertNull("services are not inputs", in.find("status"));
		assertEquals(Kind.MODEL_FILE, CommandInputs.of(context, SegmentCommand.class).find("model").kind);
		assertEquals("Learning rate (default 0.001)", lr.help());
		assertEquals("Model file: Where to save the model (.zip): the best one by validation Dice; a checkpoint, a " +
			"CSV log and a curve PNG are written beside it (needed)", in.find("model").help());
	}

	@Test
	public void recordedOptionsParseBackToTheSameValues() {
		final CommandInputs in = CommandInputs.of(context, TrainCommand.class);
		final Map<String, String> values = new LinkedHashMap<>();
		values.put("image", "my stack.tif");
		values.put("labels", "labels.tif");
		values.put("model", "/tmp/a folder/m.zip");
		values.put("classNames", "background,nucleus");
		values.put("epochs", "3");
		values.put("learningRate", "0.0005");
		values.put("overwrite", "true");
		final boolean was = Recorder.record;
		try {
			Recorder.record = true;
			Recorder.resetCommandOptions();
			MacroRecording.record(in, values);
			final String recorded = Recorder.getCommandOptions();
			assertEquals("image=[my stack.tif] labels=labels.tif model=[/tmp/a folder/m.zip] " +
				"classnames=background,nucleus epochs=3 learningrate=0.0005 overwrite", recorded);
			final Map<String, String> back = new LinkedHashMap<>();
			for (final Map.Entry<String, String> e : KeyValues.parse(recorded).entrySet())
				back.put(in.find(e.getKey()).name, e.getValue());
			assertEquals(values, back);
		}
		finally {
			Recorder.resetCommandOptions();
			Recorder.record = was;
		}
	}

	@Test
	public void uncheckedCheckboxesAreLeftOutUnlessTheyDefaultToChecked() {
		final CommandInputs in = CommandInputs.of(context, SegmentCommand.class);
		final Map<String, String> values = new LinkedHashMap<>();
		values.put("image", "a");
		values.put("model", "m.zip");
		values.put("overwrite", "false");
		final boolean was = Recorder.record;
		try {
			Recorder.record = true;
			Recorder.resetCommandOptions();
			MacroRecording.record(in, values);
			assertEquals("image=a model=m.zip", Recorder.getCommandOptions());
		}
		finally {
			Recorder.resetCommandOptions();
			Recorder.record = was;
		}
	}

	@Test
	public void validationNamesTheProblemBeforeARun() throws Exception {
		final CommandDialog train = new CommandDialog(CommandInputs.of(context, TrainCommand.class));
		final Map<String, String> v = new LinkedHashMap<>();
		v.put("image", "stack");
		v.put("labels", "stack-labels");
		v.put("model", new File(tmp.getRoot(), "new.zip").getPath());
		v.put("epochs", "3");
		v.put("overwrite", "false");
		assertNull(train.problem(v));
		v.put("epochs", "three");
		assertEquals("Epochs: \"three\" is not a whole number.", train.problem(v));
		v.put("epochs", "-1");
		assertEquals("Epochs must be at least 0.", train.problem(v));
		v.put("epochs", "3");
		v.put("labels", "stack");
		assertTrue(train.problem(v), train.problem(v).contains("\"stack\" is chosen twice"));
		v.put("labels", "stack-labels");
		v.put("model", model.getPath());
		assertTrue(train.problem(v), train.problem(v).contains("model.zip exists. Check \"Overwrite"));
		v.put("overwrite", "true");
		assertNull(train.problem(v));
		v.put("model", new File(tmp.getRoot(), "no such folder/m.zip").getPath());
		assertTrue(train.problem(v), train.problem(v).startsWith("Model file: Cannot write ") && train.problem(v)
			.contains("does not exist"));
		v.put("model", tmp.getRoot().getPath());
		assertTrue(train.problem(v), train.problem(v).contains("it is a folder"));
		v.put("model", "");
		assertEquals("Model file: this is needed.", train.problem(v));
		v.put("model", new File(tmp.getRoot(), "new.zip").getPath());
		v.put("patch", "16,32");
		assertTrue(train.problem(v), train.problem(v).startsWith("Patch size z,y,x (empty = automatic) \"16,32\" is " +
			"not understood: give z,y,x"));
		v.put("patch", "16,32,32");
		assertNull(train.problem(v));
		v.put("resume", notAModel().getPath());
		assertTrue("a checkpoint to resume from is checked as a model", train.problem(v).startsWith("notes.zip is " +
			"not a usable 3D U-Net model"));

		final CommandDialog segment = new CommandDialog(CommandInputs.of(context, SegmentCommand.class));
		final Map<String, String> s = new LinkedHashMap<>();
		s.put("image", "stack");
		s.put("model", model.getPath());
		assertNull(segment.problem(s));
		s.put("model", notAModel().getPath());
		assertTrue(segment.problem(s), segment.problem(s).startsWith("notes.zip is not a usable 3D U-Net model"));
		s.put("model", new File(tmp.getRoot(), "missing.zip").getPath());
		assertTrue(segment.problem(s), segment.problem(s).contains("there is no file"));

		final CommandDialog evaluate = new CommandDialog(CommandInputs.of(context, EvaluateCommand.class));
		final Map<String, String> e = new LinkedHashMap<>();
		e.put("prediction", "a-labels");
		e.put("truth", "b-labels");
		e.put("ignore", "-1");
		assertNull(evaluate.problem(e));
	}

	/** A .zip file that is no model. */
	private static File notAModel() throws Exception {
		final File f = new File(tmp.getRoot(), "notes.zip");
		Files.write(f.toPath(), "hello".getBytes("UTF-8"));
		return f;
	}
}
