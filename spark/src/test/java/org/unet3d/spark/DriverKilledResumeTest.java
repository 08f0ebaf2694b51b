package org.unet3d.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import net.imglib2.Interval;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.BeforeClass;
import org.junit.Test;
import org.unet3d.inference.BlockGrid;
import org.unet3d.zarr.ChunkWriter;
import org.unet3d.zarr.ZarrArray;

/**
 * A driver killed (kill -9) in the middle of a run leaves only whole chunks; the same command with
 * {@code resume=true} keeps every block whose chunks all exist (their files are not written again)
 * and segments exactly the others, and the result equals the single-machine segmentation.
 */
public class DriverKilledResumeTest {

	private static TestData data;

	@BeforeClass
	public static void makeData() throws Exception {
		data = TestData.get();
	}

	@Test
	public void resumeRedoesOnlyTheMissingBlocks() throws Exception {
		final Path labels = data.dir.resolve("resumed-labels.zarr");
		// blocks of one chunk (120 blocks) on one thread: the run lasts long enough to be killed midway
		final List<String> args = LocalSegmentationTest.replace(data.args(labels, "local[1]"), "block=", "block=8");
		final List<String> cmd = new ArrayList<>();
		cmd.add(StandaloneCluster.javaBin());
		cmd.add("-Xmx1g");
		cmd.addAll(java.util.Arrays.asList(JavaModuleOptions.defaultModuleOptions().split("\\s+")));
		cmd.addAll(java.util.Arrays.asList("-cp", System.getProperty("surefire.test.class.path", System.getProperty(
			"java.class.path")), SparkMain.class.getName()));
		cmd.addAll(args);
		final Path log = data.dir.resolve("killed-driver.log");
		final Process driver = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		final int total = 120;
		try {
			final long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
			while (driver.isAlive() && System.nanoTime() < end && completeBlocks(labels).size() < 10)
				Thread.sleep(20);
		}
		finally {
			driver.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
			driver.destroyForcibly();
			driver.waitFor();
		}
		final Map<Long, Map<Path, Object>> before = completeBlocks(labels);
		assertTrue("killed midway: " + before.size() + " of " + total + " blocks complete\n" + new String(Files
			.readAllBytes(log)), before.size() >= 10 && before.size() < total);

		final TestData.Run r = TestData.run(LocalSegmentationTest.replace(data.args(labels, "local[2]", "resume=true"),
			"block=", "block=8"));
		assertEquals(r.toString(), 0, r.status);
		final int kept = before.size();
		assertTrue(r.out, r.out.contains("Resume: " + kept + " of " + total + " blocks are complete and kept; " + (total -
			kept) + " to segment."));
		assertTrue(r.out, r.out.contains("Segmented " + (total - kept) + " of " + total + " blocks (" + kept + " kept"));
		// the kept blocks' chunk files are the very files the killed run wrote
		final Map<Long, Map<Path, Object>> after = completeBlocks(labels);
		assertEquals(total, after.size());
		for (final Map.Entry<Long, Map<Path, Object>> e : before.entrySet())
			assertEquals("block " + e.getKey() + " kept", e.getValue(), after.get(e.getKey()));
		data.assertLabelsEqual(labels);
		// resuming a complete output segments nothing
		final TestData.Run again = TestData.run(LocalSegmentationTest.replace(data.args(labels, "local[2]",
			"resume=true"), "block=", "block=8"));
		assertTrue(again.out, again.status == 0 && again.out.contains("Segmented 0 of 120 blocks (120 kept"));
	}

	/** Blocks whose chunk files all exist, with each file's identity (inode) and time of writing. */
	private static Map<Long, Map<Path, Object>> completeBlocks(final Path labels) throws IOException {
		final Map<Long, Map<Path, Object>> complete = new HashMap<>();
		if (!Files.isRegularFile(labels.resolve("0/.zarray"))) return complete;
		final ZarrArray a = ZarrArray.open(labels.resolve("0")); // the image's .zattrs may not be written yet
		final BlockGrid grid = BlockGrid.of(a.metadata().imageDimensions(), a.metadata().chunkDimensions(), new int[] { 1,
			1, 1 });
		final ChunkWriter w = ChunkWriter.of(a);
		for (long b = 0; b < grid.count(); b++) {
			final Interval box = grid.block(b);
			final Map<Path, Object> files = new HashMap<>();
			boolean all = true;
			for (final long[] c : w.chunksIn(box)) {
				final Path f = a.chunkFile(c);
				if (!Files.isRegularFile(f)) {
					all = false;
					break;
				}
				try {
					files.put(f, Files.getAttribute(f, "unix:ino") + "@" + Files.getLastModifiedTime(f).toMillis());
				}
				catch (final IOException e) { // renamed over while looking: not complete yet
					all = false;
					break;
				}
			}
			if (all) complete.put(b, files);
		}
		return complete;
	}
}
