package org.unet3d.ij1;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.scijava.Context;
import org.scijava.MenuPath;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.unet3d.commands.CommandInputs;

/**
 * Every command appears once in Fiji's menus: each of the plugin's SciJava commands has an ImageJ
 * 1 entry in plugins.config (read by ImageJ 1 and Fiji) under Plugins > Segmentation > 3D U-Net,
 * labelled with the command's title plus "...", and no SciJava menu path of its own (Fiji would
 * show that as a second entry). A new command fails here until it follows the scheme.
 */
public class MenuEntriesTest {

	private static final Pattern LINE = Pattern.compile("^(Plugins>[^,]+),\\s*\"([^\"]+)\",\\s*([\\w.$]+)$");

	@Test
	public void eachCommandHasOneMenuEntry() throws Exception {
		final List<String[]> entries = new ArrayList<>();
		try (InputStream in = getClass().getResourceAsStream("/plugins.config");
			BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
		{
			for (String line; (line = r.readLine()) != null;) {
				line = line.trim();
				if (line.isEmpty() || line.startsWith("#")) continue;
				final Matcher m = LINE.matcher(line);
				assertTrue("plugins.config line not understood: " + line, m.matches());
				entries.add(new String[] { m.group(1), m.group(2), m.group(3) });
			}
		}
		final Set<String> withEntries = new TreeSet<>();
		try (Context context = new Context(CommandService.class)) {
			for (final String[] e : entries) {
				assertEquals(e[1], "Plugins>Segmentation>3D U-Net", e[0]);
				final Class<?> c = Class.forName(e[2]);
				assertTrue(e[2] + " must extend CommandPlugIn", CommandPlugIn.class.isAssignableFrom(c));
				final CommandPlugIn plugin = (CommandPlugIn) c.getDeclaredConstructor().newInstance();
				final CommandInputs inputs = CommandInputs.of(context, plugin.command());
				assertEquals("the menu label is the command's title plus \"...\"", inputs.title() + "...", e[1]);
				withEntries.add(inputs.command().getName());
			}
			final Set<String> ours = new TreeSet<>();
			for (final CommandInfo info : context.service(CommandService.class).getCommands()) {
				if (!info.getClassName().startsWith("org.unet3d.") || isTestFixture(info.getClassName())) continue;
				ours.add(info.getClassName());
				final MenuPath menu = info.getMenuPath();
				if (menu != null && !menu.isEmpty()) fail(info.getClassName() + " has the SciJava menu path \"" + menu
					.getMenuString() + "\", so Fiji would list it twice. Remove menuPath from its @Plugin and give it " +
					"an ImageJ 1 entry instead: a class like org.unet3d.ij1.Train_UNet3D and a line in plugins.config.");
			}
			assertEquals("SciJava commands without a plugins.config entry, or entries without a command", ours,
				withEntries);
		}
	}

	/** A command nested in a test class (e.g. {@code CommandRunnerTest$Canceling}), which has no menu entry. */
	private static boolean isTestFixture(final String className) {
		return className.matches(".*Test\\$\\w+");
	}
}
