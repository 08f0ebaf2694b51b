package org.unet3d.formats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.NanHandling;
import org.unet3d.data.StackWriter;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.TiffIO;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.TestImages;
import org.unet3d.zarr.ArrayMetadata;
import org.unet3d.zarr.ChunkWriter;
import org.unet3d.zarr.Compressor;
import org.unet3d.zarr.DataType;
import org.unet3d.zarr.OmeZarr;

/**
 * A path is told apart as TIFF or OME-Zarr; either opens as the same volume with its voxel size;
 * TIFF converts into OME-Zarr and back voxel for voxel; NaN voxels are refused (naming the first)
 * or replaced in either format; stacks are written plane by plane in either.
 */
public class VolumeFilesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static void assertSameVoxels(final RandomAccessibleInterval<?> expected,
		final RandomAccessibleInterval<?> actual)
	{
		assertArrayEquals(expected.dimensionsAsLongArray(), actual.dimensionsAsLongArray());
		final Cursor<?> e = Views.flatIterable(expected).localizingCursor();
		final Cursor<?> a = Views.flatIterable(actual).cursor();
		while (e.hasNext()) {
			final double x = ((RealType<?>) e.next()).getRealDouble();
			final double y = ((RealType<?>) a.next()).getRealDouble();
			if (!(x == y || Double.isNaN(x) && Double.isNaN(y))) fail("voxel " + java.util.Arrays.toString(e
				.positionAsLongArray()) + ": expected " + x + ", got " + y);
		}
	}

	private File tiff(final ImagePlus imp, final String name) throws IOException {
		final File f = new File(tmp.getRoot(), name);
		TiffIO.save(imp, f, false);
		return f;
	}

	@Test
	public void zarrIsToldByItsNameOrItsMetadata() throws IOException {
		assertTrue(VolumeFiles.isZarr(new File("/nowhere/cells.zarr")));
		assertTrue(VolumeFiles.isZarr(new File("/nowhere/CELLS.OME.ZARR")));
		assertFalse(VolumeFiles.isZarr(new File("/nowhere/cells.tif")));
		final File plain = tmp.newFolder("volume");
		assertFalse(VolumeFiles.isZarr(plain));
		Files.write(new File(plain, ".zgroup").toPath(), "{\"zarr_format\": 2}".getBytes(StandardCharsets.UTF_8));
		assertTrue(VolumeFiles.isZarr(plain));
		assertEquals("cells", VolumeFiles.baseName("cells.ome.zarr"));
		assertEquals("cells", VolumeFiles.baseName("cells.zarr"));
		assertEquals("cells", VolumeFiles.baseName("cells.tif"));
	}

	/** TIFF to OME-Zarr and back: the same voxels, channels and voxel size, for 8, 16 and 32 bit. */
	@Test
	public void tiffConvertsToOmeZarrAndBackVoxelForVoxel() throws IOException {
		int seed = 0;
		for (final int bits : new int[] { 8, 16, 32 })
			for (final int channels : new int[] { 1, 2 }) {
				final ImagePlus imp = TestImages.random(bits, 23, 17, channels, 9, ++seed);
				final File tif = tiff(imp, "in-" + seed + ".tif");
				final File zarr = new File(tmp.getRoot(), "in-" + seed + ".zarr");
				final StackLayout written = VolumeFiles.convert(tif, zarr, new int[] { 4, 8, 16 },
					Compressor.zstd(), false, Progress.NONE);
				assertArrayEquals(new int[] { 4, 8, 16 }, written.chunksZYX());
				final OmeZarr z = OmeZarr.open(zarr.toPath());
				final ArrayMetadata m = z.array(0).metadata();
				assertEquals(Compressor.zstd(), m.compressor());
				assertArrayEquals(channels > 1 ? new int[] { 16, 8, 4, 1 } : new int[] { 16, 8, 4 }, m.chunkDimensions());
				final Volume<?> original = ImagePlusBridge.wrap(imp);
				final Volume<?> fromZarr = VolumeFiles.open(zarr);
				assertEquals(new VoxelSize(0.25, 0.25, 1.5, "micron"), fromZarr.voxelSize());
				assertSameVoxels(original.pixels(), fromZarr.pixels());
				assertNotNull("an OME-Zarr volume has a chunk cache", VolumeFiles.planeCache(fromZarr));
				assertNotNull("also with another voxel size", VolumeFiles.planeCache(fromZarr.withVoxelSize(
					VoxelSize.UNCALIBRATED)));

				final File back = new File(tmp.getRoot(), "back-" + seed + ".tif");
				VolumeFiles.convert(zarr, back, null, null, false, Progress.NONE);
				final ImagePlus reopened = TiffIO.open(back);
				assertEquals(bits, reopened.getBitDepth());
				assertEquals(channels, reopened.getNChannels());
				assertEquals(9, reopened.getNSlices());
				assertEquals(new VoxelSize(0.25, 0.25, 1.5, "micron"), ImagePlusBridge.voxelSize(reopened));
				assertSameVoxels(original.pixels(), ImagePlusBridge.wrap(reopened).pixels());
			}
	}

	@Test
	public void thirtyTwoBitIntegersBecomeFloatsExactlyOrAreRefused() throws IOException {
		final ArrayImg<UnsignedIntType, ?> ids = ArrayImgs.unsignedInts(6, 5, 4);
		long i = 0;
		for (final UnsignedIntType t : ids)
			t.set(i++ * 4099);
		final File zarr = new File(tmp.getRoot(), "ids.zarr");
		final OmeZarr z = OmeZarr.create(zarr.toPath(), ArrayMetadata.forImage(ids.dimensionsAsLongArray(), new int[] { 4,
			4, 4 }, DataType.UINT32, Compressor.zlib(1)), VoxelSize.UNCALIBRATED, "ids", OmeZarr.IfExists.REFUSE);
		ChunkWriter.of(z.array(0)).writeAll(ids, Progress.NONE);
		final File tif = new File(tmp.getRoot(), "ids.tif");
		VolumeFiles.convert(zarr, tif, null, null, false, Progress.NONE);
		final ImagePlus imp = TiffIO.open(tif);
		assertEquals(32, imp.getBitDepth());
		assertSameVoxels(Views.addDimension(ids, 0, 0), ImagePlusBridge.wrap(imp).pixels());

		ids.randomAccess().setPositionAndGet(3, 2, 1).set((1 << 24) + 1);
		ChunkWriter.of(z.array(0)).writeAll(ids, Progress.NONE);
		final File tooBig = new File(tmp.getRoot(), "too-big.tif");
		try {
			VolumeFiles.convert(zarr, tooBig, null, null, false, Progress.NONE);
			fail("16777217 written as a float");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("has the value 16777217 at x=3, y=2, z=1"));
		}
		assertFalse("nothing half-written", tooBig.exists());
	}

	/** The same float stack with one NaN, as TIFF and as OME-Zarr: refused at the same voxel, or read as 0 there. */
	@Test
	public void nanVoxelsAreRefusedOrReplacedInTiffAndOmeZarrAlike() throws IOException {
		final ImagePlus imp = TestImages.random(32, 20, 18, 1, 12, 3);
		imp.getStack().getProcessor(8).setf(5, 6, Float.NaN);
		imp.getStack().getProcessor(10).setf(1, 1, Float.POSITIVE_INFINITY);
		final File tif = tiff(imp, "nan.tif");
		final File zarr = new File(tmp.getRoot(), "nan.zarr");
		VolumeFiles.convert(tif, zarr, new int[] { 5, 8, 8 }, null, false, Progress.NONE);
		for (final File f : new File[] { tif, zarr }) {
			final Volume<?> v = VolumeFiles.open(f);
			try {
				VolumeFiles.checkFinite(v, f.getName(), NanHandling.REFUSE, Progress.NONE);
				fail(f + " was not refused");
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("Image \"" + f.getName() + "\" has a voxel that is not " +
					"a number: NaN at x=5, y=6, z=7."));
				assertTrue(e.getMessage(), e.getMessage().contains("Set nan=0"));
			}
			final Volume<?> replaced = VolumeFiles.checkFinite(v, f.getName(), NanHandling.parse("0"), Progress.NONE);
			final net.imglib2.RandomAccess<? extends RealType<?>> r = (net.imglib2.RandomAccess) replaced.pixels()
				.randomAccess();
			assertEquals(0, r.setPositionAndGet(5, 6, 7, 0).getRealDouble(), 0);
			assertEquals(0, r.setPositionAndGet(1, 1, 9, 0).getRealDouble(), 0);
			assertEquals(imp.getStack().getProcessor(8).getf(4, 6), r.setPositionAndGet(4, 6, 7, 0).getRealFloat(), 0);
			assertNull(org.unet3d.data.NonFiniteVoxels.first(replaced, new int[] { 20, 18, 1 }, Progress.NONE));
		}
		final ImagePlus ints = TestImages.random(16, 8, 8, 1, 4, 4);
		final Volume<?> v = ImagePlusBridge.wrap(ints);
		assertSame("integer images are not scanned", v, VolumeFiles.checkFinite(v, "ints", NanHandling.REFUSE,
			Progress.NONE));
	}

	@Test
	public void labelsWithNaNAreRefusedToo() throws IOException {
		final ArrayImg<FloatType, ?> labels = ArrayImgs.floats(6, 6, 3);
		labels.randomAccess().setPositionAndGet(2, 3, 1).set(Float.NaN);
		try {
			VolumeFiles.checkFiniteLabels(labels, "truth.tif", NanHandling.REFUSE, Progress.NONE);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("\"truth.tif\" has a voxel that is not a number: NaN at x=2, " +
				"y=3, z=1"));
		}
		final RandomAccessibleInterval<?> zero = VolumeFiles.checkFiniteLabels(labels, "truth.tif", NanHandling.parse(
			"0"), Progress.NONE);
		assertArrayEquals(new long[] { 6, 6, 3 }, zero.dimensionsAsLongArray());
		assertEquals(0, ((RealType<?>) zero.randomAccess().setPositionAndGet(2, 3, 1)).getRealDouble(), 0);
	}

	@Test
	public void stacksAreWrittenPlaneByPlaneInEitherFormat() throws IOException {
		for (final String name : new String[] { "labels.tif", "labels.zarr" }) {
			final File f = new File(tmp.getRoot(), name);
			final StackLayout layout = StackLayout.of(4, 3, 5).withVoxelSize(new VoxelSize(2, 2, 3, "nm")).asLabels()
				.withChunks(new int[] { 2, 2, 2 });
			try (StackWriter w = VolumeFiles.create(f, layout, false)) {
				for (int z = 0; z < 5; z++) {
					final byte[] plane = new byte[12];
					for (int i = 0; i < 12; i++)
						plane[i] = (byte) (z * 12 + i);
					w.write(plane);
				}
				assertFalse(name + " appears only when complete", f.exists());
				w.finish();
			}
			final Volume<?> v = VolumeFiles.open(f);
			assertEquals(new VoxelSize(2, 2, 3, "nm"), v.voxelSize());
			int expected = 0;
			for (final Object t : Views.flatIterable(v.pixels()))
				assertEquals(name, expected++, ((RealType<?>) t).getRealDouble(), 0);
			try {
				VolumeFiles.checkWritable(f, false);
				fail(name + " exists");
			}
			catch (final IOException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("already exists"));
			}
		}
	}
}
