package org.unet3d.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.unet3d.network.NativeLibraries;

/**
 * The command line of the distributed segmentation, the same for every Spark master:
 * {@code java -jar unet3d-spark.jar segment image=in.zarr model=m.zip output=labels.zarr master=local[2]}
 * on one machine, or {@code spark-submit --master spark://host:7077 --class org.unet3d.spark.SparkMain
 * unet3d-spark.jar segment ...} on a cluster. Options {@code spark.*=...} are Spark settings.
 * Exits with 0 on success, 2 for a user error (message on stderr, naming the file or option and
 * the fix) and 1 for an internal error.
 */
public final class SparkMain {

	private SparkMain() {}

	public static void main(final String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** Runs a command line; returns the exit status. */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
			out.print(usage());
			return args.length == 0 ? 2 : 0;
		}
		try {
			if (!args[0].equals("segment")) throw new IllegalArgumentException("Unknown command \"" + args[0] +
				"\". The one command is segment; run with --help for its options.");
			final Map<String, String> options = parse(Arrays.copyOfRange(args, 1, args.length));
			final SegmentationRequest request = SegmentationRequest.parse(options);
			final SparkConf conf = conf(request, options);
			final DistributedSegmentation.Result r;
			try (JavaSparkContext sc = new JavaSparkContext(conf)) {
				out.println("Spark " + sc.version() + ", master " + sc.master() + ", " + conf.getInt("spark.task.cpus", 1) +
					" core(s) per block task");
				r = DistributedSegmentation.run(sc, request, out);
			}
			out.println(r);
			return 0;
		}
		catch (final Exception e) {
			final Throwable user = userError(e);
			if (user != null) {
				err.println("Error: " + user.getMessage());
				return 2;
			}
			err.println("Internal error: " + e);
			e.printStackTrace(err);
			return 1;
		}
	}

	/**
	 * The Spark settings of a run: the options' {@code spark.*} keys, the master if given (else
	 * spark-submit's, else all cores of this machine), and for the executors the native thread count
	 * of a task and passive OpenMP waiting (see {@link NativeLibraries}).
	 */
	static SparkConf conf(final SegmentationRequest r, final Map<String, String> options) {
		final SparkConf conf = new SparkConf().setAppName("3D U-Net segment " + r.image);
		for (final Map.Entry<String, String> e : options.entrySet())
			if (e.getKey().startsWith("spark.")) conf.set(e.getKey(), e.getValue());
		if (r.master != null) conf.setMaster(r.master);
		else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
		final String cpus = conf.get("spark.task.cpus", "1");
		conf.setIfMissing("spark.executorEnv." + NativeThreads.OMP_NUM_THREADS, cpus);
		conf.setIfMissing("spark.executorEnv." + NativeLibraries.WAIT_POLICY, "PASSIVE");
		// a local master runs the tasks in this JVM: set its environment before ND4J loads
		if (conf.get("spark.master").startsWith("local")) NativeThreads.setenvIfUnset(NativeThreads.OMP_NUM_THREADS,
			cpus);
		NativeLibraries.configure();
		return conf;
	}

	/** {@code key=value} arguments. */
	static Map<String, String> parse(final String[] args) {
		final Map<String, String> map = new LinkedHashMap<>();
		for (final String a : args) {
			final int eq = a.indexOf('=');
			if (eq <= 0) throw new IllegalArgumentException("Options are given as key=value, not \"" + a + "\"");
			map.put(a.substring(0, eq), a.substring(eq + 1));
		}
		return map;
	}

	/**
	 * The user error behind a failure, if it is one: bad input or options (IllegalArgumentException)
	 * or a file that cannot be read or written (IOException, e.g. a damaged chunk, whose message names
	 * the file), also when it happened in a task on an executor and came back wrapped by Spark.
	 */
	static Throwable userError(final Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof java.io.UncheckedIOException && t.getCause() != null) return t.getCause();
			if (t instanceof IllegalArgumentException || t instanceof IOException) return t;
		}
		return null;
	}

	static String usage() {
		final StringBuilder s = new StringBuilder("3D U-Net for Fiji - segmentation on Apache Spark\n\n" +
			"Usage: java -jar unet3d-spark.jar segment key=value ...\n" +
			"   or: spark-submit --master <url> --class " + SparkMain.class.getName() + " --jars <app-lib jars> " +
			"unet3d-spark.jar segment key=value ...\n\nOptions:\n");
		for (final Map.Entry<String, String> e : SegmentationRequest.OPTIONS.entrySet())
			s.append(String.format("  %-14s %s%n", e.getKey(), e.getValue()));
		s.append("  spark.*=...    any Spark setting, e.g. spark.task.cpus=2 (native threads per block task)\n\n" +
			"The result equals java -jar unet3d.jar segment with the same tile options, voxel for voxel.\n" +
			"Details: docs/spark.md. Exit status: 0 success, 2 bad input (message on stderr), 1 internal error.\n");
		return s.toString();
	}
}
