package org.unet3d.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;

import org.bytedeco.javacpp.Pointer;
import org.unet3d.data.Volume;
import org.unet3d.data.ZyxSize;
import org.unet3d.inference.SegmentationOutputs;
import org.unet3d.inference.Segmenter;
import org.unet3d.inference.TiledPredictor;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.TiffIO;
import org.unet3d.io.TiffStackWriter;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.planning.NetworkPlanner;
import org.unet3d.progress.ConsoleProgress;
import org.unet3d.samples.LabeledStack;
import org.unet3d.samples.SyntheticStacks;

/**
 * {@code benchmark-segment}: how fast and in how much memory a big stack is segmented. Generates a
 * synthetic nuclei stack (default 1024 x 1024 x 256, 8-bit) slab by slab into a temporary TIFF,
 * opens it as a virtual stack (so the input is not in the heap either), segments it with a U-Net
 * of random weights (speed does not depend on the weights; default 3 levels, 16 base filters,
 * pooling chosen for the voxel size as in training) into a label TIFF written slice by slice, and
 * reports megavoxels per second and the peak memory: Java heap, and the process's physical memory
 * (heap plus ND4J's native memory).
 */
final class SegmentBenchmark {

	/** Slices generated at a time (bounds the generator's memory). */
	private static final int SLAB = 16;

	private SegmentBenchmark() {}

	static int run(final Map<String, String> o, final PrintStream out, final PrintStream err) throws IOException {
		final long[] size = ZyxSize.parseWidthHeightDepth(o.getOrDefault("size", "1024x1024x256"), "size").toXyz();
		final int filters = Integer.parseInt(o.getOrDefault("filters", "16"));
		final int depth = Integer.parseInt(o.getOrDefault("depth", "3"));
		final int classes = Integer.parseInt(o.getOrDefault("classes", "2"));
		final int batch = Integer.parseInt(o.getOrDefault("batch", "0"));
		final int[] tile = ZyxSize.arrayOrAuto(o.get("tile"), "tile");
		final long seed = Long.parseLong(o.getOrDefault("seed", "1"));
		final File dir = o.containsKey("folder") ? new File(o.get("folder")) : Files.createTempDirectory("unet3d-bench")
			.toFile();
		if (!dir.isDirectory() && !dir.mkdirs()) throw new IOException("Cannot create " + dir);
		final File input = new File(dir, "benchmark-input.tif");
		final File labels = new File(dir, "benchmark-labels.tif");
		try {
			final SyntheticStacks.Kind kind = SyntheticStacks.Kind.NUCLEI;
			out.printf(Locale.ROOT, "Generating a %d x %d x %d synthetic %s stack into %s ...%n", size[0], size[1],
				size[2], kind.id(), input);
			final long tg = System.nanoTime();
			generate(kind, size, seed, input);
			out.printf(Locale.ROOT, "  generated in %.0f s%n", (System.nanoTime() - tg) / 1e9);

			final UNet3DConfig config = UNet3DConfig.builder().depth(depth).baseFilters(filters).classes(classes)
				.pooling(NetworkPlanner.poolingFor(kind.voxelSize(), depth)).build();
			final int[] m = config.sizeMultiple();
			final int[] patch = { 4 * m[0], 4 * m[1], 4 * m[2] };
			final SegmentationModel model = new SegmentationModel(UNet3DBuilder.of(config).seed(seed).build(patch),
				ModelMetadata.builder().network(config).patchSize(patch).voxelSize(kind.voxelSize()).build());
			out.println("Model: " + config + " with random weights (speed does not depend on the weights)");

			System.gc();
			final Volume<?> volume = TiffIO.openVolume(input);
			final TiledPredictor predictor = TiledPredictor.of(model).tile(tile).batch(batch).build();
			out.println("Input: " + volume + ", read from disk as a virtual stack");
			final MemoryWatch watch = new MemoryWatch();
			final Segmenter.Result r;
			try {
				r = new Segmenter(predictor).segment(volume, ImagePlusBridge.planeCache(volume), SegmentationOutputs.builder()
					.labelsFile(labels).keepLabels(SegmentationOutputs.KeepLabels.NEVER).overwrite(true).build(),
					new ConsoleProgress(err, 10_000));
			}
			finally {
				watch.stop();
			}
			final ij.ImagePlus result = TiffIO.openVirtual(labels);
			if (result.getWidth() != size[0] || result.getHeight() != size[1] || result.getNSlices() != size[2])
				throw new IllegalStateException("The label file has the wrong size: " + result);
			final long voxels = size[0] * size[1] * size[2];
			final Runtime rt = Runtime.getRuntime();
			out.println();
			out.println("Tiling: " + r.plan());
			out.printf(Locale.ROOT, "Segmented %d x %d x %d = %.1f megavoxels in %.1f s: %.3f megavoxels/s%n", size[0],
				size[1], size[2], voxels / 1e6, r.seconds(), voxels / r.seconds() / 1e6);
			out.printf(Locale.ROOT, "Peak Java heap used: %.0f MB sampled, %.0f MB sum of pool peaks (-Xmx %.0f MB)%n",
				watch.heap / 1e6, watch.poolPeaks() / 1e6, rt.maxMemory() / 1e6);
			out.printf(Locale.ROOT, "Peak physical memory of the process (heap + native): %.0f MB; JavaCPP limits: " +
				"maxbytes %.0f MB, maxphysicalbytes %.0f MB; JavaCPP-tracked native peak %.0f MB%n", watch.physical / 1e6,
				Pointer.maxBytes() / 1e6, Pointer.maxPhysicalBytes() / 1e6, watch.tracked / 1e6);
			out.printf(Locale.ROOT, "Peak native (physical minus committed heap): %.0f MB; load average %.2f on %d " +
				"cores%n", watch.nativePeak / 1e6, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), rt
					.availableProcessors());
			return 0;
		}
		finally {
			if (!o.containsKey("folder")) {
				Files.deleteIfExists(input.toPath());
				Files.deleteIfExists(labels.toPath());
				Files.deleteIfExists(dir.toPath());
			}
		}
	}

	/** Writes the stack slab by slab, so its generation needs little memory. */
	private static void generate(final SyntheticStacks.Kind kind, final long[] size, final long seed, final File file)
		throws IOException
	{
		try (TiffStackWriter w = TiffStackWriter.layout((int) size[0], (int) size[1], (int) size[2]).voxelSize(kind
			.voxelSize()).open(file, true))
		{
			for (long z0 = 0; z0 < size[2]; z0 += SLAB) {
				final long n = Math.min(SLAB, size[2] - z0);
				final LabeledStack s = SyntheticStacks.generate(kind, size[0], size[1], n, seed + z0);
				for (long z = 0; z < n; z++)
					w.write(s.imageSlice(z));
			}
			w.finish();
		}
	}

	/** Samples memory every 20 ms while segmentation runs. */
	private static final class MemoryWatch {

		volatile long heap, physical, tracked, nativePeak;
		private volatile boolean running = true;
		private final Thread thread;

		MemoryWatch() {
			for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
				p.resetPeakUsage();
			thread = new Thread(() -> {
				while (running) {
					sample();
					try {
						Thread.sleep(20);
					}
					catch (final InterruptedException e) {
						return;
					}
				}
			}, "memory-watch");
			thread.setDaemon(true);
			thread.start();
		}

		private void sample() {
			final Runtime rt = Runtime.getRuntime();
			final long used = rt.totalMemory() - rt.freeMemory();
			final long phys = Pointer.physicalBytes();
			heap = Math.max(heap, used);
			physical = Math.max(physical, phys);
			tracked = Math.max(tracked, Pointer.totalBytes());
			nativePeak = Math.max(nativePeak, phys - rt.totalMemory());
		}

		long poolPeaks() {
			long sum = 0;
			for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
				if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
			return sum;
		}

		void stop() {
			running = false;
			thread.interrupt();
			sample();
		}
	}
}
