package org.unet3d.objects;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class ClassRolesTest {

	private static void assertRoles(final int background, final int boundary, final String... names) {
		final ClassRoles r = ClassRoles.guess(names);
		assertEquals("background of " + String.join(",", names), background, r.background());
		assertEquals("boundary of " + String.join(",", names), boundary, r.boundary());
	}

	@Test
	public void rolesFollowTheClassNames() {
		final int none = ClassProbabilities.NONE;
		assertRoles(0, 2, "background", "interior", "boundary"); // train instances=
		assertRoles(0, none, "background", "nucleus");
		assertRoles(none, 1, "interior", "boundary"); // a boundary model: cells fill the stack
		assertRoles(none, 1, "non-membrane", "membrane");
		assertRoles(none, 1, "intracellular", "membrane", "glia-extracellular", "mitochondria", "synapse");
		assertRoles(1, 0, "cell wall", "Background");
		assertRoles(0, none, "class 0", "class 1", "class 2"); // no names: class 0 is background
		assertRoles(2, none, "nucleus", "cytoplasm", "bg");
	}

	@Test
	public void givenRolesReplaceGuessedOnes() {
		final ClassRoles r = ClassRoles.guess(new String[] { "background", "nucleus" }).withBoundary(1).withBackground(
			ClassProbabilities.NONE);
		assertEquals(ClassProbabilities.NONE, r.background());
		assertEquals(1, r.boundary());
		assertEquals("background none, boundary class 1", r.toString());
	}
}
