package org.unet3d.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.unet3d.reliability.Fixtures.TINY_TRAINING;
import static org.unet3d.reliability.Fixtures.cli;
import static org.unet3d.reliability.Fixtures.join;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The bad inputs of objects in docs/errors.md (rows O1 - O4), through the command line: each ends
 * with exit status 2 and its documented message on stderr, before any long work.
 */
public class ObjectErrorsTest {

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

	private static void assertRow(final DocumentedErrors row, final Fixtures.Run r) {
		assertEquals(r.toString(), 2, r.status);
		assertTrue(r.toString(), r.err.startsWith("Error: "));
		boolean found = false;
		for (final String f : row.fragments)
			found |= r.err.contains(f);
		assertTrue(row + " expected, got " + r, found);
	}

	private static Fixtures.Run segment(final String... more) {
		return cli(join(new String[] { "segment", "image=" + image, "model=" + model, "output=" + path("out-" + System
			.nanoTime() + ".tif") }, more));
	}

	@Test
	public void classesThatObjectsCannotBeMadeOf() {
		Fixtures.Run r = cli("label-objects", "probabilities=" + labels, "objects=components", "backgroundClass=0",
			"boundaryClass=1");
		assertRow(DocumentedErrors.NO_FOREGROUND_CLASS, r);
		assertTrue(r.err, r.err.contains("there is no foreground class"));
		r = segment("objects=nuclei", "backgroundClass=none");
		assertRow(DocumentedErrors.NO_FOREGROUND_CLASS, r);
		assertTrue(r.err, r.err.contains("no class is marked as background"));
		r = segment("objects=cells");
		assertRow(DocumentedErrors.NO_FOREGROUND_CLASS, r);
		assertTrue(r.err, r.err.contains("is marked as boundary"));
		r = segment("objects=nuclei", "boundaryClass=7");
		assertRow(DocumentedErrors.NO_FOREGROUND_CLASS, r);
		assertTrue(r.err, r.err.contains("boundaryClass=7 is not one of the 2 classes"));
	}

	@Test
	public void instancesOfAnotherShape() throws IOException {
		final String narrow = Fixtures.save(Fixtures.labels(20, 24, 16), dir, "narrow-instances.tif");
		final Fixtures.Run r = cli(join(join(new String[] { "train", "image=" + image, "instances=" + narrow, "model=" +
			path("never.zip") }, TINY_TRAINING)));
		assertRow(DocumentedErrors.INSTANCES_SHAPE, r);
		assertTrue(r.err, r.err.contains("is 20 x 24 x 16 voxels but the image is 24 x 24 x 16"));
		assertFalse(new File(path("never.zip")).exists());
		assertRow(DocumentedErrors.INSTANCES_SHAPE, cli("label-objects", "probabilities=" + labels, "image=" + narrow));
		assertRow(DocumentedErrors.SHAPES_DIFFER, cli("evaluate", "prediction=" + labels, "truth=" + narrow,
			"objects=true"));
	}

	@Test
	public void idsOfTwoToThe31OrMore() throws IOException {
		final ImagePlus huge = new ImagePlus("huge", Fixtures.labels(24, 24, 16).getStack().convertToFloat());
		huge.getStack().getProcessor(5).setf(3, 4, 3e9f);
		final String path = Fixtures.save(huge, dir, "huge-ids.tif");
		final Fixtures.Run t = cli(join(join(new String[] { "train", "image=" + image, "instances=" + path, "model=" +
			path("never.zip") }, TINY_TRAINING)));
		assertRow(DocumentedErrors.IDS_PAST_2_31, t);
		assertTrue(t.err, t.err.contains("at x=3, y=4, z=4"));
		assertRow(DocumentedErrors.IDS_PAST_2_31, cli("evaluate", "prediction=" + path, "truth=" + labels,
			"objects=true"));
	}

	@Test
	public void objectSettingsThatDoNotParse() {
		assertRow(DocumentedErrors.OBJECT_SETTINGS, segment("objects=blobs"));
		assertRow(DocumentedErrors.OBJECT_SETTINGS, segment("objects=nuclei", "seeds=maxima"));
		assertRow(DocumentedErrors.OBJECT_SETTINGS, segment("objects=nuclei", "connectivity=4"));
		assertRow(DocumentedErrors.OBJECT_SETTINGS, segment("objects=nuclei", "seedHeight=high"));
		assertRow(DocumentedErrors.OBJECT_SETTINGS, segment("measurements=" + path("m.csv")));
		assertRow(DocumentedErrors.OBJECT_SETTINGS, cli("label-objects", "probabilities=" + image));
		assertFalse(new File(path("m.csv")).exists());
	}
}
