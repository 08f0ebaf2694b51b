package org.unet3d.objects;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.Random;

import org.unet3d.data.VoxelSize;
import org.unet3d.progress.Progress;

/**
 * Time and memory of the object modes on a big synthetic stack: touching nuclei (nuclei and
 * components modes, components also slab by slab) and space-filling cells with derived boundaries
 * (cells mode); wall and CPU time (the work is single-threaded). Run (after {@code mvn test-compile}),
 * e.g. for 640 x 640 x 160 voxels:
 *
 * <pre>
 * java -Xmx20g -cp target/classes:target/test-classes:$(cat cp.txt) org.unet3d.objects.ObjectsBenchmark 640 640 160
 * </pre>
 */
public final class ObjectsBenchmark {

	private ObjectsBenchmark() {}

	public static void main(final String[] args) {
		final int w = Integer.parseInt(args[0]);
		final int h = Integer.parseInt(args[1]);
		final int d = Integer.parseInt(args[2]);
		final StackShape s = new StackShape(w, h, d, new VoxelSize(0.13, 0.13, 0.28, "micron"));
		System.out.println(String.format(Locale.ROOT, "stack %d x %d x %d = %.1f MVox, max heap %.1f GiB", w, h, d, s
			.voxels() / 1e6, Runtime.getRuntime().maxMemory() / Math.pow(2, 30)));
		final Random random = new Random(1);
		// nuclei: radius 2 micron spheres on a jittered grid 3.5 micron apart, so many touch
		final float[] nucleus = new float[s.voxels()];
		final int[] seeds = new int[s.voxels()];
		int k = 0;
		for (double z = 1; z < d * 0.28; z += 3.5)
			for (double y = 1; y < h * 0.13; y += 3.5)
				for (double x = 1; x < w * 0.13; x += 3.5) {
					final int vx = (int) ((x + random.nextDouble() - 0.5) / 0.13);
					final int vy = (int) ((y + random.nextDouble() - 0.5) / 0.13);
					final int vz = (int) ((z + random.nextDouble() - 0.5) / 0.28);
					if (vx < w && vy < h && vz < d) seeds[s.index(vx, vy, vz)] = ++k;
				}
		final boolean[] all = new boolean[s.voxels()];
		java.util.Arrays.fill(all, true);
		final float[] distance = DistanceTransform.distances(invert(seeds), s, Progress.NONE);
		final ObjectLabels voronoi = SeededWatershed.flood(distance, ObjectLabels.compact(seeds, s), null,
			Connectivity.SIX, Progress.NONE);
		for (int i = 0; i < nucleus.length; i++)
			nucleus[i] = distance[i] <= 2 ? 1 : 0;
		final float[] background = new float[s.voxels()];
		for (int i = 0; i < background.length; i++)
			background[i] = 1 - nucleus[i];
		System.out.println(k + " nuclei / cells");
		reset();
		time("nuclei", () -> ObjectMaker.make(ClassProbabilities.of(new float[][] { background, nucleus }, s, 0,
			ClassProbabilities.NONE), ObjectOptions.builder(ObjectMode.NUCLEI).build(), STEPS).count());
		time("components", () -> ObjectMaker.make(ClassProbabilities.of(new float[][] { background, nucleus }, s, 0,
			ClassProbabilities.NONE), ObjectOptions.builder(ObjectMode.COMPONENTS).build(), STEPS).count());
		final int[] classes = new int[s.voxels()];
		for (int i = 0; i < classes.length; i++)
			classes[i] = (int) nucleus[i];
		time("components slab by slab (16 slices)", () -> {
			try {
				return SlabComponents.label(w, h, d, (z0, depth, values) -> System.arraycopy(classes, z0 * s.plane(), values,
					0, values.length), 0, Connectivity.SIX, 16, (z0, depth, ids) -> {}, Progress.NONE);
			}
			catch (final java.io.IOException e) {
				throw new IllegalStateException(e);
			}
		});
		final byte[] derived = InstanceTrainingLabels.classes(voronoi.ids(), s, Double.NaN, Progress.NONE);
		final float[] boundary = new float[s.voxels()];
		for (int i = 0; i < boundary.length; i++) {
			boundary[i] = derived[i] == InstanceTrainingLabels.BOUNDARY ? 1 : 0;
			background[i] = 1 - boundary[i];
		}
		time("cells", () -> ObjectMaker.make(ClassProbabilities.of(new float[][] { background, boundary }, s,
			ClassProbabilities.NONE, 1), ObjectOptions.builder(ObjectMode.CELLS).build(), STEPS).count());
		time("training labels from instances", () -> {
			InstanceTrainingLabels.classes(voronoi.ids(), s, Double.NaN, Progress.NONE);
			return voronoi.count();
		});
	}

	private static boolean[] invert(final int[] seeds) {
		final boolean[] m = new boolean[seeds.length];
		for (int i = 0; i < m.length; i++)
			m[i] = seeds[i] == 0;
		return m;
	}

	/** Prints each step with the seconds since the one before. */
	private static final class Steps implements Progress {

		private long last = CPU.getCurrentThreadCpuTime();
		private String step;

		@Override
		public void status(final String message) {
			finish();
			step = message;
		}

		void finish() {
			final long now = CPU.getCurrentThreadCpuTime();
			if (step != null) System.out.println(String.format(Locale.ROOT, "    %-40s CPU %7.2f s", step, (now - last) /
				1e9));
			last = now;
			step = null;
		}

		@Override
		public void progress(final long done, final long total) {}

		@Override
		public boolean isCanceled() {
			return false;
		}
	}

	private static final java.lang.management.ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

	private static final Steps STEPS = new Steps();

	private interface Work {

		int run();
	}

	private static void time(final String what, final Work work) {
		System.gc();
		final long before = used();
		reset();
		final long t0 = System.nanoTime();
		final long c0 = CPU.getCurrentThreadCpuTime();
		final int n = work.run();
		STEPS.finish();
		final double seconds = (System.nanoTime() - t0) / 1e9;
		final double cpu = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
		System.out.println(String.format(Locale.ROOT,
			"%-40s %8d objects %7.2f s (CPU %.2f s), peak heap above the inputs %.2f GiB", what, n, seconds, cpu, (peak() -
				before) / Math.pow(2, 30)));
	}

	private static long used() {
		long u = 0;
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP) u += p.getUsage().getUsed();
		return u;
	}

	private static void reset() {
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			p.resetPeakUsage();
	}

	private static long peak() {
		long u = 0;
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP) u += p.getPeakUsage().getUsed();
		return u;
	}
}
