package org.unet3d.benchmark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The segmentation-throughput benchmark reports speed and memory. */
public class SegmentBenchmarkTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(final String... args) {
		out.reset();
		err.reset();
		return DeveloperTools.run(args, new PrintStream(out, true), new PrintStream(err, true));
	}

	@Test
	public void benchmarkReportsSpeedAndMemory() {
		assertEquals(err.toString(), 0, run("benchmark-segment", "size=96x80x24", "filters=2", "depth=1", "folder=" +
			tmp.getRoot()));
		final String s = out.toString();
		assertTrue(s, s.matches("(?s).*Segmented 96 x 80 x 24 = 0\\.2 megavoxels in [0-9.]+ s: [0-9.]+ megavoxels/s.*"));
		assertTrue(s, s.contains("Peak Java heap used") && s.contains("Peak physical memory"));
		assertTrue(new File(tmp.getRoot(), "benchmark-labels.tif").isFile());
	}
}
