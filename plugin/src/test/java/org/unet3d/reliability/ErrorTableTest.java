package org.unet3d.reliability;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.unet3d.reliability.Fixtures.TINY_TRAINING;
import static org.unet3d.reliability.Fixtures.cli;
import static org.unet3d.reliability.Fixtures.join;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.io.ModelFile;

/**
 * The bad inputs of the table in docs/errors.md, row by row (ids I1 - I17), through the command
 * line: each ends with exit status 2 and its documented message on stderr, before any long work.
 */
public class ErrorTableTest {

	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	private static File dir;
	private static String image;
	private static String labels;
	private static String model;

	@BeforeClass
	public static void files() throws IOException {
		dir = TMP.getRoot();
		image = Fixtures.save(Fixtures.stack(24, 24, 1, 16, 1), dir, "image.tif");
		labels = Fixtures.save(Fixtures.labels(24, 24, 16), dir, "labels.tif");
		model = Fixtures.model(dir, "model.zip", 1);
	}

	private static String path(final String name) {
		return new File(dir, name).getPath();
	}

	/** Exit status 2, "Error: " and one of the row's messages on stderr. */
	private static void assertRow(final DocumentedErrors row, final Fixtures.Run r) {
		assertEquals(r.toString(), 2, r.status);
		assertTrue(r.toString(), r.err.startsWith("Error: "));
		boolean found = false;
		for (final String f : row.fragments)
			found |= r.err.contains(f);
		assertTrue(row + " expected, got " + r, found);
	}

	private static Fixtures.Run segment(final String img, final String... more) {
		return cli(join(new String[] { "segment", "image=" + img, "model=" + model, "output=" + path("out-" + System
			.nanoTime() + ".tif") }, more));
	}

	private static Fixtures.Run train(final String img, final String lab, final String... more) {
		return cli(join(join(new String[] { "train", "image=" + img, "labels=" + lab, "model=" + path("trained-" + System
			.nanoTime() + ".zip") }, TINY_TRAINING), more));
	}

	@Test
	public void twoDimensionalImage() throws IOException {
		final String flat = Fixtures.save(Fixtures.stack(24, 24, 1, 1, 1), dir, "flat.tif");
		assertRow(DocumentedErrors.IMAGE_2D, segment(flat));
		assertRow(DocumentedErrors.IMAGE_2D, train(flat, Fixtures.save(Fixtures.labels(24, 24, 1), dir,
			"flat-labels.tif")));
	}

	@Test
	public void timeSeries() throws IOException {
		assertRow(DocumentedErrors.TIME_SERIES, segment(Fixtures.save(Fixtures.stack(24, 24, 1, 8, 2), dir,
			"movie.tif")));
		final Fixtures.Run framesOnly = segment(Fixtures.save(Fixtures.stack(24, 24, 1, 1, 8), dir, "frames.tif"));
		assertRow(DocumentedErrors.TIME_SERIES, framesOnly);
		assertTrue(framesOnly.err, framesOnly.err.contains("Image > Properties"));
	}

	@Test
	public void rgbImage() throws IOException {
		final ImageStack s = new ImageStack(24, 24);
		for (int z = 0; z < 8; z++)
			s.addSlice(new ColorProcessor(24, 24));
		assertRow(DocumentedErrors.RGB, segment(Fixtures.save(new ImagePlus("rgb", s), dir, "rgb.tif")));
	}

	@Test
	public void channelsTheModelWasNotTrainedFor() throws IOException {
		final Fixtures.Run r = segment(Fixtures.save(Fixtures.stack(24, 24, 2, 16, 1), dir, "two-channels.tif"));
		assertRow(DocumentedErrors.CHANNELS, r);
		assertTrue(r.err, r.err.contains("1-channel images, but this image has 2 channel(s)"));
	}

	@Test
	public void imageAndLabelsOfDifferentShape() throws IOException {
		assertRow(DocumentedErrors.SHAPES_DIFFER, train(image, Fixtures.save(Fixtures.labels(20, 24, 16), dir,
			"narrow-labels.tif")));
		assertRow(DocumentedErrors.SHAPES_DIFFER, cli("evaluate", "prediction=" + labels, "truth=" + path(
			"narrow-labels.tif")));
		assertRow(DocumentedErrors.SHAPES_DIFFER, cli("make-patches", "image=" + image, "labels=" + path(
			"narrow-labels.tif")));
	}

	@Test
	public void labelsThatAreNotIntegerClassIds() throws IOException {
		final ImagePlus fractional = Fixtures.stack(24, 24, 1, 16, 1);
		fractional.getStack().getProcessor(3).setf(5, 6, 0.5f);
		final String path = Fixtures.save(fractional, dir, "fractional-labels.tif");
		assertRow(DocumentedErrors.NOT_CLASS_IDS, train(image, path));
		assertRow(DocumentedErrors.NOT_CLASS_IDS, cli("evaluate", "prediction=" + path, "truth=" + labels));
		final ImagePlus negative = new ImagePlus("negative", Fixtures.labels(24, 24, 16).getStack().convertToFloat());
		negative.getStack().getProcessor(2).setf(1, 1, -3);
		assertRow(DocumentedErrors.NOT_CLASS_IDS, train(image, Fixtures.save(negative, dir, "negative-labels.tif")));
	}

	@Test
	public void classIdsBeyondTheDeclaredCount() throws IOException {
		final ImagePlus three = Fixtures.labels(24, 24, 16);
		three.getStack().getProcessor(4).set(2, 2, 3);
		final String path = Fixtures.save(three, dir, "class-3-labels.tif");
		final Fixtures.Run r = train(image, path, "classes=2");
		assertRow(DocumentedErrors.IDS_BEYOND_CLASSES, r);
		assertTrue(r.err, r.err.contains("set ignore=3"));
		assertRow(DocumentedErrors.IDS_BEYOND_CLASSES, cli("evaluate", "prediction=" + path, "truth=" + labels,
			"model=" + model));
		final ImagePlus gap = Fixtures.labels(24, 24, 16);
		for (int z = 1; z <= 16; z++)
			gap.getStack().getProcessor(z).multiply(255); // 0 and 255 only: a mask without ignore=255
		assertRow(DocumentedErrors.IDS_BEYOND_CLASSES, train(image, Fixtures.save(gap, dir, "mask-labels.tif")));
	}

	@Test
	public void singleClassLabels() throws IOException {
		final ImageStack zeros = new ImageStack(24, 24);
		for (int z = 0; z < 16; z++)
			zeros.addSlice(null, new byte[24 * 24]);
		final ImagePlus background = new ImagePlus("zeros", zeros);
		assertRow(DocumentedErrors.SINGLE_CLASS, train(image, Fixtures.save(background, dir, "zero-labels.tif")));
	}

	@Test
	public void stackSmallerThanTheNetwork() throws IOException {
		final String small = Fixtures.save(Fixtures.stack(3, 6, 1, 6, 1), dir, "small.tif");
		final Fixtures.Run r = segment(small);
		assertRow(DocumentedErrors.STACK_TOO_SMALL, r);
		assertTrue(r.err, r.err.contains("3 x 6 x 6 voxels (x, y, z)") && r.err.contains("minimum stack size of 4 x 4 x 4"));
		final Fixtures.Run t = train(small, Fixtures.save(Fixtures.labels(3, 6, 6), dir, "small-labels.tif"),
			"patch=8,8,8");
		assertRow(DocumentedErrors.STACK_TOO_SMALL, t);
		assertTrue(t.err, t.err.contains("depth=1"));
	}

	@Test
	public void patchOrTileNotDivisibleByThePooling() {
		final Fixtures.Run t = train(image, labels, "patch=15,16,16");
		assertRow(DocumentedErrors.SIZE_NOT_DIVISIBLE, t);
		assertTrue(t.err, t.err.contains("Use 12 or 16"));
		final Fixtures.Run s = segment(image, "tile=16,18,16");
		assertRow(DocumentedErrors.SIZE_NOT_DIVISIBLE, s);
		assertTrue(s.err, s.err.contains("16,16,16 or 16,20,16"));
	}

	@Test
	public void corruptOrTruncatedModel() throws IOException {
		final File garbage = new File(dir, "garbage.zip");
		Files.write(garbage.toPath(), "not a model".getBytes(StandardCharsets.UTF_8));
		final byte[] whole = Files.readAllBytes(new File(model).toPath());
		final File truncated = new File(dir, "truncated.zip");
		Files.write(truncated.toPath(), Arrays.copyOf(whole, whole.length / 2));
		for (final File f : new File[] { garbage, truncated }) {
			assertRow(DocumentedErrors.MODEL_DAMAGED, cli("segment", "image=" + image, "model=" + f, "output=" + path(
				"never.tif")));
			assertRow(DocumentedErrors.MODEL_DAMAGED, cli("info", "model=" + f));
			assertRow(DocumentedErrors.MODEL_DAMAGED, train(image, labels, "finetune=" + f));
		}
		assertFalse(new File(dir, "never.tif").exists());
	}

	@Test
	public void modelFromANewerFormatVersion() throws IOException {
		final File newer = new File(dir, "newer.zip");
		try (ZipFile in = new ZipFile(model); ZipOutputStream out = new ZipOutputStream(new FileOutputStream(newer))) {
			final Enumeration<? extends ZipEntry> entries = in.entries();
			while (entries.hasMoreElements()) {
				final ZipEntry e = entries.nextElement();
				byte[] bytes = readAll(in.getInputStream(e));
				if (e.getName().equals(ModelFile.METADATA_ENTRY)) bytes = new String(bytes, StandardCharsets.UTF_8)
					.replaceFirst("\"formatVersion\"\\s*:\\s*\\d+", "\"formatVersion\": 99").getBytes(StandardCharsets.UTF_8);
				out.putNextEntry(new ZipEntry(e.getName()));
				out.write(bytes);
				out.closeEntry();
			}
		}
		final Fixtures.Run r = cli("info", "model=" + newer);
		assertRow(DocumentedErrors.MODEL_TOO_NEW, r);
		assertTrue(r.err, r.err.contains("format version 99"));
		assertRow(DocumentedErrors.MODEL_TOO_NEW, cli("segment", "image=" + image, "model=" + newer, "output=" + path(
			"never.tif")));
	}

	@Test
	public void modelForAnotherNumberOfChannels() throws IOException {
		final String twoChannels = Fixtures.model(dir, "two-channel-model.zip", 2);
		final Fixtures.Run r = cli("segment", "image=" + image, "model=" + twoChannels, "output=" + path("never.tif"));
		assertRow(DocumentedErrors.MODEL_CHANNELS, r);
		assertTrue(r.err, r.err.contains("trained on 2-channel images, but this image has 1"));
		assertRow(DocumentedErrors.CHANNELS, train(image, labels, "finetune=" + twoChannels));
	}

	@Test
	public void outputThatAlreadyExists() throws IOException {
		final byte[] before = Files.readAllBytes(new File(image).toPath());
		assertRow(DocumentedErrors.OUTPUT_EXISTS, cli("segment", "image=" + image, "model=" + model, "output=" + image));
		assertRow(DocumentedErrors.OUTPUT_EXISTS, cli("train", "image=" + image, "labels=" + labels, "model=" + model));
		assertRow(DocumentedErrors.OUTPUT_EXISTS, cli("make-patches", "image=" + image, "labels=" + labels, "output=" +
			image));
		assertRow(DocumentedErrors.OUTPUT_EXISTS, cli("evaluate", "prediction=" + labels, "truth=" + labels, "csv=" +
			image));
		assertArrayEquals(before, Files.readAllBytes(new File(image).toPath()));
		assertEquals(0, cli("segment", "image=" + image, "model=" + model, "output=" + path("again.tif")).status);
		assertEquals(0, cli("segment", "image=" + image, "model=" + model, "output=" + path("again.tif"),
			"overwrite=true").status);
	}

	@Test
	public void outputThatIsNotWritable() throws IOException {
		assertRow(DocumentedErrors.OUTPUT_NOT_WRITABLE, cli("segment", "image=" + image, "model=" + model, "output=" +
			path("no-such-folder/labels.tif")));
		// /proc takes no new files, not even from an administrator
		Assume.assumeTrue(new File("/proc/self").exists());
		final Fixtures.Run r = cli("segment", "image=" + image, "model=" + model, "output=/proc/unet3d-labels.tif");
		assertRow(DocumentedErrors.OUTPUT_NOT_WRITABLE, r);
		assertTrue(r.err, r.err.contains("is not writable"));
		assertRow(DocumentedErrors.OUTPUT_NOT_WRITABLE, train(image, labels, "model=/proc/unet3d-model.zip"));
	}

	@Test
	public void patchAndBatchThatDoNotFitInMemory() {
		final Fixtures.Run r = cli("train", "image=" + image, "labels=" + labels, "model=" + path("huge.zip"),
			"patch=256,1024,1024", "batch=8", "filters=16", "depth=3", "epochs=1");
		assertRow(DocumentedErrors.PATCH_TOO_BIG, r);
		assertTrue(r.err, r.err.contains("Patch 256,1024,1024 with batch 8 needs about"));
		assertTrue(r.err, r.err.matches("(?s).*Patch \\d+,\\d+,\\d+ with batch 1 fits \\(patch=\\d+,\\d+,\\d+ batch=1\\).*"));
		assertFalse(new File(dir, "huge.zip").exists());
	}

	@Test
	public void tileThatDoesNotFitInMemory() {
		final Fixtures.Run r = segment(image, "tile=1024,1024,1024");
		assertRow(DocumentedErrors.TILE_TOO_BIG, r);
		assertTrue(r.err, r.err.matches("(?s).*Tile \\d+,\\d+,\\d+ with batch 1 fits \\(tile=\\d+,\\d+,\\d+ batch=1\\).*"));
	}

	/** A copy of the test stack, 32-bit, with NaN at x=5, y=6, z=2 (and +Infinity further on). */
	private static ImagePlus withNaN() {
		final ImagePlus nan = Fixtures.stack(24, 24, 1, 16, 1);
		nan.getStack().getProcessor(3).setf(5, 6, Float.NaN);
		nan.getStack().getProcessor(9).setf(1, 1, Float.POSITIVE_INFINITY);
		return nan;
	}

	/** An image saved as TIFF and converted to OME-Zarr: {tif, zarr} paths. */
	private static String[] asTiffAndZarr(final ImagePlus imp, final String name) throws IOException {
		final String tif = Fixtures.save(imp, dir, name + ".tif");
		final String zarr = path(name + ".zarr");
		if (!new File(zarr).exists()) assertEquals(0, cli("convert", "input=" + tif, "output=" + zarr, "chunks=4,8,8")
			.status);
		return new String[] { tif, zarr };
	}

	@Test
	public void nanOrInfiniteVoxels() throws IOException {
		final ImagePlus labelsWithNaN = new ImagePlus("labels", Fixtures.labels(24, 24, 16).getStack().convertToFloat());
		labelsWithNaN.getStack().getProcessor(4).setf(7, 8, Float.NaN);
		final String[] nanLabels = asTiffAndZarr(labelsWithNaN, "nan-labels");
		final String[] good = asTiffAndZarr(Fixtures.stack(24, 24, 1, 16, 1), "good");
		final String[] nanImages = asTiffAndZarr(withNaN(), "nan-image");
		for (int f = 0; f < 2; f++) {
			final String img = nanImages[f];
			final Fixtures.Run s = segment(img);
			assertRow(DocumentedErrors.NOT_A_NUMBER, s);
			assertTrue(s.err, s.err.contains("NaN at x=5, y=6, z=2.") && s.err.contains("Set nan=0"));
			assertRow(DocumentedErrors.NOT_A_NUMBER, train(img, labels));
			assertRow(DocumentedErrors.NOT_A_NUMBER, cli("make-patches", "image=" + img, "labels=" + labels));
			final Fixtures.Run l = train(good[f], nanLabels[f]);
			assertRow(DocumentedErrors.NOT_A_NUMBER, l);
			assertTrue(l.err, l.err.contains("NaN at x=7, y=8, z=3"));
			assertRow(DocumentedErrors.NOT_A_NUMBER, cli("evaluate", "prediction=" + nanLabels[f], "truth=" + labels));
			assertRow(DocumentedErrors.NOT_A_NUMBER, cli("make-patches", "image=" + good[f], "labels=" + nanLabels[f]));
			final File folder = new File(dir, "nan-folder-" + f);
			folder.mkdir();
			assertEquals(0, cli("convert", "input=" + img, "output=" + new File(folder, f == 0 ? "n.tif" : "n.zarr"))
				.status);
			final Fixtures.Run sf = cli("segment-folder", "input=" + folder, "output=" + path("nan-out-" + f), "model=" +
				model, "pattern=" + (f == 0 ? "*.tif" : "*.zarr"));
			assertEquals(sf.toString(), 2, sf.status);
			assertTrue(sf.out, sf.out.contains("FAILED") && sf.out.contains("has a voxel that is not a number: NaN at " +
				"x=5, y=6, z=2"));
			// replaced by a number, the same inputs are used
			final String out = path("nan-replaced-" + f + (f == 0 ? ".tif" : ".zarr"));
			assertEquals(0, segment(img, "nan=0", "output=" + out).status);
			assertTrue(new File(out).exists());
			assertEquals(0, cli("evaluate", "prediction=" + nanLabels[f], "truth=" + labels, "nan=0").status);
		}
		assertRow(DocumentedErrors.NOT_A_NUMBER, segment(image, "nan=maybe"));
	}

	@Test
	public void omeZarrThatIsNotRead() throws IOException {
		final String zarr = asTiffAndZarr(Fixtures.stack(24, 24, 1, 16, 1), "blosc")[1];
		final Path zarray = new File(zarr, "0/.zarray").toPath();
		final String json = new String(Files.readAllBytes(zarray), StandardCharsets.UTF_8);
		Files.write(zarray, json.replaceFirst("\"compressor\"\\s*:\\s*\\{[^}]*\\}", "\"compressor\": {\"id\": \"blosc\", " +
			"\"cname\": \"lz4\", \"clevel\": 5, \"shuffle\": 1}").getBytes(StandardCharsets.UTF_8));
		final Fixtures.Run r = segment(zarr);
		assertRow(DocumentedErrors.ZARR_NOT_READ, r);
		assertTrue(r.err, r.err.contains(zarray.toString()) && r.err.contains("blosc") && r.err.contains(
			"Rewrite it as Zarr v2"));
		final File v3 = new File(dir, "v3.zarr");
		v3.mkdir();
		Files.write(new File(v3, "zarr.json").toPath(), "{\"zarr_format\": 3}".getBytes(StandardCharsets.UTF_8));
		assertRow(DocumentedErrors.ZARR_NOT_READ, cli("evaluate", "prediction=" + v3, "truth=" + labels));
	}

	@Test
	public void damagedOmeZarr() throws IOException {
		final String[] both = asTiffAndZarr(Fixtures.stack(24, 24, 1, 16, 1), "damaged");
		final Path chunk = new File(both[1], "0/1/1/1").toPath();
		final byte[] whole = Files.readAllBytes(chunk);
		Files.write(chunk, Arrays.copyOf(whole, whole.length / 2));
		final Fixtures.Run r = segment(both[1]);
		assertRow(DocumentedErrors.ZARR_DAMAGED, r);
		assertTrue(r.err, r.err.contains("Chunk file " + chunk));
		final String[] other = asTiffAndZarr(Fixtures.stack(24, 24, 1, 16, 1), "damaged-metadata");
		Files.write(new File(other[1], "0/.zarray").toPath(), "{ \"shape\": [".getBytes(StandardCharsets.UTF_8));
		final Fixtures.Run m = train(other[1], labels);
		assertRow(DocumentedErrors.ZARR_DAMAGED, m);
		assertTrue(m.err, m.err.contains(".zarray is damaged"));
		assertRow(DocumentedErrors.ZARR_DAMAGED, segment(path("nowhere.zarr")));
		final File empty = new File(dir, "empty.zarr");
		empty.mkdir();
		final Fixtures.Run e = segment(empty.getPath());
		assertRow(DocumentedErrors.ZARR_DAMAGED, e);
		assertTrue(e.err, e.err.contains("is not an OME-Zarr image: it has no .zattrs and no .zarray"));
	}

	private static byte[] readAll(final InputStream in) throws IOException {
		final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
		final byte[] buf = new byte[1 << 16];
		for (int n; (n = in.read(buf)) > 0;)
			b.write(buf, 0, n);
		return b.toByteArray();
	}
}
