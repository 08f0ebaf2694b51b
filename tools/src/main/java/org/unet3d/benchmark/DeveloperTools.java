package org.unet3d.benchmark;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

import org.unet3d.cli.Main;
import org.unet3d.network.NativeLibraries;
import org.unet3d.samples.GenerateSamples;

/**
 * The developers' command line, {@code java -jar tools/target/unet3d-tools.jar <tool> key=value ...}:
 * the speed, throughput and accuracy benchmarks and the synthetic sample generator, which are not
 * shipped in the plugin. Exit status as the plugin's command line: 0 success, 2 bad input, 1 failure.
 */
public final class DeveloperTools {

	private DeveloperTools() {}

	public static void main(final String[] args) {
		System.setProperty("java.awt.headless", "true");
		NativeLibraries.configure();
		System.exit(run(args, System.out, System.err));
	}

	/** Runs one tool; returns the exit status. */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
			out.print(usage());
			return args.length == 0 ? 2 : 0;
		}
		final String name = args[0];
		final String[] rest = Arrays.copyOfRange(args, 1, args.length);
		try {
			if (name.equals("generate")) return GenerateSamples.run(rest, out, err);
			final Map<String, String> options = Main.parseArgs(rest);
			switch (name) {
				case "benchmark":
					return Benchmark.run(options, out, err);
				case "benchmark-segment":
					return SegmentBenchmark.run(options, out, err);
				case "benchmark-tile":
					return TileBenchmark.run(options, out, err);
				case "benchmark-accuracy":
					return AccuracyBenchmark.run(options, out, err);
				case "benchmark-objects":
					return ObjectAccuracy.run(options, out, err);
				default:
					err.println("Error: unknown tool \"" + name + "\". Tools: benchmark, benchmark-segment, benchmark-tile, " +
						"benchmark-accuracy, benchmark-objects, generate. Run with --help for details.");
					return 2;
			}
		}
		catch (final IllegalArgumentException e) {
			err.println("Error: " + e.getMessage());
			return 2;
		}
		catch (final Exception e) {
			e.printStackTrace(err);
			return 1;
		}
	}

	static String usage() {
		return "3D U-Net for Fiji - developers' tools (see docs/benchmarks.md)\n\n" +
			"Usage: java -jar tools/target/unet3d-tools.jar <tool> key=value ...\n\n" +
			"  benchmark-accuracy [stacks=<dir>] [only=name,...] [minutes=15] [output=accuracy-output] [sparse=0]\n" +
			"           train on one part of each real stack, report per-class Dice on a held-out part\n" +
			"  benchmark-objects [stacks=<dir>] [only=name,...] [minutes=15] [objects=nuclei|cells|components]\n" +
			"           [output=objects-accuracy-output] [objects.<key>=<value> for segment and label-objects]\n" +
			"           [train=false: reuse the model of an earlier run in output]: train\n" +
			"           with instances= on one part of each stack with instances.tif, report F1 and AP at IoU 0.5 of\n" +
			"           segment objects= on the held-out part, and the upper bound from perfect class labels\n" +
			"  benchmark-segment [size=1024x1024x256] [filters=16] [depth=3] [classes=2] [tile=..] [batch=0]\n" +
			"           [folder=<tmp>]: segments a generated stack read from disk with a random-weight model and\n" +
			"           reports megavoxels/s and peak memory (run with e.g. java -Xmx2g)\n" +
			"  benchmark-tile [tiles=64;96;128;160] [stack=128,512,512] [filters=16] [depth=3] [classes=3] [bn=true]\n" +
			"           [rounds=3] [graph=false]: speed of the segmentation network per tile size (ms per tile,\n" +
			"           GFLOP/s against SGEMM, kernel time, stack megavoxels/s with the planner's overlap)\n" +
			"  generate <folder> [<kind> [<X>x<Y>x<Z> <seed>]] [--overwrite]: synthetic stacks with ground truth\n" +
			"           (kinds: nuclei, em-membranes, sandstone-ct; no kind = the bundled sample-stacks set)\n\n" +
			Benchmark.usage() + "\n";
	}
}
