package org.unet3d.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.unet3d.commands.CommandInputs;
import org.unet3d.commands.CommandInputs.Input;
import org.unet3d.commands.TrainCommand;
import org.unet3d.training.TrainingConfig;

/**
 * The command line's help is made from the commands' parameters: every key of every command is in
 * it with its default or its choices, and the defaults are the core's.
 */
public class UsageTest {

	private static Context context;

	@BeforeClass
	public static void createContext() {
		context = new Context(CommandService.class);
	}

	@AfterClass
	public static void dispose() {
		context.dispose();
	}

	/** The part of the usage on one command: from "name: " to the next empty line. */
	private static String section(final String usage, final String name) {
		final int start = usage.indexOf("\n" + name + ": ");
		assertTrue("no section " + name + " in\n" + usage, start >= 0);
		final int end = usage.indexOf("\n\n", start + 1);
		return usage.substring(start + 1, end < 0 ? usage.length() : end).replaceAll("\\s+", " ");
	}

	@Test
	public void everyKeyOfEveryCommandIsThereWithItsDefaultOrChoices() {
		final String usage = Usage.all(context, Main.COMMANDS);
		int keys = 0;
		for (final Map.Entry<String, Class<? extends Command>> e : Main.COMMANDS.entrySet()) {
			final String s = section(usage, e.getKey());
			final CommandInputs in = CommandInputs.of(context, e.getValue());
			assertTrue(s, s.startsWith(e.getKey() + ": " + in.description()));
			for (final Input input : in.all()) {
				keys++;
				final String shown;
				if (input.needed()) shown = " " + input.name + "=<";
				else if (input.kind == CommandInputs.Kind.CHOICE) shown = "[" + input.name + "=" + String.join("|",
					input.choices) + "]";
				else if (!input.defaultText.isEmpty()) shown = "[" + input.name + "=" + input.defaultText + "]";
				else shown = "[" + input.name + "=";
				assertTrue(e.getKey() + " lacks " + shown + ": " + s, s.contains(shown));
			}
		}
		assertTrue("all commands together have many keys: " + keys, keys > 60);
		for (final String line : usage.split("\n"))
			assertTrue("longer than 100 characters: " + line, line.length() <= 100);
	}

	@Test
	public void theUsageSaysWhatTheHandWrittenOneSaid() {
		final String usage = Usage.all(context, Main.COMMANDS);
		final String train = section(usage, "train");
		final TrainingConfig core = TrainingConfig.builder().build();
		for (final String s : new String[] { "model=<zip>", "[epochs=" + core.schedule().epochs() + "]", "[epochs=0]",
			"[minutes=0]", "[stepsPerEpoch=0]", "[seed=42]", "[patch=z,y,x]", "[validation=0.1]",
			"[validationLabels=<tif|zarr>]", "[ignore=-1]", "[resume=<zip>]", "[finetune=<zip>]", "[folder=<folder>]",
			"[classes=0]", "[batch=2]", "[filters=16]", "[depth=3]", "[batchNorm=true]", "[kernels=auto|cubic]",
			"[learningRate=0.001]", "[schedule=cosine|plateau]", "[patience=15]", "[loss=ce+dice|ce|dice]",
			"[weights=equal]", "[augment=standard|elastic|none]", "[foreground=0.5]", "[clahe=none|slices|3d]",
			"[claheBlock=64]", "[claheSlope=3]", "[overwrite=false]", "Writes <model>.zip",
			"<model>-checkpoint.zip (to resume), <model>-log.csv and <model>-curve.png" })
			assertTrue(s + " not in: " + train, train.contains(s));
		assertTrue(usage, section(usage, "segment").contains("image=<tif|zarr> model=<zip> [output=<tif|zarr>] " +
			"[probabilities=<tif|zarr>] [tile=z,y,x] [overlap=z,y,x] [batch=0] [blending=gaussian|linear|crop] " +
			"[flips=false]"));
		assertTrue(usage, section(usage, "segment-folder").contains("input=<folder> output=<folder> model=<zip> " +
			"[pattern=*.tif] [probabilities=false]"));
		assertTrue(usage, section(usage, "segment-folder").contains("segmentation-summary.csv"));
		assertTrue(usage, section(usage, "evaluate").contains("prediction=<tif|zarr> truth=<tif|zarr> [ignore=-1] " +
			"[boundary=-1] [model=<zip>] [csv=<csv>]"));
		assertTrue(usage, section(usage, "info").endsWith(" model=<zip> [json=false]"));
		assertTrue(usage, section(usage, "make-patches").contains("image=<tif|zarr> labels=<tif|zarr> " +
			"[mode=random|grid] " +
			"[count=16] [patch=z,y,x] [model=<zip>] [augment=standard|elastic|none] [foreground=0.5] [ignore=-1] " +
			"[clahe=none|slices|3d]"));
		assertTrue(usage, section(usage, "convert").contains("input=<tif|zarr> output=<tif|zarr> " +
			"[chunks=64,64,64] [compressor=zlib|zstd|gzip|none] [overwrite=false]"));
		for (final String command : new String[] { "train", "segment", "segment-folder", "evaluate", "make-patches" })
			assertTrue(command, section(usage, command).contains("[nan=refuse]"));
		assertTrue(usage, section(usage, "demo").contains("[output=demo-output] [minutes=6] [epochs=12]"));
		assertTrue(usage, usage.contains("java -jar tools/target/unet3d-tools.jar"));
		assertTrue(usage, usage.contains("Exit status: 0 success, 2 bad input (message on stderr), 3 canceled, 1 " +
			"internal error."));
	}

	@Test
	public void oneCommandsHelpExplainsEachKey() {
		final String help = Usage.of(context, "train", TrainCommand.class);
		assertTrue(help, help.startsWith("train (Train 3D U-Net): Trains a 3D U-Net"));
		assertTrue(help, help.matches("(?s).*\n  learningRate=<number> +Learning rate \\(default 0\\.001\\)\n.*"));
		assertTrue(help, help.matches("(?s).*\n  loss=ce\\+dice\\|ce\\|dice +Loss \\(one of ce\\+dice, ce, dice\\) " +
			"\\(default ce\\+dice\\)\n.*"));
		assertTrue(help, help.matches("(?s).*\n  model=<zip> +Model file: Where to save the model.*\\(needed\\)\n.*"));
		final int keys = CommandInputs.of(context, TrainCommand.class).all().size();
		assertEquals("one line per key, wrapped lines indented", keys, help.split("\n  \\w+=").length - 1);
	}
}
