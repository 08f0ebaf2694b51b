package org.unet3d.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

/** Sizes as users type them, in every front-end: z,y,x, one number, empty for automatic. */
public class ZyxSizeTest {

	@Test
	public void readsZyxInTheFormsUsersType() {
		for (final String text : new String[] { "16,128,96", " 16, 128 ,96 ", "16x128x96", "16 128 96", "16X128X96" })
			assertEquals(text, ZyxSize.of(16, 128, 96), ZyxSize.parse(text, "Patch size"));
		assertEquals(ZyxSize.cube(64), ZyxSize.parse("64", "Tile size"));
		assertArrayEquals(new int[] { 16, 128, 96 }, ZyxSize.parse("16,128,96", "Patch size").toArray());
		assertEquals("0,0,0", ZyxSize.parse("0", "Tile overlap").toString());
	}

	@Test
	public void writesWhatItReads() {
		final ZyxSize s = ZyxSize.of(3, 1024, 7);
		assertEquals("3,1024,7", s.toString());
		assertEquals(s, ZyxSize.parse(s.toString(), "size"));
		assertEquals(s.hashCode(), ZyxSize.parse(s.toString(), "size").hashCode());
	}

	@Test
	public void emptyOrAutoMeansAutomatic() {
		assertNull(ZyxSize.parseOrAuto("", "Tile size"));
		assertNull(ZyxSize.parseOrAuto("  ", "Tile size"));
		assertNull(ZyxSize.parseOrAuto(null, "Tile size"));
		assertNull(ZyxSize.parseOrAuto("Auto", "Tile size"));
		assertNull(ZyxSize.arrayOrAuto("auto", "Tile size"));
		assertArrayEquals(new int[] { 8, 8, 8 }, ZyxSize.arrayOrAuto("8", "Tile size"));
	}

	@Test
	public void badTextIsRefusedNamingTheFieldAndTheForms() {
		for (final String text : new String[] { "16,128", "16,128,96,4", "a,b,c", "16;128;96", "-16,128,128", ",16,16,16",
			"1.5" })
		{
			expectRefused(() -> ZyxSize.parseOrAuto(text, "Patch size"), "Patch size \"" + text.trim() + "\" is not " +
				"understood: give z,y,x (e.g. 16,128,128), one number for all axes, or leave it empty for automatic.");
			expectRefused(() -> ZyxSize.parse(text, "tile"), "tile \"" + text.trim() + "\" is not understood: give " +
				"z,y,x (e.g. 16,128,128) or one number for all axes.");
		}
		expectRefused(() -> ZyxSize.parse("", "tile"), "tile \"\" is not understood");
		expectRefused(() -> ZyxSize.of(1, -2, 3), "0 or more");
	}

	@Test
	public void stackSizesComeAsWidthHeightDepth() {
		final ZyxSize s = ZyxSize.parseWidthHeightDepth("96x64X8", "size");
		assertEquals(ZyxSize.of(8, 64, 96), s);
		assertArrayEquals(new long[] { 96, 64, 8 }, s.toXyz());
		for (final String text : new String[] { "96x64", "96x0x8", "96,64,8", "axbxc" })
			expectRefused(() -> ZyxSize.parseWidthHeightDepth(text, "size"), "size \"" + text + "\" is not " +
				"understood: give width x height x depth, each at least 1, e.g. 1024x1024x256.");
	}

	private static void expectRefused(final Runnable parse, final String message) {
		try {
			parse.run();
			fail("accepted; expected: " + message);
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(message) || e.getMessage().contains(message));
		}
	}
}
