package org.unet3d.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.Volume;
import org.unet3d.formats.VolumeFiles;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;
import org.unet3d.testutil.PerVoxelNetwork;
import org.unet3d.testutil.TestImages;
import org.unet3d.zarr.Compressor;
import org.unet3d.zarr.OmeZarr;

/**
 * On the command line every command takes OME-Zarr paths like TIFF paths (images, labels,
 * outputs) and gives the same results; {@code convert} turns TIFF into OME-Zarr and back.
 */
public class OmeZarrCliTest {

	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private static File dir;
	private static String model;

	@BeforeClass
	public static void files() throws IOException {
		dir = TMP.getRoot();
		final ImagePlus[] balls = TestImages.balls(36, 30, 20, 8, 2);
		balls[0].getCalibration().pixelWidth = 0.5;
		balls[0].getCalibration().pixelHeight = 0.5;
		balls[0].getCalibration().pixelDepth = 2;
		balls[0].getCalibration().setUnit("micron");
		TiffIO.save(balls[0], new File(dir, "image.tif"), false);
		TiffIO.save(balls[1], new File(dir, "labels.tif"), false);
		model = path("m.zip");
		ModelFile.write(new PerVoxelNetwork(2, 3).model, new File(model));
	}

	private static String path(final String name) {
		return new File(dir, name).getPath();
	}

	private int run(final String... args) {
		out.reset();
		err.reset();
		return Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
	}

	/** The image and labels as OME-Zarr (converted on the command line, once). */
	private void zarrInputs() {
		if (new File(path("image.zarr")).exists()) return;
		assertEquals(err.toString(), 0, run("convert", "input=" + path("image.tif"), "output=" + path("image.zarr"),
			"chunks=8,16,16", "compressor=zstd"));
		assertEquals(err.toString(), 0, run("convert", "input=" + path("labels.tif"), "output=" + path("labels.zarr"),
			"chunks=8,16,16"));
	}

	private static void assertSameVoxels(final String what, final RandomAccessibleInterval<?> expected,
		final RandomAccessibleInterval<?> actual)
	{
		assertArrayEquals(what, expected.dimensionsAsLongArray(), actual.dimensionsAsLongArray());
		final Cursor<?> e = Views.flatIterable(expected).localizingCursor();
		final Cursor<?> a = Views.flatIterable(actual).cursor();
		while (e.hasNext())
			assertEquals(what + " at " + java.util.Arrays.toString(e.positionAsLongArray()), ((RealType<?>) e.next())
				.getRealDouble(), ((RealType<?>) a.next()).getRealDouble(), 0);
	}

	@Test
	public void convertTurnsTiffIntoOmeZarrAndBack() throws Exception {
		zarrInputs();
		assertEquals(err.toString(), 0, run("convert", "input=" + path("image.tif"), "output=" + path("again.zarr"),
			"chunks=4,8,8", "compressor=none"));
		assertTrue(out.toString(), out.toString().contains("chunks 4,8,8 (z,y,x)"));
		final OmeZarr z = OmeZarr.open(new File(path("image.zarr")).toPath());
		assertEquals(Compressor.zstd(), z.array(0).metadata().compressor());
		assertArrayEquals(new int[] { 16, 16, 8 }, z.array(0).metadata().chunkDimensions());
		assertEquals(0.5, z.voxelSize(0).x(), 1e-9);
		assertEquals(2, z.voxelSize(0).z(), 1e-9);
		assertEquals(err.toString(), 0, run("convert", "input=" + path("image.zarr"), "output=" + path("back.tif")));
		final ImagePlus back = TiffIO.open(new File(path("back.tif")));
		assertEquals(2, back.getCalibration().pixelDepth, 1e-9);
		assertEquals("micron", back.getCalibration().getUnit());
		assertSameVoxels("back", ImagePlusBridge.wrap(TiffIO.open(new File(path("image.tif")))).pixels(), ImagePlusBridge
			.wrap(back).pixels());
		assertEquals(2, run("convert", "input=" + path("image.zarr"), "output=" + path("back.tif")));
		assertTrue(err.toString(), err.toString().contains("already exists. Choose another name, or allow overwriting"));
		assertEquals(2, run("convert", "input=" + path("image.tif"), "output=" + path("x.zarr"), "compressor=blosc"));
		assertTrue(err.toString(), err.toString().contains("Unknown compressor \"blosc\""));
	}

	@Test
	public void segmentReadsAndWritesOmeZarrWithTheSameLabelsAsTiff() throws Exception {
		zarrInputs();
		assertEquals(err.toString(), 0, run("segment", "image=" + path("image.tif"), "model=" + model, "output=" + path(
			"seg.tif"), "probabilities=" + path("seg-p.tif")));
		assertEquals(err.toString(), 0, run("segment", "image=" + path("image.zarr"), "model=" + model, "output=" + path(
			"seg.zarr"), "probabilities=" + path("seg-p.zarr")));
		final Volume<?> labels = VolumeFiles.open(new File(path("seg.zarr")));
		assertEquals(2, labels.voxelSize().z(), 1e-9);
		assertSameVoxels("labels", ImagePlusBridge.wrap(TiffIO.open(new File(path("seg.tif")))).pixels(), labels
			.pixels());
		assertSameVoxels("probabilities", ImagePlusBridge.wrap(TiffIO.open(new File(path("seg-p.tif")))).pixels(),
			VolumeFiles.open(new File(path("seg-p.zarr"))).pixels());
		assertEquals(2, run("segment", "image=" + path("image.zarr"), "model=" + model, "output=" + path("seg.zarr")));
		assertTrue(err.toString(), err.toString().contains("seg.zarr already exists"));
		assertEquals(err.toString(), 0, run("segment", "image=" + path("image.zarr"), "model=" + model, "output=" + path(
			"seg.zarr"), "overwrite=true"));
		assertEquals(2, run("segment", "image=" + path("missing.zarr"), "model=" + model, "output=" + path("x.zarr")));
		assertTrue(err.toString(), err.toString().contains("missing.zarr does not exist"));

		final File folder = TMP.newFolder("folder");
		for (final String name : new String[] { "a", "b" })
			assertEquals(err.toString(), 0, run("convert", "input=" + path("image.tif"), "output=" + new File(folder, name +
				".zarr")));
		final File results = new File(dir, "results");
		assertEquals(err.toString(), 0, run("segment-folder", "input=" + folder, "output=" + results, "model=" + model,
			"pattern=*.zarr"));
		assertTrue(out.toString(), out.toString().contains("2 segmented, 0 failed"));
		assertSameVoxels("a-labels.zarr", labels.pixels(), VolumeFiles.open(new File(results, "a-labels.zarr"))
			.pixels());
		assertTrue(new File(results, "b-labels.zarr/.zattrs").isFile());
	}

	@Test
	public void trainEvaluateAndMakePatchesTakeOmeZarr() throws Exception {
		zarrInputs();
		final String[] tiny = { "filters=2", "depth=1", "patch=8,16,16", "epochs=1", "stepsPerEpoch=2", "batch=1",
			"validation=0", "seed=4" };
		final String[] zarrTrain = { "train", "image=" + path("image.zarr"), "labels=" + path("labels.zarr"), "model=" +
			path("from-zarr.zip") };
		assertEquals(err.toString(), 0, run(join(zarrTrain, tiny)));
		assertTrue(out.toString(), out.toString().contains("Saved"));
		assertEquals(err.toString(), 0, run(join(new String[] { "train", "image=" + path("image.tif"), "labels=" + path(
			"labels.tif"), "model=" + path("from-tiff.zip") }, tiny)));
		final double lossFromTiff = ModelFile.read(new File(path("from-tiff.zip")), false).metadata().training()
			.finalLoss();
		assertTrue("a loss: " + lossFromTiff, lossFromTiff > 0);
		assertEquals("the same training from OME-Zarr as from TIFF", lossFromTiff, ModelFile.read(new File(path(
			"from-zarr.zip")), false).metadata().training().finalLoss(), 1e-6 * lossFromTiff);

		final File pairs = TMP.newFolder("pairs");
		new File(pairs, "images").mkdir();
		new File(pairs, "labels").mkdir();
		assertEquals(0, run("convert", "input=" + path("image.tif"), "output=" + new File(pairs, "images/s.zarr")));
		assertEquals(0, run("convert", "input=" + path("labels.tif"), "output=" + new File(pairs, "labels/s.zarr")));
		assertEquals(err.toString(), 0, run(join(new String[] { "train", "folder=" + pairs, "model=" + path(
			"folder.zip") }, tiny)));

		assertEquals(err.toString(), 0, run("segment", "image=" + path("image.tif"), "model=" + model, "output=" + path(
			"eval.tif")));
		assertEquals(err.toString(), 0, run("convert", "input=" + path("eval.tif"), "output=" + path("eval.zarr")));
		assertEquals(err.toString(), 0, run("evaluate", "prediction=" + path("eval.tif"), "truth=" + path(
			"labels.tif")));
		final String scores = out.toString();
		assertEquals(err.toString(), 0, run("evaluate", "prediction=" + path("eval.zarr"), "truth=" + path(
			"labels.zarr")));
		assertEquals(scores.replace("eval.tif", "eval.zarr").replace("labels.tif", "labels.zarr"), out.toString());
		assertTrue(scores, scores.contains("Mean Dice"));

		assertEquals(err.toString(), 0, run("make-patches", "image=" + path("image.zarr"), "labels=" + path(
			"labels.zarr"), "patch=8,16,16", "count=3", "output=" + path("patches-zarr.tif")));
		assertEquals(err.toString(), 0, run("make-patches", "image=" + path("image.tif"), "labels=" + path(
			"labels.tif"), "patch=8,16,16", "count=3", "output=" + path("patches-tif.tif")));
		final ij.ImageStack fromTiff = TiffIO.open(new File(path("patches-tif.tif"))).getStack();
		final ij.ImageStack fromZarr = TiffIO.open(new File(path("patches-zarr.tif"))).getStack();
		assertEquals(fromTiff.getSize(), fromZarr.getSize());
		for (int i = 1; i <= fromTiff.getSize(); i++)
			assertArrayEquals("patch plane " + i, (float[]) fromTiff.getPixels(i), (float[]) fromZarr.getPixels(i), 0);
	}

	private static String[] join(final String[] a, final String[] b) {
		final String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}
}
