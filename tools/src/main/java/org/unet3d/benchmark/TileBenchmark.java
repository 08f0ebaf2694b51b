package org.unet3d.benchmark;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.unet3d.data.VoxelSize;
import org.unet3d.data.ZyxSize;
import org.unet3d.network.InferenceNetwork;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.planning.MemoryBudget;
import org.unet3d.planning.TilePlan;
import org.unet3d.planning.TilePlanner;
import org.unet3d.planning.TilingOptions;

/**
 * Speed of the segmentation network per tile size: milliseconds per tile, megavoxels per second of
 * tile and of a stack (counting the tiles the planner lays over it with its overlap), GFLOP/s
 * achieved against ND4J's SGEMM measured in the same run, and the share of CPU time spent in the
 * kernel (allocation, page faults). Optionally the DL4J graph's own forward pass for comparison.
 */
final class TileBenchmark {

	private TileBenchmark() {}

	static int run(final Map<String, String> o, final PrintStream out, final PrintStream err) throws Exception {
		final int filters = Integer.parseInt(o.getOrDefault("filters", "16"));
		final int depth = Integer.parseInt(o.getOrDefault("depth", "3"));
		final int classes = Integer.parseInt(o.getOrDefault("classes", "3"));
		final boolean bn = Boolean.parseBoolean(o.getOrDefault("bn", "true"));
		final int rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
		final boolean graph = Boolean.parseBoolean(o.getOrDefault("graph", "false"));
		final long[] stack = longs(ZyxSize.arrayOrAuto(o.getOrDefault("stack", "128,512,512"), "stack"));
		final List<int[]> tiles = new ArrayList<>();
		for (final String t : o.getOrDefault("tiles", "64;96;128;160").split(";"))
			tiles.add(t.contains(",") ? ZyxSize.arrayOrAuto(t, "tile") : cube(Integer.parseInt(t.trim()), stack));
		final UNet3DConfig config = UNet3DConfig.builder().depth(depth).baseFilters(filters).classes(classes)
			.batchNorm(bn).build();
		final double sgemm = sgemm();
		out.printf(Locale.ROOT, "Network: %s; stack %d x %d x %d (z,y,x); ND4J SGEMM 2048^2: %.0f GFLOP/s%n", config,
			stack[0], stack[1], stack[2], sgemm);
		out.println("| tile (z,y,x) | path | ms per tile | tile MVox/s | GFLOP/s | of SGEMM | kernel time | tiles for " +
			"the stack (overlap) | stack MVox/s |");
		out.println("|---|---|---|---|---|---|---|---|---|");
		for (final int[] t : tiles) {
			final ComputationGraph g = UNet3DBuilder.of(config).seed(1).build(t);
			final TilePlan plan = TilePlanner.plan(config, stack, VoxelSize.UNCALIBRATED, 0, TilingOptions.builder().tile(
				t).batch(1).build(), MemoryBudget.of(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4));
			final int tv = t[0] * t[1] * t[2];
			final float[] features = new float[tv];
			final Random r = new Random(1);
			for (int i = 0; i < tv; i++)
				features[i] = (float) r.nextGaussian();
			final float[] probs = new float[classes * tv];
			try (InferenceNetwork net = InferenceNetwork.of(g, config, 1, t)) {
				row(out, t, "inference network", config, plan, stack, sgemm, rounds, () -> net.predict(features, 1, probs));
			}
			if (graph) {
				final INDArray in = Nd4j.create(features, new long[] { 1, 1, t[0], t[1], t[2] }, 'c');
				row(out, t, "DL4J graph", config, plan, stack, sgemm, rounds, () -> g.outputSingle(false, in).close());
			}
		}
		return 0;
	}

	private static void row(final PrintStream out, final int[] t, final String path, final UNet3DConfig config,
		final TilePlan plan, final long[] stack, final double sgemmGflops, final int rounds, final Runnable call)
		throws Exception
	{
		call.run(); // warm-up: oneDNN compiles its kernels, buffers are touched
		final long[] before = cpuTicks();
		final double[] ms = new double[rounds];
		for (int i = 0; i < rounds; i++) {
			final long t0 = System.nanoTime();
			call.run();
			ms[i] = (System.nanoTime() - t0) / 1e6;
		}
		final long[] after = cpuTicks();
		Arrays.sort(ms);
		final double median = ms[rounds / 2];
		final double tv = (double) t[0] * t[1] * t[2];
		final double gflops = FlopCount.forward(config, t, 1) / (median / 1e3) / 1e9;
		final long user = after[0] - before[0], sys = after[1] - before[1];
		final double stackVoxels = (double) stack[0] * stack[1] * stack[2];
		out.printf(Locale.ROOT, "| %d,%d,%d | %s | %.0f | %.3f | %.0f | %.0f %% | %.0f %% | %d (%d,%d,%d) | %.3f |%n",
			t[0], t[1], t[2], path, median, tv / median / 1e3, gflops, 100 * gflops / sgemmGflops, 100.0 * sys / Math.max(1,
				user + sys), plan.tiles(), plan.overlapZYX()[0], plan.overlapZYX()[1], plan.overlapZYX()[2], stackVoxels /
					(plan.tiles() * median / 1e3) / 1e6);
	}

	/** ND4J's single-precision matrix product of two 2048 x 2048 matrices, in GFLOP/s (best of 5). */
	private static double sgemm() {
		final INDArray a = Nd4j.rand(DataType.FLOAT, 2048, 2048), b = Nd4j.rand(DataType.FLOAT, 2048, 2048);
		final INDArray c = Nd4j.create(DataType.FLOAT, 2048, 2048);
		double best = Double.MAX_VALUE;
		for (int i = 0; i < 6; i++) {
			final long t0 = System.nanoTime();
			Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
			if (i > 0) best = Math.min(best, (System.nanoTime() - t0) / 1e9);
		}
		return 2.0 * 2048 * 2048 * 2048 / best / 1e9;
	}

	/** {user, system} CPU time of this process in clock ticks (Linux), or zeros. */
	private static long[] cpuTicks() {
		try {
			final String s = new String(Files.readAllBytes(Paths.get("/proc/self/stat")), StandardCharsets.US_ASCII);
			final String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
			return new long[] { Long.parseLong(f[11]), Long.parseLong(f[12]) };
		}
		catch (final Exception e) {
			return new long[2];
		}
	}

	/** A cubic tile of side {@code s}, no deeper than the stack (rounded up to 8). */
	private static int[] cube(final int s, final long[] stack) {
		return new int[] { (int) Math.min(s, (stack[0] + 7) / 8 * 8), s, s };
	}

	private static long[] longs(final int[] a) {
		return new long[] { a[0], a[1], a[2] };
	}
}
