package org.unet3d.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.unet3d.inference.FolderSegmentation;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;
import org.unet3d.testutil.PerVoxelNetwork;
import org.unet3d.testutil.TestImages;

/**
 * The Segment, Segment Folder and Evaluate commands, run the way macros and the command line run
 * them (key=value through {@link CommandRunner}), on files.
 */
public class SegmentationCommandsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Context context;
	private File model;

	@Before
	public void setUp() throws IOException {
		context = new Context(CommandService.class);
		model = new File(tmp.getRoot(), "per-voxel.zip");
		ModelFile.write(new PerVoxelNetwork(2, 1).model, model);
	}

	@After
	public void dispose() {
		context.dispose();
	}

	private CommandRunner.Result run(final Class<? extends org.scijava.command.Command> c, final String... kv)
		throws IOException
	{
		final Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			values.put(kv[i], kv[i + 1]);
		return new CommandRunner(context).run(c, values, (k, v) -> TiffIO.openVirtual(new File(v)));
	}

	private File stack(final String name, final int sx, final int sy, final int sz, final long seed)
		throws IOException
	{
		final ImagePlus imp = TestImages.balls(sx, sy, sz, 6, seed)[0];
		imp.getCalibration().pixelDepth = 2.5;
		imp.getCalibration().setUnit("micron");
		final File f = new File(tmp.getRoot(), name);
		TiffIO.save(imp, f, false);
		return f;
	}

	private String path(final String name) {
		return new File(tmp.getRoot(), name).getPath();
	}

	@Test
	public void segmentWithAllKeys() throws IOException {
		final File in = stack("in.tif", 30, 26, 22, 1);
		final byte[] before = Files.readAllBytes(in.toPath());
		final CommandRunner.Result r = run(SegmentCommand.class, "image", in.getPath(), "model", model.getPath(),
			"output", path("labels.tif"), "probabilities", path("p.tif"), "tile", "8,12,16", "overlap", "4,4,4", "batch",
			"3", "blending", "linear", "flips", "true", "overlay", "true");
		assertFalse(r.error(), r.failed());
		final ImagePlus labels = (ImagePlus) r.output("labels");
		assertEquals(22, labels.getNSlices());
		assertEquals(2.5, labels.getCalibration().pixelDepth, 1e-9);
		final ImagePlus overlay = (ImagePlus) r.output("overlayImage");
		assertEquals(2, overlay.getNChannels());
		assertEquals(22, overlay.getNSlices());
		assertTrue((String) r.output("summary"), ((String) r.output("summary")).contains("tiles of 8,12,16"));
		assertEquals(2, TiffIO.open(new File(path("p.tif"))).getNChannels());
		assertEquals(22, TiffIO.open(new File(path("labels.tif"))).getNSlices());
		assertTrue("input unchanged", Arrays.equals(before, Files.readAllBytes(in.toPath())));
	}

	@Test
	public void badTileSizesNameTheNearestValidOnes() throws IOException {
		final File in = stack("in.tif", 20, 20, 12, 1);
		final CommandRunner.Result r = run(SegmentCommand.class, "image", in.getPath(), "model", model.getPath(), "tile",
			"7,12,13");
		assertTrue(r.failed());
		assertTrue(r.error(), r.error().contains("Nearest valid tile sizes: 6,12,12 or 8,12,14"));
		final CommandRunner.Result b = run(SegmentCommand.class, "image", in.getPath(), "model", model.getPath(),
			"blending", "smooth");
		assertTrue(b.error(), b.error().contains("gaussian"));
	}

	@Test
	public void aFolderWithBadFilesSegmentsTheOthersAndReportsTheBadOnes() throws IOException {
		final File folder = tmp.newFolder("in");
		final File out = new File(tmp.getRoot(), "out");
		for (final String name : new String[] { "a.tif", "c.tif" })
			Files.move(stack(name, 24, 20, 10, name.charAt(0)).toPath(), new File(folder, name).toPath());
		final byte[] good = Files.readAllBytes(new File(folder, "a.tif").toPath());
		Files.write(new File(folder, "b-corrupt.tif").toPath(), Arrays.copyOf(good, good.length / 3));
		final ImageStack flat = new ImageStack(16, 16);
		flat.addSlice(null, new byte[256]);
		TiffIO.save(new ImagePlus("flat", flat), new File(folder, "d-2d.tif"), false);
		Files.write(new File(folder, "notes.txt").toPath(), "not an image".getBytes(StandardCharsets.UTF_8));

		final CommandRunner.Result r = run(SegmentFolderCommand.class, "input", folder.getPath(), "output", out.getPath(),
			"model", model.getPath(), "pattern", "*.tif");
		assertFalse(r.error(), r.failed());
		final String summary = (String) r.output("summary");
		assertEquals(summary, 2, r.output("failed"));
		assertTrue(summary, summary.contains("FAILED  b-corrupt.tif") && summary.contains("truncated"));
		assertTrue(summary, summary.contains("FAILED  d-2d.tif") && summary.contains("2D"));
		assertTrue(new File(out, "a-labels.tif").isFile());
		assertTrue(new File(out, "c-labels.tif").isFile());
		assertEquals(10, TiffIO.open(new File(out, "c-labels.tif")).getNSlices());
		assertFalse(new File(out, "b-corrupt-labels.tif").exists());
		final List<String> csv = Files.readAllLines(new File(out, FolderSegmentation.SUMMARY).toPath());
		assertEquals("header and 4 files: " + csv, 5, csv.size());
		assertTrue(csv.get(2), csv.get(2).startsWith("b-corrupt.tif,failed,"));
		assertTrue(csv.get(1), csv.get(1).startsWith("a.tif,done,a-labels.tif,4800,"));

		// again: finished files are skipped, not redone
		final CommandRunner.Result again = run(SegmentFolderCommand.class, "input", folder.getPath(), "output", out
			.getPath(), "model", model.getPath());
		assertTrue((String) again.output("summary"), ((String) again.output("summary")).contains("SKIPPED a.tif"));
	}

	@Test
	public void evaluationGivesAResultsTableAndCsvFiles() throws IOException {
		final ImagePlus[] balls = TestImages.balls(20, 18, 12, 5, 4);
		final File truth = new File(tmp.getRoot(), "truth.tif");
		TiffIO.save(balls[1], truth, false);
		final CommandRunner.Result r = run(EvaluateCommand.class, "prediction", truth.getPath(), "truth", truth.getPath(),
			"csv", path("eval.csv"));
		assertFalse(r.error(), r.failed());
		final ResultsTable t = ((EvaluateCommand) ((org.scijava.command.CommandModule) r.module()).getCommand())
			.results();
		assertNotNull(t);
		assertEquals(2, t.size());
		assertEquals(1.0, t.getValue("Dice", 1), 1e-12);
		assertEquals("background", t.getStringValue("Name", 0));
		assertTrue(new File(path("eval.csv")).isFile());
		assertTrue(Files.readAllLines(new File(path("eval-summary.csv")).toPath()).contains("mean_dice,1.000000"));
		assertTrue(Files.readAllLines(new File(path("eval-confusion.csv")).toPath()).size() == 3);
	}
}
