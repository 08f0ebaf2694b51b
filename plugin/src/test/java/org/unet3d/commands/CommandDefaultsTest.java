package org.unet3d.commands;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.unet3d.commands.CommandInputs.Input;
import org.unet3d.data.Augmentation;
import org.unet3d.data.Clahe;
import org.unet3d.data.Volume;
import org.unet3d.planning.Blending;
import org.unet3d.inference.FolderSegmentation;
import org.unet3d.planning.TilePlan;
import org.unet3d.inference.TiledPredictor;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.model.SegmentationModel;
import org.unet3d.testutil.PerVoxelNetwork;
import org.unet3d.testutil.TestImages;
import org.unet3d.training.ConvolutionKernels;
import org.unet3d.training.LearningRateSchedule;
import org.unet3d.training.PatchPreview;
import org.unet3d.training.TrainingConfig;
import org.unet3d.training.loss.LossKind;

/**
 * The defaults and choices users see (dialogs, macros, the command line's usage) are the core's:
 * a command left at its defaults does what the core does by default, and each choice it offers
 * is one the core knows, all of them covered. Written once in the core, they cannot drift apart.
 */
public class CommandDefaultsTest {

	@ClassRule
	public static TemporaryFolder tmp = new TemporaryFolder();

	private static Context context;

	@BeforeClass
	public static void createContext() {
		context = new Context(CommandService.class);
	}

	@AfterClass
	public static void dispose() {
		context.dispose();
	}

	private static Input input(final Class<? extends Command> command, final String name) {
		return CommandInputs.of(context, command).find(name);
	}

	/** A train command with one field set as a macro or the command line would set it. */
	private static TrainCommand train(final String key, final Object value) {
		final Module module = context.service(ModuleService.class).createModule(context.service(CommandService.class)
			.getCommand(TrainCommand.class));
		module.setInput(key, value);
		return (TrainCommand) module.getDelegateObject();
	}

	@Test
	public void trainingLeftAtItsDefaultsIsTheCoresDefaultTraining() {
		assertEquals(TrainingConfig.builder().build().toJson(), new TrainCommand().config().toJson());
		assertEquals("0", input(TrainCommand.class, "epochs").defaultText); // 0 = the time budget, or 30 epochs
		assertEquals("0.001", input(TrainCommand.class, "learningRate").defaultText);
		assertEquals("0.1", input(TrainCommand.class, "validation").defaultText);
	}

	@Test
	public void everyTrainingChoiceIsOneTheCoreKnowsAndAllAreOffered() {
		final Set<LossKind> losses = EnumSet.noneOf(LossKind.class);
		for (final String c : input(TrainCommand.class, "loss").choices)
			losses.add(train("loss", c).config().loss().kind());
		assertEquals(EnumSet.allOf(LossKind.class), losses);
		final Set<LearningRateSchedule> schedules = EnumSet.noneOf(LearningRateSchedule.class);
		for (final String c : input(TrainCommand.class, "schedule").choices)
			schedules.add(train("schedule", c).config().schedule().learningRateSchedule());
		assertEquals(EnumSet.allOf(LearningRateSchedule.class), schedules);
		final Set<Clahe.Mode> clahe = EnumSet.noneOf(Clahe.Mode.class);
		for (final String c : input(TrainCommand.class, "clahe").choices)
			clahe.add(train("clahe", c).config().preprocessing().clahe().mode());
		assertEquals(EnumSet.allOf(Clahe.Mode.class), clahe);
		final Set<ConvolutionKernels> kernels = EnumSet.noneOf(ConvolutionKernels.class);
		for (final String c : input(TrainCommand.class, "kernels").choices)
			kernels.add(train("kernels", c).config().network().kernels());
		assertEquals(EnumSet.allOf(ConvolutionKernels.class), kernels);
		final List<Augmentation> augmentations = new ArrayList<>();
		for (final String c : input(TrainCommand.class, "augment").choices)
			augmentations.add(train("augment", c).config().sampling().augmentation());
		assertEquals(Arrays.asList(Augmentation.standard(), Augmentation.withElastic(), Augmentation.none()),
			augmentations);
	}

	@Test
	public void patchesAndEvaluationStartFromTheTrainingDefaults() {
		for (final String key : new String[] { "augment", "foreground", "ignore", "clahe", "claheBlock", "claheSlope",
			"seed" })
		{
			final Input patches = input(MakePatchesCommand.class, key);
			final Input train = input(TrainCommand.class, key);
			assertEquals(key, train.defaultText, patches.defaultText);
			assertEquals(key, train.choices, patches.choices);
		}
		assertEquals(input(TrainCommand.class, "ignore").defaultText, input(EvaluateCommand.class, "ignore")
			.defaultText);
		final Set<PatchPreview.Mode> modes = EnumSet.noneOf(PatchPreview.Mode.class);
		for (final String c : input(MakePatchesCommand.class, "mode").choices)
			modes.add(PatchPreview.Mode.parse(c));
		assertEquals(EnumSet.allOf(PatchPreview.Mode.class), modes);
		assertEquals(PatchPreview.Mode.parse(""), PatchPreview.Mode.parse(input(MakePatchesCommand.class, "mode")
			.defaultText));
	}

	@Test
	public void segmentationLeftAtItsDefaultsTilesAsTheCoreDoes() {
		final SegmentationModel model = new PerVoxelNetwork(2, 3).model;
		final Volume<?> stack = ImagePlusBridge.wrap(TestImages.balls(40, 36, 20, 4, 1)[0]);
		final TilePlan core = TiledPredictor.of(model).build().plan(stack);
		for (final Class<? extends Command> command : Arrays.<Class<? extends Command>> asList(SegmentCommand.class,
			SegmentFolderCommand.class))
		{
			final CommandInputs in = CommandInputs.of(context, command);
			final TilePlan ours = SegmentationSettings.predictor(model, in.find("tile").defaultText, in.find("overlap")
				.defaultText, Integer.parseInt(in.find("batch").defaultText), in.find("blending").defaultText, Boolean
					.parseBoolean(in.find("flips").defaultText)).plan(stack);
			assertArrayEquals(core.tileZYX(), ours.tileZYX());
			assertArrayEquals(core.overlapZYX(), ours.overlapZYX());
			assertEquals(core.batch(), ours.batch());
			assertEquals(core.blending(), ours.blending());
			assertEquals(core.flips(), ours.flips());
			final Set<Blending> modes = EnumSet.noneOf(Blending.class);
			for (final String c : in.find("blending").choices)
				modes.add(SegmentationSettings.blending(c));
			assertEquals(EnumSet.allOf(Blending.class), modes);
		}
	}

	@Test
	public void theFolderPatternIsTheCoresDefault() throws Exception {
		final File folder = tmp.newFolder("stacks");
		for (final String name : new String[] { "a.tif", "b.TIF", "c.tiff", "notes.txt" })
			assertTrue(new File(folder, name).createNewFile());
		final String pattern = input(SegmentFolderCommand.class, "pattern").defaultText;
		assertEquals(FolderSegmentation.inputs(folder, ""), FolderSegmentation.inputs(folder, pattern));
		assertTrue(FolderSegmentation.inputs(folder, pattern).contains(new File(folder, "a.tif")));
	}
}
