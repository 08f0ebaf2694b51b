package org.unet3d.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A distributed segmentation on {@code local[2]} (two executor threads in this JVM) of an
 * OME-Zarr image whose size is no multiple of the block or chunk size equals the single-machine
 * segmentation: the same labels, and the same probabilities bit for bit. Damaged input gets a
 * clear error naming the file.
 */
public class LocalSegmentationTest {

	private static TestData data;

	@BeforeClass
	public static void makeData() throws Exception {
		data = TestData.get();
	}

	@Test
	public void localTwoThreadsEqualsSingleMachine() throws Exception {
		final Path labels = data.dir.resolve("local-labels.zarr");
		final Path probabilities = data.dir.resolve("local-probabilities.zarr");
		final TestData.Run r = TestData.run(data.args(labels, "local[2]", "probabilities=" + probabilities));
		assertEquals(r.toString(), 0, r.status);
		assertTrue(r.out, r.out.contains("Blocks 18/18 (100.0 %)") && r.out.contains("megavoxels/s"));
		assertTrue(r.out, r.out.contains("Segmented 18 of 18 blocks (0 kept"));
		assertTrue(r.out, r.out.contains("exact histogram"));
		assertTrue("one native thread per task (spark.task.cpus=1): " + r.out, r.out.contains(
			"native threads per task 1;"));
		data.assertLabelsEqual(labels);
		data.assertProbabilitiesEqual(probabilities);
		// a second run without resume or overwrite refuses to touch the output
		final TestData.Run again = TestData.run(data.args(labels, "local[2]"));
		assertEquals(again.toString(), 2, again.status);
		assertTrue(again.err, again.err.contains("already exists") && again.err.contains("overwrite=true"));
	}

	@Test
	public void nativeThreadsFollowTaskCpus() throws Exception {
		final Path labels = data.dir.resolve("two-cpus-labels.zarr");
		final TestData.Run r = TestData.run(data.args(labels, "local[2]", "spark.task.cpus=2"));
		assertEquals(r.toString(), 0, r.status);
		assertTrue(r.out, r.out.contains("2 core(s) per block task") && r.out.contains("native threads per task 2;"));
		data.assertLabelsEqual(labels);
	}

	@Test
	public void damagedChunkIsNamed() throws Exception {
		final Path copy = data.dir.resolve("damaged-chunk.zarr");
		copyTree(data.image, copy);
		final Path chunk = copy.resolve("0/1/2/1");
		assertTrue(chunk + " exists", Files.isRegularFile(chunk));
		Files.write(chunk, "not a zlib stream".getBytes(StandardCharsets.UTF_8));
		final TestData.Run r = TestData.run(replace(data.args(data.dir.resolve("damaged-chunk-labels.zarr"),
			"local[2]"), "image=", "image=" + copy));
		assertEquals(r.toString(), 2, r.status);
		assertTrue(r.err, r.err.startsWith("Error: ") && r.err.contains(chunk.toString()));
	}

	@Test
	public void damagedZarrayIsNamed() throws Exception {
		final Path copy = data.dir.resolve("damaged-zarray.zarr");
		copyTree(data.image, copy);
		final Path zarray = copy.resolve("0/.zarray");
		Files.write(zarray, "{ \"zarr_format\": 2, \"shape\": [".getBytes(StandardCharsets.UTF_8));
		final TestData.Run r = TestData.run(replace(data.args(data.dir.resolve("damaged-zarray-labels.zarr"),
			"local[2]"), "image=", "image=" + copy));
		assertEquals(r.toString(), 2, r.status);
		assertTrue(r.err, r.err.startsWith("Error: ") && r.err.contains(zarray.toString()));
	}

	@Test
	public void nanVoxelIsRefusedBeforeAnyOutputIsWritten() throws Exception {
		final int sx = 20, sy = 18, sz = 12;
		final net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.real.FloatType, ?> img = net.imglib2.img.array
			.ArrayImgs.floats(sx, sy, sz);
		int i = 0;
		for (final net.imglib2.type.numeric.real.FloatType t : img)
			t.set(i++ % 17);
		img.getAt(3, 4, 5).set(Float.NaN);
		img.getAt(9, 2, 7).set(Float.POSITIVE_INFINITY);
		final Path image = data.dir.resolve("nan.zarr");
		org.unet3d.zarr.OmeZarr.write(org.unet3d.data.Volume.of(img, org.unet3d.data.VoxelSize.UNCALIBRATED), image,
			new int[] { 8, 8, 8 }, org.unet3d.zarr.Compressor.NONE, "nan", org.unet3d.zarr.OmeZarr.IfExists.REFUSE,
			org.unet3d.progress.Progress.NONE);
		final Path labels = data.dir.resolve("nan-labels.zarr");
		final TestData.Run r = TestData.run(replace(data.args(labels, "local[2]"), "image=", "image=" + image));
		assertEquals(r.toString(), 2, r.status);
		assertTrue(r.err, r.err.contains("NaN at x=3, y=4, z=5") && r.err.contains("nan=0"));
		assertTrue("no output written", !Files.exists(labels));
		final TestData.Run replaced = TestData.run(replace(data.args(labels, "local[2]", "nan=0"), "image=", "image=" +
			image));
		assertEquals(replaced.toString(), 0, replaced.status);
	}

	@Test
	public void badOptionsAreExplained() {
		final TestData.Run r = TestData.run(java.util.Arrays.asList("segment", "image=a.zarr", "model=m.zip",
			"output=o.zarr", "tiles=16"));
		assertEquals(2, r.status);
		assertTrue(r.err, r.err.contains("Unknown option \"tiles\"") && r.err.contains("tile"));
		final TestData.Run missing = TestData.run(java.util.Arrays.asList("segment", "image=a.zarr", "model=m.zip"));
		assertTrue(missing.err, missing.status == 2 && missing.err.contains("Missing output="));
	}

	static java.util.List<String> replace(final java.util.List<String> args, final String prefix, final String with) {
		for (int i = 0; i < args.size(); i++)
			if (args.get(i).startsWith(prefix)) args.set(i, with);
		return args;
	}

	static void copyTree(final Path from, final Path to) throws java.io.IOException {
		try (java.util.stream.Stream<Path> s = Files.walk(from)) {
			for (final Path p : (Iterable<Path>) s::iterator) {
				final Path t = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(t);
				else Files.copy(p, t);
			}
		}
	}
}
