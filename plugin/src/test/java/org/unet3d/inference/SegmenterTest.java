package org.unet3d.inference;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;
import ij.ImageStack;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.CancellationException;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.Volume;
import org.unet3d.formats.VolumeFiles;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.TiffIO;
import org.unet3d.io.VirtualStackImg;
import org.unet3d.planning.MemoryBudget;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.PerVoxelNetwork;
import org.unet3d.zarr.DataType;
import org.unet3d.zarr.OmeZarr;

/**
 * Segmentation of a stack read from disk, with labels and probabilities written slice by slice,
 * gives what segmentation in memory gives; files appear only when complete.
 */
public class SegmenterTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final int SX = 41, SY = 35, SZ = 47;

	private File stackFile() throws IOException {
		final float[] v = TestModels.blobs(SX, SY, SZ, 9);
		final ImageStack s = new ImageStack(SX, SY);
		for (int z = 0; z < SZ; z++) {
			final short[] p = new short[SX * SY];
			for (int i = 0; i < p.length; i++)
				p[i] = (short) Math.max(0, Math.min(65535, 1000 + 20 * v[z * SX * SY + i]));
			s.addSlice(null, p);
		}
		final ImagePlus imp = new ImagePlus("blobs", s);
		imp.getCalibration().pixelWidth = 0.3;
		imp.getCalibration().pixelHeight = 0.3;
		imp.getCalibration().pixelDepth = 1.2;
		imp.getCalibration().setUnit("micron");
		final File f = new File(tmp.getRoot(), "blobs.tif");
		TiffIO.save(imp, f, false);
		return f;
	}

	/** Labels and probabilities only to files, none in memory. */
	private static SegmentationOutputs toFiles(final File labels, final File probabilities) {
		return SegmentationOutputs.builder().labelsFile(labels).probabilitiesFile(probabilities).keepLabels(
			SegmentationOutputs.KeepLabels.NEVER).build();
	}

	@Test
	public void fromDiskToDiskEqualsInMemory() throws IOException {
		final File in = stackFile();
		final PerVoxelNetwork net = new PerVoxelNetwork(3, 2);
		final TiledPredictor predictor = TiledPredictor.of(net.model).tile(new int[] { 12, 16, 20 }).memory(MemoryBudget
			.of(1L << 30, 1L << 30)).build();
		final Segmenter segmenter = new Segmenter(predictor);
		final Volume<?> memory = ImagePlusBridge.wrap(TiffIO.open(in));
		final PlanarImg<?, ?> expected = segmenter.segment(memory, null, SegmentationOutputs.IN_MEMORY, Progress.NONE)
			.labels();

		final Volume<?> lazy = TiffIO.openVolume(in);
		final VirtualStackImg cache = ImagePlusBridge.planeCache(lazy);
		final File labels = new File(tmp.getRoot(), "labels.tif");
		final File probabilities = new File(tmp.getRoot(), "probabilities.tif");
		final Segmenter.Result r = segmenter.segment(lazy, cache, toFiles(labels, probabilities), Progress.NONE);
		assertNull("labels only on disk", r.labels());
		// percentiles: one pass over the stack; tiles: each plane about once (z-rows overlap a little)
		assertTrue("planes read " + cache.loads() + " for " + SZ + " slices", cache.loads() <= 3 * SZ);

		final ImagePlus l = TiffIO.open(labels);
		assertEquals(SZ, l.getNSlices());
		assertEquals(8, l.getBitDepth());
		assertEquals(1.2, l.getCalibration().pixelDepth, 1e-9);
		for (int z = 0; z < SZ; z++)
			assertArrayEquals("slice " + z, ((ByteArray) expected.getPlane(z)).getCurrentStorageArray(), (byte[]) l
				.getStack().getPixels(z + 1));
		final ImagePlus p = TiffIO.open(probabilities);
		assertEquals(3, p.getNChannels());
		assertEquals(SZ, p.getNSlices());
		final float[] p0 = (float[]) p.getStack().getPixels(p.getStackIndex(1, 20, 1));
		final float[] p1 = (float[]) p.getStack().getPixels(p.getStackIndex(2, 20, 1));
		final float[] p2 = (float[]) p.getStack().getPixels(p.getStackIndex(3, 20, 1));
		final byte[] l19 = (byte[]) l.getStack().getPixels(20);
		for (int i = 0; i < p0.length; i++) {
			assertEquals(1, p0[i] + p1[i] + p2[i], 1e-5);
			final int argmax = p0[i] >= p1[i] && p0[i] >= p2[i] ? 0 : p1[i] >= p2[i] ? 1 : 2;
			assertEquals(argmax, l19[i]);
		}
	}

	/** An OME-Zarr image read chunk by chunk, labels and probabilities written as OME-Zarr: the same as from TIFF. */
	@Test
	public void omeZarrInAndOutEqualsTiff() throws IOException {
		final File tif = stackFile();
		final File in = new File(tmp.getRoot(), "blobs.zarr");
		VolumeFiles.convert(tif, in, new int[] { 8, 16, 16 }, null, false, Progress.NONE);
		final PerVoxelNetwork net = new PerVoxelNetwork(3, 2);
		final Segmenter segmenter = new Segmenter(TiledPredictor.of(net.model).tile(new int[] { 12, 16, 20 }).memory(
			MemoryBudget.of(1L << 30, 1L << 30)).build());
		final File tifLabels = new File(tmp.getRoot(), "labels.tif");
		final File tifProbabilities = new File(tmp.getRoot(), "probabilities.tif");
		segmenter.segment(TiffIO.openVolume(tif), null, toFiles(tifLabels, tifProbabilities), Progress.NONE);

		final Volume<?> lazy = VolumeFiles.open(in);
		final File labels = new File(tmp.getRoot(), "labels.zarr");
		final File probabilities = new File(tmp.getRoot(), "probabilities.zarr");
		assertNull(segmenter.segment(lazy, VolumeFiles.planeCache(lazy), toFiles(labels, probabilities), Progress.NONE)
			.labels());
		final Volume<?> l = VolumeFiles.open(labels);
		assertEquals("the input's voxel size", lazy.voxelSize(), l.voxelSize());
		assertEquals(0.3, l.voxelSize().x(), 1e-6);
		assertEquals(1.2, l.voxelSize().z(), 1e-6);
		assertEquals(DataType.UINT8, OmeZarr.open(labels.toPath()).array(0).metadata().dataType());
		assertSameVoxels(ImagePlusBridge.wrap(TiffIO.open(tifLabels)).pixels(), l.pixels());
		final Volume<?> p = VolumeFiles.open(probabilities);
		assertEquals(3, p.channels());
		assertSameVoxels(ImagePlusBridge.wrap(TiffIO.open(tifProbabilities)).pixels(), p.pixels());
	}

	private static void assertSameVoxels(final RandomAccessibleInterval<?> expected,
		final RandomAccessibleInterval<?> actual)
	{
		assertArrayEquals(expected.dimensionsAsLongArray(), actual.dimensionsAsLongArray());
		final Cursor<?> e = Views.flatIterable(expected).localizingCursor();
		final Cursor<?> a = Views.flatIterable(actual).cursor();
		while (e.hasNext())
			assertEquals("voxel " + java.util.Arrays.toString(e.positionAsLongArray()), ((RealType<?>) e.next())
				.getRealDouble(), ((RealType<?>) a.next()).getRealDouble(), 0);
	}

	@Test
	public void canceledOrFailedRunsLeaveNoFiles() throws IOException {
		final File in = stackFile();
		final PerVoxelNetwork net = new PerVoxelNetwork(2, 2);
		final Segmenter segmenter = new Segmenter(TiledPredictor.of(net.model).tile(new int[] { 8, 8, 8 }).build());
		final File labels = new File(tmp.getRoot(), "labels.tif");
		final File probabilities = new File(tmp.getRoot(), "p.tif");
		final Progress cancelSoon = new Progress() {

			private int batches;

			@Override
			public void status(final String message) {}

			@Override
			public void progress(final long done, final long total) {
				batches++;
			}

			@Override
			public boolean isCanceled() {
				return batches > 3;
			}
		};
		try {
			segmenter.segment(TiffIO.openVolume(in), null, toFiles(labels, probabilities), cancelSoon);
			fail("not canceled");
		}
		catch (final CancellationException e) {
			// expected
		}
		assertFalse(labels.exists());
		assertFalse(probabilities.exists());
		try {
			segmenter.segment(TiffIO.openVolume(in), null, toFiles(new File(tmp.getRoot(), "labels.zarr"), new File(tmp
				.getRoot(), "p.zarr")), cancelSoon);
			fail("not canceled");
		}
		catch (final CancellationException e) {
			// expected
		}
		assertEquals("only the input is left: " + String.join(", ", tmp.getRoot().list()), 1, tmp.getRoot()
			.list().length);
		try {
			segmenter.segment(TiffIO.openVolume(in), null, toFiles(null, null), Progress.NONE);
			fail("nothing to produce");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage().contains("Nothing to produce"));
		}
	}

	@Test
	public void labelsAreKeptInMemoryAsChosen() throws IOException {
		final File in = stackFile();
		final Segmenter segmenter = new Segmenter(TiledPredictor.of(new PerVoxelNetwork(2, 2).model).tile(new int[] {
			16, 16, 16 }).build());
		final File labels = new File(tmp.getRoot(), "labels.tif");
		final SegmentationOutputs.Builder out = SegmentationOutputs.builder().labelsFile(labels).overwrite(true);
		final Segmenter.Result small = segmenter.segment(TiffIO.openVolume(in), null, out.build(), Progress.NONE);
		assertTrue("a small label image is kept by default, besides its file", small.labels() != null);
		final ImagePlus written = TiffIO.open(labels);
		for (int z = 0; z < SZ; z++)
			assertArrayEquals("slice " + z, ((ByteArray) small.labels().getPlane(z)).getCurrentStorageArray(),
				(byte[]) written.getStack().getPixels(z + 1));
		assertNull(segmenter.segment(TiffIO.openVolume(in), null, out.keepLabels(SegmentationOutputs.KeepLabels.NEVER)
			.build(), Progress.NONE).labels());
		assertTrue(segmenter.segment(TiffIO.openVolume(in), null, out.keepLabels(SegmentationOutputs.KeepLabels.ALWAYS)
			.build(), Progress.NONE).labels() != null);
		try {
			segmenter.segment(TiffIO.openVolume(in), null, out.overwrite(false).build(), Progress.NONE);
			fail("the label file exists and overwriting is off");
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(labels.getName()));
		}
	}
}
