package org.unet3d.benchmark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the PyTorch peer ({@code peer_torch.py}, same network in PyTorch on the CPU) as a child
 * process and reads its result line ({@code key=value ...}). Available when the script exists and
 * the Python interpreter imports torch. It runs with the same OpenMP wait policy as this process.
 */
public final class PeerRunner {

	private final String python;
	private final File script;

	public PeerRunner(final String python, final File script) {
		this.python = python;
		this.script = script;
	}

	/** Why the peer cannot run here, or null if it can. */
	public String problem() {
		if (!script.isFile()) return "peer script " + script + " not found";
		try {
			final Result r = exec(listOf(python, "-c", "import torch; print(torch.__version__)"), 120);
			if (r.exit != 0) return python + " cannot import torch (install Debian's python3-torch)";
			return null;
		}
		catch (final IOException e) {
			return "cannot run " + python + ": " + e.getMessage();
		}
	}

	/** One peer run; returns its {@code key=value} pairs. */
	public Map<String, String> run(final List<String> args) throws IOException {
		final List<String> cmd = listOf(python, script.getPath());
		cmd.addAll(args);
		final Result r = exec(cmd, 3600);
		if (r.exit != 0) throw new IOException("peer failed (exit " + r.exit + "): " + r.output);
		for (final String line : r.output.split("\n"))
			if (line.startsWith("peer ")) {
				final Map<String, String> m = new LinkedHashMap<>();
				for (final String kv : line.substring(5).trim().split("\\s+")) {
					final int eq = kv.indexOf('=');
					if (eq > 0) m.put(kv.substring(0, eq), kv.substring(eq + 1));
				}
				return m;
			}
		throw new IOException("peer printed no result line: " + r.output);
	}

	/** Runs a Python snippet with the peer's interpreter; returns its standard output (null on failure). */
	public String python(final String code) {
		try {
			final Result r = exec(listOf(python, "-c", code), 600);
			return r.exit == 0 ? r.output.trim() : null;
		}
		catch (final IOException e) {
			return null;
		}
	}

	public String command() {
		return python + " " + script;
	}

	private static List<String> listOf(final String... s) {
		final List<String> l = new ArrayList<>();
		for (final String x : s)
			l.add(x);
		return l;
	}

	private static final class Result {

		final int exit;
		final String output;

		Result(final int exit, final String output) {
			this.exit = exit;
			this.output = output;
		}
	}

	private static Result exec(final List<String> cmd, final long timeoutSeconds) throws IOException {
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		final String policy = org.unet3d.network.NativeLibraries.openMpWaitPolicy();
		if (policy != null) pb.environment().put(org.unet3d.network.NativeLibraries.WAIT_POLICY, policy); // as ours
		final Process p = pb.start();
		final StringBuilder out = new StringBuilder();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
			StandardCharsets.UTF_8)))
		{
			for (String line; (line = r.readLine()) != null;)
				out.append(line).append('\n');
		}
		try {
			if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new IOException("timed out: " + String.join(" ", cmd));
			}
		}
		catch (final InterruptedException e) {
			p.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", e);
		}
		return new Result(p.exitValue(), out.toString());
	}
}
