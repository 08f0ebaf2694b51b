package org.unet3d.zarr;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.blocks.PrimitiveBlocks;
import net.imglib2.img.array.ArrayImg;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;

/**
 * Planes written one by one come back from the OME-Zarr image exactly, for each voxel type, with
 * channels and a depth that is no multiple of the chunk depth; the image appears under its name
 * only when complete, an abandoned one leaves nothing, and an existing image is replaced only when
 * allowed and only if it is a Zarr image.
 */
public class SlabWriterTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final VoxelSize VOXEL = new VoxelSize(0.5, 0.5, 2, "micron");

	/** Writes {@code img} (x, y, z[, c]) plane by plane, channel fastest; returns the writer before finishing. */
	private static SlabWriter writeAll(final ArrayImg<?, ?> img, final SlabWriter w) throws IOException {
		final long[] d = img.dimensionsAsLongArray();
		final int channels = d.length > 3 ? (int) d[3] : 1;
		final PrimitiveBlocks<?> blocks = PrimitiveBlocks.of((RandomAccessibleInterval) img);
		final int n = (int) (d[0] * d[1]);
		final DataType type = DataType.of(img.firstElement());
		for (long z = 0; z < d[2]; z++)
			for (int c = 0; c < channels; c++) {
				final long[] min = channels > 1 ? new long[] { 0, 0, z, c } : new long[] { 0, 0, z };
				final int[] size = channels > 1 ? new int[] { (int) d[0], (int) d[1], 1, 1 } : new int[] { (int) d[0],
					(int) d[1], 1 };
				final Object plane = type.newArray(n, 0);
				blocks.copy(min, plane, size);
				if (plane instanceof byte[]) w.write((byte[]) plane);
				else if (plane instanceof short[]) w.write((short[]) plane);
				else w.write((float[]) plane);
			}
		return w;
	}

	private SlabWriter create(final Path target, final ArrayImg<?, ?> img, final int[] chunk, final boolean overwrite)
		throws IOException
	{
		return SlabWriter.create(target, ArrayMetadata.forImage(img.dimensionsAsLongArray(), chunk, DataType.of(img
			.firstElement()), Compressor.zlib(1)), VOXEL, "test", overwrite);
	}

	@Test
	public void planesComeBackExactlyForEveryTypeWithChannelsAndAnUnevenDepth() throws Exception {
		long seed = 0;
		for (final DataType type : new DataType[] { DataType.UINT8, DataType.UINT16, DataType.FLOAT32 })
			for (final long[] dims : new long[][] { { 19, 13, 11 }, { 9, 7, 6, 3 } }) {
				final ArrayImg<?, ?> img = TestImages.random(type, dims, ++seed);
				final int[] chunk = dims.length > 3 ? new int[] { 4, 5, 4, 1 } : new int[] { 8, 8, 4 };
				final Path target = tmp.getRoot().toPath().resolve(type + "-" + dims.length + ".zarr");
				try (SlabWriter w = writeAll(img, create(target, img, chunk, false))) {
					w.finish();
				}
				final OmeZarr z = OmeZarr.open(target);
				assertEquals(VOXEL, z.voxelSize(0));
				assertEquals(dims.length > 3 ? java.util.Arrays.asList("c", "z", "y", "x") : java.util.Arrays.asList("z", "y",
					"x"), z.axes());
				final Volume<?> v = z.volume();
				TestImages.assertSameVoxels(dims.length > 3 ? img : net.imglib2.view.Views.addDimension(img, 0, 0), v
					.pixels());
				final int grid = dims.length > 3 ? 3 * 2 * 2 * 3 : 3 * 2 * 3;
				assertEquals("every chunk written", grid, z.array(0).existingChunks().size());
			}
	}

	@Test
	public void theImageAppearsOnlyWhenCompleteAndAnAbandonedOneLeavesNothing() throws Exception {
		final ArrayImg<?, ?> img = TestImages.random(DataType.UINT8, new long[] { 10, 10, 9 }, 5);
		final Path target = tmp.getRoot().toPath().resolve("labels.zarr");
		try (SlabWriter w = create(target, img, new int[] { 4, 4, 4 }, false)) {
			w.write(new byte[100]);
			for (int i = 0; i < 4; i++)
				w.write(new byte[100]);
			assertEquals("a layer of chunks was written, out of sight", 9, w.array().existingChunks().size());
			assertFalse(Files.exists(target));
			try {
				w.finish();
				fail("finished with 5 of 9 planes");
			}
			catch (final IllegalStateException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("Only 5 of 9 planes"));
			}
		}
		assertFalse(Files.exists(target));
		try (Stream<Path> left = Files.list(tmp.getRoot().toPath())) {
			assertEquals("no hidden folder left behind", 0, left.count());
		}
	}

	@Test
	public void anExistingImageIsReplacedOnlyWhenAllowedAndOnlyIfItIsZarr() throws Exception {
		final ArrayImg<?, ?> first = TestImages.random(DataType.UINT16, new long[] { 12, 8, 6 }, 1);
		final ArrayImg<?, ?> second = TestImages.random(DataType.UINT16, new long[] { 5, 4, 3 }, 2);
		final Path target = tmp.getRoot().toPath().resolve("out.zarr");
		try (SlabWriter w = writeAll(first, create(target, first, new int[] { 4, 4, 2 }, false))) {
			w.finish();
		}
		try {
			create(target, second, new int[] { 4, 4, 2 }, false);
			fail("replaced without overwrite");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("already exists. Choose another name, or allow " +
				"overwriting (overwrite=true)"));
		}
		try (SlabWriter w = writeAll(second, create(target, second, new int[] { 4, 4, 2 }, true))) {
			assertArrayEquals("the old image stays until the new one is complete", new long[] { 12, 8, 6 }, OmeZarr.open(
				target).array(0).metadata().imageDimensions());
			w.finish();
		}
		TestImages.assertSameVoxels(net.imglib2.view.Views.addDimension(second, 0, 0), OmeZarr.open(target).volume()
			.pixels());
		assertEquals("no chunk of the old image is left", 2 * 1 * 2, OmeZarr.open(target).array(0).existingChunks()
			.size());
		try (Stream<Path> left = Files.list(tmp.getRoot().toPath())) {
			assertEquals("nothing beside it", 1, left.count());
		}

		final File notes = tmp.newFolder("notes.zarr");
		Files.write(notes.toPath().resolve("my notes.txt"), new byte[] { 1 });
		try {
			create(notes.toPath(), second, new int[] { 4, 4, 2 }, true);
			fail("replaced a folder of other files");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("holds files that are not part of a Zarr image (my notes" +
				".txt), so it is not replaced"));
		}
		assertTrue(Files.exists(notes.toPath().resolve("my notes.txt")));
	}
}
