package org.unet3d.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.command.ContextCommand;
import org.scijava.module.Module;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

/**
 * CommandRunner matches keys ignoring case (the Macro Recorder writes them in lower case) and runs
 * commands with SciJava's own processors only, not with those other jars on the class path add
 * (inside Fiji: display, macro recording, ...), so a run is the same everywhere; its result tells
 * a user's cancel from a failure.
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

	/** Does what it is told: succeed, fail, or stop as a user's cancel does. */
	@Plugin(type = Command.class, headless = true, label = "Outcome probe")
	public static class Probe extends PluginCommand {

		@Parameter
		private String then = "succeed";

		@Parameter(type = ItemIO.OUTPUT)
		private String done;

		public Probe() {
			super("Probing");
		}

		@Override
		protected void execute() throws Exception {
			switch (then) {
				case "fail": // a user's mistake
					throw new IllegalArgumentException("Probe failed: give then=succeed.");
				case "escape": // the core, seeing its progress canceled (Esc)
					throw new CancellationException("stopped");
				case "cancel": // Fiji's cancel button, while the work goes on to a clean stop
					cancel("Canceled by the user");
					done = "half";
					break;
				case "bug":
					throw new NullPointerException("a bug");
				default:
					done = "all";
			}
		}
	}

	/** A command that is not ours: SciJava's convention, a cancel with a reason, is a failure. */
	@Plugin(type = Command.class, headless = true, label = "Foreign probe")
	public static class ForeignCommand extends ContextCommand {

		@Parameter
		private String reason = "";

		@Override
		public void run() {
			if (!reason.isEmpty()) cancel(reason);
		}
	}

	private Context context;

	@Before
	public void createContext() {
		context = new Context(CommandService.class, PrefService.class);
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

	private CommandRunner.Result probe(final Class<? extends Command> command, final String key, final String value)
		throws Exception
	{
		return new CommandRunner(context).run(command, Collections.singletonMap(key, value), (k, p) -> null);
	}

	@Test
	public void resultsTellACancelFromAFailure() throws Exception {
		final CommandRunner.Result ok = probe(Probe.class, "then", "succeed");
		assertEquals(Outcome.SUCCEEDED, ok.outcome());
		assertTrue(ok.succeeded());
		assertNull(ok.message());
		assertNull(ok.error());
		assertEquals("all", ok.output("done"));

		final CommandRunner.Result failed = probe(Probe.class, "then", "fail");
		assertEquals(Outcome.FAILED, failed.outcome());
		assertTrue(failed.failed());
		assertEquals("Probe failed: give then=succeed.", failed.message());
		assertEquals(failed.message(), failed.error());

		final CommandRunner.Result escaped = probe(Probe.class, "then", "escape");
		assertEquals(Outcome.CANCELED, escaped.outcome());
		assertFalse("a cancel is no failure", escaped.failed());
		assertFalse(escaped.succeeded());
		assertEquals("Probing canceled.", escaped.message());
		assertNull("a cancel has no error", escaped.error());
		assertTrue("SciJava sees it canceled", ((org.scijava.Cancelable) escaped.module()).isCanceled());

		final CommandRunner.Result canceled = probe(Probe.class, "then", "cancel");
		assertEquals(Outcome.CANCELED, canceled.outcome());
		assertEquals("Canceled by the user", canceled.message());
		assertEquals("what was done before the cancel is kept", "half", canceled.output("done"));

		try {
			probe(Probe.class, "then", "bug");
			fail("a bug must not pass as a user's mistake or a cancel");
		}
		catch (final RuntimeException e) { // SciJava wraps it
			Throwable cause = e;
			while (cause.getCause() != null)
				cause = cause.getCause();
			assertTrue(cause.toString(), cause instanceof NullPointerException);
		}

		assertEquals(Outcome.SUCCEEDED, probe(ForeignCommand.class, "reason", "").outcome());
		final CommandRunner.Result foreign = probe(ForeignCommand.class, "reason", "No input");
		assertEquals(Outcome.FAILED, foreign.outcome());
		assertEquals("No input", foreign.error());
	}

	@Test
	public void runsLeaveNoValuesBehindForLaterRuns() throws Exception {
		context.service(PrefService.class).clear(Probe.class);
		assertEquals("half", probe(Probe.class, "then", "cancel").output("done"));
		// a run through SciJava's command service would load values saved as the user's preferences
		final CommandModule later = context.service(CommandService.class).run(Probe.class, true).get();
		assertEquals("the later run has its default, not the value given before", "all", later.getOutput("done"));
	}

	@Test
	public void unknownKeysAreNamed() throws Exception {
		final Map<String, String> v = new LinkedHashMap<>();
		v.put("modle", "m.zip");
		try {
			new CommandRunner(context).run(ModelInfoCommand.class, v, (k, p) -> null);
			fail("unknown key accepted");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("Unknown key \"modle\"") && e.getMessage().contains(
				"Valid keys: model"));
		}
	}
}
