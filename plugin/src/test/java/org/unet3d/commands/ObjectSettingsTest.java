package org.unet3d.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.unet3d.objects.ClassProbabilities;
import org.unet3d.objects.ClassRoles;
import org.unet3d.objects.Connectivity;
import org.unet3d.objects.ObjectMode;
import org.unet3d.objects.ObjectOptions;
import org.unet3d.objects.SeedSource;

public class ObjectSettingsTest {

	private static final String[] INSTANCE_MODEL = { "background", "interior", "boundary" };

	private static ObjectSettings settings(final String mode, final String seeds, final String background,
		final String boundary)
	{
		return new ObjectSettings(mode, seeds, "", 0, 0, "6", 0.5, background, boundary);
	}

	@Test
	public void noneAndEmptyMakeNoObjects() {
		assertFalse(settings("none", "auto", "auto", "auto").wanted());
		assertFalse(settings("", "auto", "auto", "auto").wanted());
		assertTrue(settings("Nuclei", "auto", "auto", "auto").wanted());
		assertEquals(ObjectMode.NUCLEI, settings("Nuclei", "auto", "auto", "auto").mode());
	}

	@Test
	public void rolesComeFromTheNamesUnlessGiven() {
		final ClassRoles guessed = settings("cells", "auto", "auto", "auto").roles(INSTANCE_MODEL, 3);
		assertEquals(0, guessed.background());
		assertEquals(2, guessed.boundary());
		final ClassRoles byName = settings("cells", "auto", "none", "Interior").roles(INSTANCE_MODEL, 3);
		assertEquals(ClassProbabilities.NONE, byName.background());
		assertEquals(1, byName.boundary());
		final ClassRoles byId = settings("nuclei", "auto", "2", "-1").roles(null, 3);
		assertEquals(2, byId.background());
		assertEquals(ClassProbabilities.NONE, byId.boundary());
		try {
			settings("nuclei", "auto", "1", "1").roles(null, 3);
			fail("one class in both roles");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("cannot be both background and boundary"));
		}
	}

	@Test
	public void autoSeedsAreDistanceMaxima() {
		final ClassRoles roles = new ClassRoles(0, 2);
		assertEquals(SeedSource.DISTANCE_MAXIMA, settings("nuclei", "auto", "auto", "auto").options(roles, 3).seeds());
		assertEquals(SeedSource.DISTANCE_MAXIMA, settings("cells", "auto", "auto", "auto").options(roles, 3).seeds());
		assertEquals(SeedSource.INTERIORS, settings("nuclei", "interiors", "auto", "auto").options(roles, 3).seeds());
		final ObjectOptions o = new ObjectSettings("components", "auto", "0.3", 1.5, 2, "26", 0.6, "auto", "auto")
			.options(roles, 3);
		assertEquals(Connectivity.TWENTY_SIX, o.connectivity());
		assertEquals(0.3, o.maximaHeight(), 0);
		assertEquals(1.5, o.minSeedDistance(), 0);
		assertEquals(2, o.minVolume(), 0);
		assertEquals(0.6, o.threshold(), 0);
		assertTrue(Double.isNaN(settings("nuclei", "auto", "auto", "auto").options(roles, 3).maximaHeight()));
	}

	@Test
	public void outOfRangeValuesNameTheirKey() {
		try {
			new ObjectSettings("nuclei", "auto", "", 0, -1, "6", 0.5, "auto", "auto").options(new ClassRoles(0, -1), 2);
			fail("negative volume");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("minimum object volume") && e.getMessage().contains(
				"minVolume"));
		}
	}

	@Test
	public void watershedModesThatDoNotFitInMemoryAreRefusedBeforeTheWork() {
		ObjectSettings.checkMemory(ObjectMode.COMPONENTS, 1L << 40, 3); // slab by slab: no limit
		try {
			ObjectSettings.checkMemory(ObjectMode.NUCLEI, 1L << 34, 2);
			fail("2^34 voxels");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("Making nuclei objects of this stack (17179869184 voxels) " +
				"needs about 652.8 GB") && e.getMessage().contains("objects=components"));
		}
	}
}
