package org.unet3d.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.blocks.PrimitiveBlocks;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.NormalizationStats;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.io.ModelFile;
import org.unet3d.testutil.PerVoxelNetwork;
import org.unet3d.zarr.ArrayMetadata;
import org.unet3d.zarr.Compressor;
import org.unet3d.zarr.DataType;
import org.unet3d.zarr.OmeZarr;
import org.unet3d.zarr.SlabWriter;

/**
 * {@code segment image=big.zarr output=labels.zarr} runs out of core: a child JVM whose heap
 * (256 MB) is smaller than the input (a 512 x 512 x 280 float OME-Zarr image, 294 MB on disk,
 * uncompressed) and whose label image (73 MB) is more than a quarter of it, so it is never held,
 * segments it with the default settings, reading chunks lazily and writing the labels a layer of
 * chunks at a time. Every label equals the brute-force one of the per-voxel network (ties within
 * rounding aside).
 * <p>
 * The child uses the serial garbage collector: G1, Java's default, cuts a heap this small into 1
 * MB regions and gives each array of 1 MB (a 512 x 512 float plane, a chunk of 1 MB) two of them,
 * so half such a heap is lost; with a heap of a few GB its regions are larger and the question
 * does not arise.
 */
public class OutOfCoreSegmentationTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final int SX = 512, SY = 512, SZ = 280;
	private static final long HEAP_BYTES = 256L << 20;

	private static float voxel(final int x, final int y, final int z) {
		return (float) (1000 + 300 * Math.sin(0.05 * x + 0.02 * z) * Math.cos(0.07 * y) + 50 * Math.sin(0.3 * (x + y +
			z)));
	}

	@Test
	public void aVolumeBiggerThanTheHeapIsSegmentedChunkByChunk() throws Exception {
		final File in = new File(tmp.getRoot(), "big.zarr");
		try (SlabWriter w = SlabWriter.create(in.toPath(), ArrayMetadata.forImage(new long[] { SX, SY, SZ }, new int[] {
			128, 128, 16 }, DataType.FLOAT32, Compressor.NONE), new VoxelSize(0.1, 0.1, 0.3, "micron"), "big", false))
		{
			final float[] plane = new float[SX * SY];
			for (int z = 0; z < SZ; z++) {
				for (int y = 0, i = 0; y < SY; y++)
					for (int x = 0; x < SX; x++, i++)
						plane[i] = voxel(x, y, z);
				w.write(plane);
			}
			w.finish();
		}
		final long inputBytes = 4L * SX * SY * SZ;
		final PerVoxelNetwork net = new PerVoxelNetwork(2, 8);
		final File model = new File(tmp.getRoot(), "m.zip");
		ModelFile.write(net.model, model);
		final File labels = new File(tmp.getRoot(), "labels.zarr");

		final String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		final List<String> command = Arrays.asList(java, "-Xmx" + (HEAP_BYTES >> 20) + "m", "-XX:+UseSerialGC",
			"-Dorg.bytedeco.javacpp.maxbytes=2G",
			"-Dorg.bytedeco.javacpp.maxphysicalbytes=6G", "-Djava.awt.headless=true", "-cp", System.getProperty(
				"java.class.path"), Main.class.getName(), "segment", "image=" + in, "model=" + model, "output=" + labels);
		final long t0 = System.nanoTime();
		final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		final String output = readAll(p.getInputStream());
		assertTrue("still running after 3 minutes:\n" + output, p.waitFor(3, TimeUnit.MINUTES));
		final double seconds = (System.nanoTime() - t0) / 1e9;
		assertEquals(output, 0, p.exitValue());
		System.out.printf("Out-of-core segment (heap %d MB, input %.0f MB): %.1f s%n%s%n", HEAP_BYTES >> 20, inputBytes /
			1e6, seconds, output.replaceAll("(?m)^ +[0-9.]+ % .*\n", "").trim());
		assertTrue("the input is bigger than the heap", inputBytes > HEAP_BYTES);
		assertTrue("the labels are more than a quarter of the heap", (long) SX * SY * SZ > HEAP_BYTES / 4);

		final OmeZarr out = OmeZarr.open(labels.toPath());
		assertEquals(new VoxelSize(0.1, 0.1, 0.3, "micron"), out.voxelSize(0));
		assertEquals(DataType.UINT8, out.array(0).metadata().dataType());
		final Volume<?> image = OmeZarr.open(in.toPath()).volume();
		@SuppressWarnings({ "rawtypes", "unchecked" })
		final NormalizationStats stats = net.model.metadata().normalization().compute((Volume) image);
		final PrimitiveBlocks<?> got = PrimitiveBlocks.of((RandomAccessibleInterval) out.volume().pixels());
		final byte[] plane = new byte[SX * SY];
		long ties = 0;
		for (int z = 0; z < SZ; z++) {
			got.copy(new long[] { 0, 0, z, 0 }, plane, new int[] { SX, SY, 1, 1 });
			for (int y = 0, i = 0; y < SY; y++)
				for (int x = 0; x < SX; x++, i++) {
					final double n = (voxel(x, y, z) - stats.low(0)) / (stats.high(0) - stats.low(0));
					final double p0 = net.probability(n, 0), p1 = net.probability(n, 1);
					if (Math.abs(p0 - p1) < 1e-4) ties++;
					else assertEquals("label at x=" + x + ", y=" + y + ", z=" + z, p1 > p0 ? 1 : 0, plane[i]);
				}
		}
		assertTrue("ties: " + ties, ties < SX * SY);
	}

	private static String readAll(final InputStream in) throws IOException {
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		final byte[] buf = new byte[8192];
		for (int n; (n = in.read(buf)) > 0;)
			b.write(buf, 0, n);
		return new String(b.toByteArray(), StandardCharsets.UTF_8);
	}
}
