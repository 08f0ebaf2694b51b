package org.unet3d.samples;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The sample command line, and that regenerating the bundled samples reproduces the files
 * committed in {@code sample-stacks/} byte for byte.
 */
public class GenerateSamplesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(final String... args) {
		return GenerateSamples.run(args, new PrintStream(out, true), new PrintStream(err, true));
	}

	@Test
	public void regeneratingReproducesTheCommittedSamples() throws IOException {
		final File committed = new File("sample-stacks"); // tests run in the top-level folder
		Assume.assumeTrue("no committed sample-stacks folder", new File(committed, "README.md").isFile());
		final File fresh = tmp.newFolder("fresh");
		assertEquals(err.toString(), 0, run(fresh.getPath()));
		for (final SampleSet set : SampleSet.bundled())
			for (final String name : SampleStackWriter.SET_FILES) {
				final File a = new File(new File(committed, set.name()), name);
				final File b = new File(new File(fresh, set.name()), name);
				assertTrue("missing committed " + a, a.isFile());
				assertArrayEquals(a + " differs from a regenerated copy", Files.readAllBytes(a.toPath()), Files
					.readAllBytes(b.toPath()));
			}
	}

	@Test
	public void writesOneStackOfAnySizeAndSeed() {
		assertEquals(err.toString(), 0, run(tmp.getRoot().getPath(), "nuclei", "20x18x5", "7"));
		assertTrue(new File(tmp.getRoot(), "nuclei-20x18x5-seed7-image.tif").isFile());
		assertTrue(new File(tmp.getRoot(), "nuclei-20x18x5-seed7-labels.tif").isFile());
		assertTrue(out.toString(), out.toString().contains("nuclei-20x18x5-seed7-labels.tif"));
		// a second run without --overwrite fails and says why; with it, it succeeds
		assertEquals(1, run(tmp.getRoot().getPath(), "nuclei", "20x18x5", "7"));
		assertTrue(err.toString(), err.toString().contains("already exists"));
		assertEquals(err.toString(), 0, run(tmp.getRoot().getPath(), "nuclei", "20x18x5", "7", "--overwrite"));
	}

	@Test
	public void badArgumentsGiveTheUsage() {
		assertEquals(2, run());
		assertEquals(2, run(tmp.getRoot().getPath(), "cells"));
		assertEquals(2, run(tmp.getRoot().getPath(), "em", "20x20"));
		assertEquals(2, run(tmp.getRoot().getPath(), "em", "20x20x0", "1"));
		assertEquals(2, run(tmp.getRoot().getPath(), "em", "20x20x4", "one"));
		assertEquals(2, run(tmp.getRoot().getPath(), "--force"));
		assertTrue(err.toString(), err.toString().contains("Usage: generate"));
		assertTrue(err.toString(), err.toString().contains("Unknown sample kind \"cells\""));
		assertEquals(0, run("--help"));
		assertArrayEquals(new long[] { 96, 64, 8 }, GenerateSamples.parseSize("96x64X8"));
	}

	@Test
	public void bundledSetsHaveOneSetPerKindAndDistinctSeeds() {
		final Set<Long> seeds = new HashSet<>();
		final Set<SyntheticStacks.Kind> kinds = new HashSet<>();
		for (final SampleSet s : SampleSet.bundled()) {
			assertTrue(kinds.add(s.kind()));
			assertTrue(seeds.add(s.trainSeed()));
			assertTrue(seeds.add(s.testSeed()));
			assertEquals(s, SampleSet.bundled(s.kind()));
		}
		assertEquals(SyntheticStacks.Kind.values().length, kinds.size());
	}
}
