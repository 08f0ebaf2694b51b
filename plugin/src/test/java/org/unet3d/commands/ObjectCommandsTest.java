package org.unet3d.commands;

import static org.junit.Assert.assertArrayEquals;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.unet3d.data.VoxelSize;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;
import org.unet3d.metrics.ObjectMatching;
import org.unet3d.model.ModelMetadata;
import org.unet3d.objects.InstanceTrainingLabels;
import org.unet3d.objects.StackShape;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.PerVoxelNetwork;

/**
 * Objects end to end, the way macros and the command line run the commands: two touching spheres
 * become two objects through {@code label-objects} and through {@code segment objects=} with a
 * per-voxel network, {@code train instances=} makes a 3-class model, and {@code evaluate
 * objects=true} writes the scores of a case counted by hand.
 */
public class ObjectCommandsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Context context;

	/** Two spheres of radius 7 whose centres are 12 voxels apart along x: they overlap in a lens. */
	private static final int SX = 40, SY = 30, SZ = 24;
	private static final double[][] CENTRES = { { 13, 15, 12 }, { 25, 15, 12 } };
	private static final double RADIUS = 7;

	@Before
	public void setUp() {
		context = new Context(CommandService.class);
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
		return new CommandRunner(context).run(c, values, (k, v) -> ImageFiles.open(new File(v), true));
	}

	private String path(final String name) {
		return new File(tmp.getRoot(), name).getPath();
	}

	/** Which sphere a voxel belongs to (the nearer centre within the radius), 0 outside both. */
	private static int sphere(final int x, final int y, final int z) {
		int best = 0;
		double bestD = RADIUS * RADIUS;
		for (int s = 0; s < CENTRES.length; s++) {
			final double dx = x - CENTRES[s][0], dy = y - CENTRES[s][1], dz = z - CENTRES[s][2];
			final double d = dx * dx + dy * dy + dz * dz;
			if (d <= bestD) {
				bestD = d;
				best = s + 1;
			}
		}
		return best;
	}

	/** An 8-bit stack: the instance ids, the class labels (0/1), or an image (200 inside, 20 outside). */
	private File spheres(final String name, final String what) throws IOException {
		final ImageStack stack = new ImageStack(SX, SY);
		for (int z = 0; z < SZ; z++) {
			final byte[] p = new byte[SX * SY];
			for (int y = 0; y < SY; y++)
				for (int x = 0; x < SX; x++) {
					final int s = sphere(x, y, z);
					p[x + SX * y] = (byte) (what.equals("instances") ? s : what.equals("labels") ? Math.min(s, 1) : s > 0
						? 200 : 20);
				}
			stack.addSlice(null, p);
		}
		final ImagePlus imp = new ImagePlus(name, stack);
		imp.getCalibration().pixelWidth = 0.5;
		imp.getCalibration().pixelHeight = 0.5;
		imp.getCalibration().pixelDepth = 1;
		imp.getCalibration().setUnit("micron");
		final File f = new File(tmp.getRoot(), name);
		TiffIO.save(imp, f, true);
		return f;
	}

	/** F1 of two object label files at an IoU threshold. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static double f1(final File truth, final ImagePlus prediction, final double iou) throws IOException {
		final RandomAccessibleInterval t = ImagePlusBridge.wrapLabels(TiffIO.open(truth));
		final RandomAccessibleInterval p = ImagePlusBridge.wrapLabels(prediction);
		return ObjectMatching.of(t, p).at(iou).f1();
	}

	private static int maxId(final ImagePlus objects) {
		return (int) new ij.process.StackStatistics(objects).max;
	}

	private static int voxelsInSpheres() {
		int n = 0;
		for (int z = 0; z < SZ; z++)
			for (int y = 0; y < SY; y++)
				for (int x = 0; x < SX; x++)
					if (sphere(x, y, z) > 0) n++;
		return n;
	}

	@Test
	public void labelObjectsSplitsTwoTouchingSpheres() throws IOException {
		final File truth = spheres("truth.tif", "instances");
		final File labels = spheres("labels.tif", "labels");
		final File image = spheres("image.tif", "image");
		final CommandRunner.Result r = run(LabelObjectsCommand.class, "probabilities", labels.getPath(), "objects",
			"nuclei", "image", image.getPath(), "output", path("objects.tif"), "measurements", path("objects.csv"));
		assertFalse(r.error(), r.failed());
		final ImagePlus objects = TiffIO.open(new File(path("objects.tif")));
		assertEquals(16, objects.getBitDepth());
		assertEquals(2, maxId(objects));
		assertEquals("calibration kept", 1.0, objects.getCalibration().pixelDepth, 0);
		assertEquals(1.0, f1(truth, objects, 0.9), 0);
		assertTrue((String) r.output("summary"), ((String) r.output("summary")).startsWith("2 objects in labels.tif"));
		final List<String> csv = Files.readAllLines(new File(path("objects.csv")).toPath(), StandardCharsets.UTF_8);
		assertEquals(3, csv.size());
		assertTrue(csv.get(0), csv.get(0).startsWith("id,voxels,volume (micron^3),centroid_z (micron)"));
		final ResultsTable table = (ResultsTable) r.output("table");
		assertEquals(2, table.size());
		assertEquals(voxelsInSpheres(), table.getValue("voxels", 0) + table.getValue("voxels", 1), 0);
		assertEquals(voxelsInSpheres() * 0.25, table.getValue("volume (micron^3)", 0) + table.getValue(
			"volume (micron^3)", 1), 1e-9);
		assertEquals(200, table.getValue("mean_intensity", 0), 0);
		assertEquals(0, table.getValue("touches_border", 0), 0);
		assertEquals("the first sphere's centroid x, calibrated", 6.5, table.getValue("centroid_x (micron)", 0), 0.3);

		final CommandRunner.Result c = run(LabelObjectsCommand.class, "probabilities", labels.getPath(), "objects",
			"components");
		assertFalse(c.error(), c.failed());
		assertEquals("components keep touching spheres together", 1, maxId((ImagePlus) c.output("objectImage")));
	}

	/** A per-voxel network: class 1 (nucleus) where the normalized intensity is above 0.5. */
	private File brightIsNucleus() throws IOException {
		final PerVoxelNetwork net = new PerVoxelNetwork(new double[] { 0, 20 }, new double[] { 0, -10 });
		final ModelMetadata m = net.model.metadata().toBuilder().classNames("background", "nucleus").build();
		final File f = new File(tmp.getRoot(), "bright.zip");
		ModelFile.write(net.model.withMetadata(m), f);
		return f;
	}

	@Test
	public void segmentMakesObjectsOfItsProbabilities() throws IOException {
		final File truth = spheres("truth.tif", "instances");
		final File image = spheres("image.tif", "image");
		final File model = brightIsNucleus();
		final CommandRunner.Result r = run(SegmentCommand.class, "image", image.getPath(), "model", model.getPath(),
			"output", path("labels.tif"), "probabilities", path("p.tif"), "objects", "nuclei", "measurements", path(
				"m.csv"));
		assertFalse(r.error(), r.failed());
		final File objects = new File(path("labels-objects.tif"));
		assertTrue("objects beside the labels by default", objects.isFile());
		assertEquals(1.0, f1(truth, TiffIO.open(objects), 0.9), 0);
		assertEquals(3, Files.readAllLines(new File(path("m.csv")).toPath(), StandardCharsets.UTF_8).size());
		assertTrue((String) r.output("summary"), ((String) r.output("summary")).contains("2 objects in image.tif (from " +
			"the probabilities; background class 0, boundary none)"));
		assertEquals(2, ((ResultsTable) r.output("table")).size());

		// the same objects from the saved probabilities, later
		final CommandRunner.Result later = run(LabelObjectsCommand.class, "probabilities", path("p.tif"), "model", model
			.getPath());
		assertFalse(later.error(), later.failed());
		assertSameIds(TiffIO.open(objects), (ImagePlus) later.output("objectImage"));
	}

	@Test
	public void objectsGoToOmeZarrToo() throws IOException {
		final File image = spheres("image.tif", "image");
		final File model = brightIsNucleus();
		final CommandRunner.Result r = run(SegmentCommand.class, "image", image.getPath(), "model", model.getPath(),
			"probabilities", path("p.zarr"), "objects", "nuclei", "objectsOutput", path("objects.zarr"));
		assertFalse(r.error(), r.failed());
		assertTrue(new File(path("objects.zarr"), ".zattrs").isFile());
		final ImagePlus fromZarr = ImageFiles.open(new File(path("objects.zarr")), true);
		assertEquals(16, fromZarr.getBitDepth());
		assertEquals(1.0, fromZarr.getCalibration().pixelDepth, 1e-9);
		assertEquals(2, maxId(fromZarr));
		// the same objects again from the OME-Zarr probabilities, into a TIFF
		final CommandRunner.Result later = run(LabelObjectsCommand.class, "probabilities", path("p.zarr"), "model", model
			.getPath(), "output", path("again.tif"));
		assertFalse(later.error(), later.failed());
		assertSameIds(fromZarr, TiffIO.open(new File(path("again.tif"))));
	}

	private static void assertSameIds(final ImagePlus a, final ImagePlus b) {
		assertEquals(a.getStackSize(), b.getStackSize());
		for (int z = 1; z <= a.getStackSize(); z++)
			for (int i = 0; i < a.getWidth() * a.getHeight(); i++)
				assertEquals("slice " + z + " pixel " + i, a.getStack().getProcessor(z).getf(i), b.getStack().getProcessor(z)
					.getf(i), 0);
	}

	@Test
	public void aForegroundProbabilityAndClassLabelsGiveObjectsToo() throws IOException {
		final File truth = spheres("truth.tif", "instances");
		final ImagePlus labels = TiffIO.open(spheres("labels.tif", "labels"));
		final ImageStack p = new ImageStack(SX, SY);
		for (int z = 1; z <= SZ; z++) {
			final float[] f = new float[SX * SY];
			final byte[] l = (byte[]) labels.getStack().getPixels(z);
			for (int i = 0; i < f.length; i++)
				f[i] = l[i] == 1 ? 0.9f : 0.05f;
			p.addSlice(null, f);
		}
		final ImagePlus foreground = new ImagePlus("foreground", p);
		foreground.setCalibration(labels.getCalibration().copy());
		TiffIO.save(foreground, new File(path("foreground.tif")), false);
		final CommandRunner.Result r = run(LabelObjectsCommand.class, "probabilities", path("foreground.tif"),
			"objects", "nuclei");
		assertFalse(r.error(), r.failed());
		assertTrue((String) r.output("summary"), ((String) r.output("summary")).contains("from a foreground probability"));
		assertEquals(1.0, f1(truth, (ImagePlus) r.output("objectImage"), 0.9), 0);
	}

	@Test
	public void aMinimumVolumeRemovesSmallComponents() throws IOException {
		final ImagePlus labels = TiffIO.open(spheres("labels.tif", "labels"));
		((byte[]) labels.getStack().getPixels(3))[2 + SX * 2] = 1; // a one-voxel speck
		TiffIO.save(labels, new File(path("speck.tif")), false);
		final CommandRunner.Result all = run(LabelObjectsCommand.class, "probabilities", path("speck.tif"), "objects",
			"components", "connectivity", "26");
		final CommandRunner.Result big = run(LabelObjectsCommand.class, "probabilities", path("speck.tif"), "objects",
			"components", "minVolume", "1");
		assertFalse(all.error(), all.failed());
		assertFalse(big.error(), big.failed());
		assertEquals(2, maxId((ImagePlus) all.output("objectImage")));
		assertEquals(1, maxId((ImagePlus) big.output("objectImage")));
	}

	@Test
	public void trainWithInstancesMakesAThreeClassModelAndSavesTheDerivedLabels() throws IOException {
		final File instances = spheres("instances.tif", "instances");
		final File image = spheres("image.tif", "image");
		final File model = new File(path("model.zip"));
		final CommandRunner.Result r = run(TrainCommand.class, "image", image.getPath(), "instances", instances
			.getPath(), "model", model.getPath(), "saveDerivedLabels", path("derived.tif"), "filters", "4", "depth", "2",
			"patch", "16,16,16", "epochs", "1", "stepsPerEpoch", "1", "batch", "1", "validation", "0");
		assertFalse(r.error(), r.failed());
		final ModelMetadata m = ModelFile.readMetadata(model);
		assertEquals(3, m.classes());
		assertArrayEquals(new String[] { "background", "interior", "boundary" }, m.classNames());
		final ImagePlus derived = TiffIO.open(new File(path("derived.tif")));
		final int[] ids = new int[SX * SY * SZ];
		for (int z = 0; z < SZ; z++)
			for (int y = 0; y < SY; y++)
				for (int x = 0; x < SX; x++)
					ids[x + SX * (y + SY * z)] = sphere(x, y, z);
		final byte[] expected = InstanceTrainingLabels.classes(ids, new StackShape(SX, SY, SZ, new VoxelSize(0.5, 0.5,
			1, "micron")), Double.NaN, Progress.NONE);
		for (int z = 0; z < SZ; z++)
			for (int i = 0; i < SX * SY; i++)
				assertEquals(expected[z * SX * SY + i], (int) derived.getStack().getProcessor(z + 1).getf(i));
		// where the spheres touch, no interior voxel of one is a face neighbour of the other's interior
		for (int z = 0; z < SZ; z++)
			for (int y = 0; y < SY; y++)
				for (int x = 0; x + 1 < SX; x++)
					if (sphere(x, y, z) != sphere(x + 1, y, z) && sphere(x, y, z) > 0 && sphere(x + 1, y, z) > 0)
						assertFalse(derived.getStack().getProcessor(z + 1).get(x, y) == 1 && derived.getStack().getProcessor(
							z + 1).get(x + 1, y) == 1);

		final File folder = tmp.newFolder("pairs");
		assertTrue(new File(folder, "images").mkdir() && new File(folder, "instances").mkdir());
		Files.copy(image.toPath(), new File(folder, "images/a.tif").toPath());
		Files.copy(instances.toPath(), new File(folder, "instances/a.tif").toPath());
		final CommandRunner.Result f = run(TrainCommand.class, "folder", folder.getPath(), "model", path("folder.zip"),
			"filters", "4", "depth", "2", "patch", "16,16,16", "epochs", "1", "stepsPerEpoch", "1", "batch", "1",
			"validation", "0");
		assertFalse(f.error(), f.failed());
		assertArrayEquals(new String[] { "background", "interior", "boundary" }, ModelFile.readMetadata(new File(path(
			"folder.zip"))).classNames());
	}

	@Test
	public void evaluateObjectsWritesTheScoresOfACaseCountedByHand() throws IOException {
		// as ObjectReportTest: truth objects x 0-3 and 6-9, predicted x 0-2, 6-7 and 11
		final int[] truth = { 1, 1, 1, 1, 0, 0, 2, 2, 2, 2, 0, 0 };
		final int[] pred = { 7, 7, 7, 0, 0, 0, 8, 8, 0, 0, 0, 9 };
		saveRow(truth, "t.tif");
		saveRow(pred, "p.tif");
		final CommandRunner.Result r = run(EvaluateCommand.class, "prediction", path("p.tif"), "truth", path("t.tif"),
			"objects", "true", "csv", path("scores.csv"));
		assertFalse(r.error(), r.failed());
		assertEquals(0.8, (Double) r.output("f1"), 1e-12);
		final List<String> csv = Files.readAllLines(new File(path("scores.csv")).toPath(), StandardCharsets.UTF_8);
		assertEquals("0.50,2,1,0,0.666667,1.000000,0.800000,0.666667,0.625000,0.500000", csv.get(1));
		assertTrue(new File(path("scores-summary.csv")).isFile());
		final ResultsTable t = (ResultsTable) r.output("objectScores");
		assertEquals(ObjectMatching.THRESHOLDS.length, t.size());
		assertEquals(0.25, t.getValue("ap", 5), 1e-12); // IoU 0.75
		assertNotNull(r.output("report"));
	}

	/** A 12 x 1 x 2 stack: the ids in the first slice, zeros in the second. */
	private void saveRow(final int[] ids, final String name) throws IOException {
		final ImageStack s = new ImageStack(12, 1);
		final short[] first = new short[12];
		for (int i = 0; i < 12; i++)
			first[i] = (short) ids[i];
		s.addSlice(null, first);
		s.addSlice(null, new short[12]);
		TiffIO.save(new ImagePlus(name, s), new File(path(name)), false);
	}
}
