package org.unet3d.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;
import org.unet3d.network.NativeLibraries;

/**
 * The {@code benchmark} command: for each {@link Workload}, the median training step time, the
 * forward time of a batch, the throughput of tiled segmentation of a whole generated stack, the
 * achieved GFLOP/s ({@link FlopCount}) and peak memory ({@link MemoryMeter}); with the PyTorch
 * peer ({@link PeerRunner}) run between our rounds (alternating, same configuration), and ours/peer
 * ratios from the medians. Prints one line per configuration and writes a CSV file.
 */
public final class Benchmark {

	private final List<Workload> workloads;
	private final int rounds;
	private final int steps;
	private final int warmup;
	private final boolean tiled;
	private final boolean profile;
	private final PeerRunner peer;
	private final File csv;

	private Benchmark(final List<Workload> workloads, final int rounds, final int steps, final int warmup,
		final boolean tiled, final boolean profile, final PeerRunner peer, final File csv)
	{
		this.workloads = workloads;
		this.rounds = rounds;
		this.steps = steps;
		this.warmup = warmup;
		this.tiled = tiled;
		this.profile = profile;
		this.peer = peer;
		this.csv = csv;
	}

	/** Usage of the command line. */
	public static String usage() {
		return "  benchmark [configs=32,64,em] [rounds=3] [steps=5] [warmup=2] [peer=auto|none|<peer_torch.py>]\n" +
			"           [python=/usr/bin/python3] [tiled=true] [profile=false] [csv=benchmark.csv]\n" +
			"           speed of training and segmentation, alternating with the PyTorch peer (see docs/benchmarks.md)\n";
	}

	/** Runs the command line {@code benchmark key=value ...}; returns the exit status. */
	public static int run(final Map<String, String> args, final PrintStream out, final PrintStream err)
		throws IOException
	{
		NativeLibraries.configure();
		final List<Workload> workloads = new ArrayList<>();
		for (final String s : args.getOrDefault("configs", "32,64,em").split(","))
			if (!s.trim().isEmpty()) workloads.add(Workload.parse(s.trim()));
		final int rounds = positive(args, "rounds", 3);
		final int steps = positive(args, "steps", 5);
		final int warmup = Integer.parseInt(args.getOrDefault("warmup", "2"));
		final String peerArg = args.getOrDefault("peer", "auto");
		PeerRunner peer = null;
		String peerNote;
		if (peerArg.equals("none")) peerNote = "peer not run (peer=none)";
		else {
			final File script = peerArg.equals("auto") ? findPeerScript() : new File(peerArg);
			final String python = args.getOrDefault("python", new File("/usr/bin/python3").canExecute()
				? "/usr/bin/python3" : "python3");
			peer = new PeerRunner(python, script == null ? new File("peer_torch.py") : script);
			peerNote = peer.problem();
			if (peerNote != null) {
				if (!peerArg.equals("auto")) throw new IllegalArgumentException("Cannot run the peer: " + peerNote);
				peer = null;
				peerNote = "peer not run: " + peerNote;
			}
			else peerNote = "peer: " + peer.command();
		}
		for (final String k : args.keySet())
			if (!Arrays.asList("configs", "rounds", "steps", "warmup", "peer", "python", "tiled", "profile", "csv")
				.contains(k)) throw new IllegalArgumentException("Unknown benchmark option \"" + k + "\"");
		final Benchmark b = new Benchmark(workloads, rounds, steps, warmup, Boolean.parseBoolean(args.getOrDefault(
			"tiled", "true")), Boolean.parseBoolean(args.getOrDefault("profile", "false")), peer, new File(args
				.getOrDefault("csv", "benchmark.csv")));
		b.run(out, peerNote);
		return 0;
	}

	private static int positive(final Map<String, String> args, final String key, final int def) {
		final int v = Integer.parseInt(args.getOrDefault(key, "" + def));
		if (v < 1) throw new IllegalArgumentException(key + " must be at least 1");
		return v;
	}

	private static File findPeerScript() {
		for (final String p : new String[] { "../shared/bench/peer_torch.py", "shared/bench/peer_torch.py",
			"../../shared/bench/peer_torch.py" })
		{
			final File f = new File(p);
			if (f.isFile()) return f;
		}
		return null;
	}

	private void run(final PrintStream out, final String peerNote) throws IOException {
		final int threads = Runtime.getRuntime().availableProcessors();
		final double ours = sgemmNd4j(2048);
		out.println(String.format(Locale.ROOT, "3D U-Net benchmark: %d cores, %s, OMP_WAIT_POLICY=%s (ours and " +
			"peer), load %s", threads, NativeLibraries.describe(), NativeLibraries.openMpWaitPolicy() == null ? "default" : NativeLibraries
				.openMpWaitPolicy(), loadAverage()));
		out.println(peerNote);
		final String numpy = peer == null ? null : peer.python(NUMPY_SGEMM);
		out.println(String.format(Locale.ROOT, "SGEMM 2048x2048 fp32: ND4J %.0f GFLOP/s%s", ours, numpy == null ? ""
			: ", numpy " + Math.round(Double.parseDouble(numpy)) + " GFLOP/s"));
		final List<String> rows = new ArrayList<>();
		rows.add("config,patch_zyx,batch,filters,depth,pooling,classes,rounds,steps,train_ms,peer_train_ms,train_ratio," +
			"infer_ms,peer_infer_ms,infer_ratio,stack_xyz,tiles,tiled_ms,stack_mvox_s,tile_mvox_s,peer_tile_mvox_s," +
			"tiled_ratio,train_gflop,train_gflop_s,infer_gflop_s,heap_peak_mb,offheap_peak_mb,rss_peak_mb," +
			"offheap_growth_mb,load_before,load_after,sgemm_nd4j_gflop_s,sgemm_numpy_gflop_s");
		for (final Workload w : workloads) {
			final String row = measure(w, threads, out, ours, numpy);
			rows.add(row);
		}
		Files.write(csv.toPath(), rows, StandardCharsets.UTF_8);
		out.println("CSV: " + csv.getPath());
	}

	private String measure(final Workload w, final int threads, final PrintStream out, final double sgemm,
		final String numpy) throws IOException
	{
		final String loadBefore = loadAverage();
		final MemoryMeter mem = new MemoryMeter();
		System.gc();
		final OurNetwork net = new OurNetwork(w, mem);
		net.train(warmup);
		net.infer(warmup);
		if (tiled) net.tiled();
		final long offHeapStart = MemoryMeter.offHeapNow();
		final double[] train = new double[rounds], infer = new double[rounds], tile = new double[rounds];
		final double[] peerTrain = new double[rounds], peerInfer = new double[rounds];
		for (int r = 0; r < rounds; r++) {
			train[r] = median(net.train(steps));
			infer[r] = median(net.infer(steps));
			tile[r] = tiled ? net.tiled() : Double.NaN;
			if (peer != null) {
				final Map<String, String> p = peer.run(w.peerArguments(threads, steps));
				peerTrain[r] = Double.parseDouble(p.get("train_step_ms"));
				peerInfer[r] = Double.parseDouble(p.get("infer_ms"));
			}
			else {
				peerTrain[r] = Double.NaN;
				peerInfer[r] = Double.NaN;
			}
			out.println(String.format(Locale.ROOT, "  %s round %d: train %.1f ms (peer %.1f), forward %.1f ms (peer %.1f)" +
				", tiled %.0f ms, load %s", w.name(), r + 1, train[r], peerTrain[r], infer[r], peerInfer[r], tile[r],
				loadAverage()));
		}
		final long offHeapGrowth = MemoryMeter.offHeapNow() - offHeapStart;
		if (profile) profile(net, out);
		final String loadAfter = loadAverage();
		final double trainMs = median(train), inferMs = median(infer), tiledMs = median(tile);
		final double peerTrainMs = median(peerTrain), peerInferMs = median(peerInfer);
		final double trainFlop = FlopCount.trainingStep(w.network(), w.patchZYX(), w.batch());
		final double inferFlop = FlopCount.forward(w.network(), w.patchZYX(), w.batch());
		final double tileVoxels = (double) net.tiles() * w.patchZYX()[0] * w.patchZYX()[1] * w.patchZYX()[2];
		final double stackMvox = net.stackVoxels() / (tiledMs / 1e3) / 1e6;
		final double tileMvox = tileVoxels / (tiledMs / 1e3) / 1e6;
		final double peerTileMvox = w.batchVoxels() / (peerInferMs / 1e3) / 1e6;
		final int[] p = w.patchZYX();
		final long[] s = w.stackXYZ();
		out.println(String.format(Locale.ROOT, "%s: train %.1f ms/step (peer %.1f, ours/peer %.2f) | forward %.1f ms " +
			"(peer %.1f, %.2f) | tiled %dx%dx%d: %.2f MVox/s of stack, %.2f MVox/s of tiles (peer %.2f, %.2f) | " +
			"%.2f GFLOP/step, %.1f GFLOP/s train, %.1f GFLOP/s forward | peak heap %d MB, off-heap %d MB, RSS %d MB, " +
			"off-heap growth %d MB | load %s -> %s", w.name(), trainMs, peerTrainMs, trainMs / peerTrainMs, inferMs,
			peerInferMs, inferMs / peerInferMs, s[0], s[1], s[2], stackMvox, tileMvox, peerTileMvox, peerTileMvox /
				tileMvox, trainFlop / 1e9, trainFlop / trainMs / 1e6, inferFlop / inferMs / 1e6, mb(mem.heapPeak()), mb(mem
					.offHeapPeak()), mb(mem.residentPeak()), mb(offHeapGrowth), loadBefore, loadAfter));
		return String.join(",", w.name(), p[0] + "x" + p[1] + "x" + p[2], "" + w.batch(), "" + w.network()
			.baseFilters(), "" + w.network().depth(), pooling(w), "" + w.network().classes(), "" + rounds, "" + steps, f(
				trainMs), f(peerTrainMs), f(trainMs / peerTrainMs), f(inferMs), f(peerInferMs), f(inferMs / peerInferMs),
			s[0] + "x" + s[1] + "x" + s[2], "" + net.tiles(), f(tiledMs), f(stackMvox), f(tileMvox), f(peerTileMvox), f(
				peerTileMvox / tileMvox), f(trainFlop / 1e9), f(trainFlop / trainMs / 1e6), f(inferFlop / inferMs / 1e6), ""
					+ mb(mem.heapPeak()), "" + mb(mem.offHeapPeak()), "" + mb(mem.residentPeak()), "" + mb(offHeapGrowth),
			loadBefore, loadAfter, f(sgemm), numpy == null ? "" : numpy);
	}

	/** ND4J's op profile of a few training steps and forward passes (ops by total time). */
	private void profile(final OurNetwork net, final PrintStream out) {
		final OpProfiler profiler = OpProfiler.getInstance();
		Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
		profiler.reset();
		net.train(steps);
		out.println("ND4J op profile of " + steps + " training steps:");
		out.print(profiler.getLongAggergator().asPercentageString());
		profiler.reset();
		net.infer(steps);
		out.println("ND4J op profile of " + steps + " forward passes:");
		out.print(profiler.getLongAggergator().asPercentageString());
		Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
		profiler.reset();
	}

	private static String pooling(final Workload w) {
		final StringBuilder b = new StringBuilder();
		for (int l = 0; l < w.network().depth(); l++) {
			final int[] p = w.network().pooling(l);
			b.append(l == 0 ? "" : " ").append(p[0]).append('x').append(p[1]).append('x').append(p[2]);
		}
		return b.toString();
	}

	private static String f(final double v) {
		return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
	}

	private static long mb(final long bytes) {
		return bytes >> 20;
	}

	static double median(final double[] v) {
		final double[] s = v.clone();
		Arrays.sort(s);
		final int n = s.length;
		return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	}

	/** The 1-minute load average (Linux), or "n/a". */
	static String loadAverage() {
		try {
			return new String(Files.readAllBytes(new File("/proc/loadavg").toPath()), StandardCharsets.US_ASCII).split(
				" ")[0];
		}
		catch (final IOException | RuntimeException e) {
			return "n/a";
		}
	}

	/** GFLOP/s of ND4J's single precision matrix product of two n x n matrices (median of 10). */
	static double sgemmNd4j(final int n) {
		final INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
		final INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
		final INDArray c = Nd4j.create(DataType.FLOAT, n, n);
		final double[] t = new double[10];
		for (int i = -3; i < t.length; i++) {
			final long s = System.nanoTime();
			Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
			if (i >= 0) t[i] = (System.nanoTime() - s) / 1e9;
		}
		return 2.0 * n * n * n / median(t) / 1e9;
	}

	private static final String NUMPY_SGEMM = "import numpy as np, time\n" + "n = 2048\n" +
		"a = np.random.rand(n, n).astype(np.float32); b = np.random.rand(n, n).astype(np.float32)\n" +
		"for _ in range(3): a @ b\n" + "ts = []\n" + "for _ in range(10):\n" +
		"    t = time.perf_counter(); a @ b; ts.append(time.perf_counter() - t)\n" + "ts.sort()\n" +
		"print(2 * n ** 3 / ts[len(ts) // 2] / 1e9)\n";

}
