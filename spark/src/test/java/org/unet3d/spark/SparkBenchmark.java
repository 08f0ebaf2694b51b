package org.unet3d.spark;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.Assume;
import org.junit.Test;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.inference.BlockGrid;
import org.unet3d.inference.BlockSegmenter;
import org.unet3d.inference.TiledPredictor;
import org.unet3d.io.ModelFile;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.planning.MemoryBudget;
import org.unet3d.planning.TilePlan;
import org.unet3d.progress.Progress;
import org.unet3d.zarr.Compressor;
import org.unet3d.zarr.OmeZarr;

/**
 * The throughput benchmark of docs/spark.md (a developers' measurement, not a test: skipped unless
 * {@code -Dunet3d.benchmark=true}). Segments a synthetic 8-bit OME-Zarr volume (512 x 512 x 256 by
 * default, {@code -Dunet3d.benchmark.size=x,y,z}) with a U-Net of the default shape and random
 * weights (speed does not depend on the weights) on a standalone cluster on 127.0.0.1 with one
 * and with two executors of one core each, and prints megavoxels per second, the parallel
 * efficiency, and the halo overhead (tile evaluations of a block-wise run over those of one run over
 * the whole volume) for several block sizes.
 */
public class SparkBenchmark {

	@Test
	public void throughput() throws Exception {
		Assume.assumeTrue("a benchmark: run with -Dunet3d.benchmark=true", Boolean.getBoolean("unet3d.benchmark"));
		final int[] size = parse(System.getProperty("unet3d.benchmark.size", "512,512,256"));
		final String tile = System.getProperty("unet3d.benchmark.tile", "64,96,96");
		final String block = System.getProperty("unet3d.benchmark.block", "256");
		final Path dir = Files.createTempDirectory("unet3d-spark-bench");
		try {
			final Path image = dir.resolve("volume.zarr");
			final ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(size[0], size[1], size[2]);
			final Random r = new Random(1);
			for (final UnsignedByteType t : img)
				t.set(40 + r.nextInt(120));
			OmeZarr.write(Volume.of(img, VoxelSize.UNCALIBRATED), image, new int[] { 64, 64, 64 }, Compressor.zlib(1),
				"benchmark", OmeZarr.IfExists.REFUSE, Progress.NONE);
			final UNet3DConfig config = UNet3DConfig.builder().classes(2).build();
			final int[] patch = { 64, 64, 64 };
			final SegmentationModel model = new SegmentationModel(UNet3DBuilder.of(config).seed(7).build(patch),
				ModelMetadata.builder().network(config).patchSize(patch).build());
			final Path modelFile = dir.resolve("model.zip");
			ModelFile.write(model, modelFile.toFile());
			System.out.println("Network: " + config);

			// halo overhead against block size, from the tile counts (time is proportional to them)
			final Volume<?> v = OmeZarr.open(image).volume();
			final TilePlan plan = TiledPredictor.of(model).tile(SegmentationRequest.zyx(tile, "tile")).batch(1).memory(
				MemoryBudget.of(Long.MAX_VALUE / 4, 4L << 30)).build().plan(v);
			System.out.println("Plan: " + plan);
			for (final int b : new int[] { 64, 128, 256, 512 }) {
				final BlockGrid g = BlockGrid.of(new long[] { size[0], size[1], size[2] }, new int[] { 64, 64, 64 },
					new int[] { b / 64, b / 64, b / 64 });
				long tiles = 0;
				for (long i = 0; i < g.count(); i++)
					tiles += BlockSegmenter.tiles(plan, g.block(i));
				System.out.println(String.format(Locale.ROOT, "Halo overhead, blocks of %d^3 (%d blocks): %d tile " +
					"evaluations for %d tiles = %.2f", b, g.count(), tiles, plan.tiles(), (double) tiles / plan.tiles()));
			}

			try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2)) {
				final List<Double> seconds = new ArrayList<>();
				for (final int executors : new int[] { 1, 2 }) {
					final Path out = dir.resolve("labels-" + executors + ".zarr");
					final List<String> a = new ArrayList<>(java.util.Arrays.asList("segment", "image=" + image, "model=" +
						modelFile, "output=" + out, "tile=" + tile, "batch=1", "block=" + block, "spark.ui.enabled=false",
						"spark.cores.max=" + executors));
					a.addAll(cluster.appSettings());
					a.replaceAll(s -> s.startsWith("spark.executor.extraJavaOptions=") ? "spark.executor.extraJavaOptions=" +
						"-Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=3500M" : s);
					final long t0 = System.nanoTime();
					final TestData.Run run = TestData.run(a);
					assertEquals(run.toString(), 0, run.status);
					final String result = run.out.substring(run.out.lastIndexOf("Segmented "));
					final java.util.regex.Matcher m = java.util.regex.Pattern.compile("segmentation pass ([0-9.]+) s").matcher(
						result);
					m.find();
					seconds.add(Double.parseDouble(m.group(1)));
					System.out.println(String.format(Locale.ROOT, "%d executor(s): %s (wall %.0f s)", executors, result.trim(),
						(System.nanoTime() - t0) / 1e9));
				}
				final double voxels = (double) size[0] * size[1] * size[2];
				System.out.println(String.format(Locale.ROOT, "Rate: 1 executor %.4f, 2 executors %.4f megavoxels/s; " +
					"efficiency %.2f", voxels / seconds.get(0) / 1e6, voxels / seconds.get(1) / 1e6, seconds.get(0) / (2 *
						seconds.get(1))));
				System.out.println(String.format(Locale.ROOT, "10^12 voxels at the 1-core rate: %.0f core-hours", 1e12 /
					(voxels / seconds.get(0)) / 3600));
			}
		}
		finally {
			TestData.deleteTree(dir);
		}
	}

	private static int[] parse(final String xyz) {
		final String[] p = xyz.split(",");
		return new int[] { Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim()) };
	}
}
