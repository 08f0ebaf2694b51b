package org.unet3d.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * CommandRunner matches keys ignoring case (the Macro Recorder writes them in lower case) and runs
 * commands with SciJava's own processors only, not with those other jars on the class path add
 * (inside Fiji: display, macro recording, ...), so a run is the same everywhere.
 */
public class CommandRunnerTest {

	/** A processor from outside SciJava, as Fiji's jars bring many; counts the modules it sees. */
	@Plugin(type = PreprocessorPlugin.class)
	public static class ForeignPreprocessor extends AbstractPreprocessorPlugin {

		static int seen;

		@Override
		public void process(final Module module) {
			seen++;
		}
	}

	private Context context;

	@Before
	public void createContext() {
		context = new Context(CommandService.class);
		ForeignPreprocessor.seen = 0;
	}

	@After
	public void dispose() {
		context.dispose();
	}

	@Test
	public void runsWithSciJavasOwnProcessorsOnly() throws Exception {
		final Map<String, String> v = new LinkedHashMap<>();
		v.put("MODEL", new File("/nonexistent/model.zip").getPath()); // keys match ignoring case
		final CommandRunner.Result r = new CommandRunner(context).run(ModelInfoCommand.class, v, (k, p) -> null);
		assertTrue(r.failed());
		assertTrue(r.error(), r.error().contains("does not exist"));
		assertEquals("CommandRunner ran a processor from outside SciJava", 0, ForeignPreprocessor.seen);
		// the probe is found by SciJava, so the check above can fail
		context.service(CommandService.class).run(ModelInfoCommand.class, true, Collections.singletonMap("model",
			(Object) new File("/nonexistent/model.zip"))).get();
		assertEquals(1, ForeignPreprocessor.seen);
	}

	@Test
	public void unknownKeysAreNamed() throws Exception {
		final Map<String, String> v = new LinkedHashMap<>();
		v.put("modle", "m.zip");
		try {
			new CommandRunner(context).run(ModelInfoCommand.class, v, (k, p) -> null);
			assertFalse("unknown key accepted", true);
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("Unknown key \"modle\"") && e.getMessage().contains(
				"Valid keys: model"));
		}
	}
}
