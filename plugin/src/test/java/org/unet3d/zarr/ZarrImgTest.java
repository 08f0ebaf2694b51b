package org.unet3d.zarr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.RealType;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.progress.Progress;

/**
 * A Zarr array read as an image gives back exactly what was written, for every voxel type,
 * compressor and chunk naming, with shapes that are no multiple of the chunk size; it reads
 * chunks only when touched, holds no more than its cache, and is safe from several threads.
 */
public class ZarrImgTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final Compressor[] COMPRESSORS = { Compressor.NONE, Compressor.zlib(1), Compressor.gzip(6),
		Compressor.zstd() };

	private <T extends RealType<T> & net.imglib2.type.NativeType<T>> ZarrArray written(final ArrayImg<T, ?> img,
		final int[] chunk, final Compressor c, final String sep) throws IOException
	{
		final DataType type = DataType.of(img.firstElement());
		final ZarrArray a = ZarrArray.create(tmp.newFolder().toPath().resolve("img.zarr"), ArrayMetadata.forImage(img
			.dimensionsAsLongArray(), chunk, type, c).withSeparator(sep));
		ChunkWriter.of(a).writeAll(img, Progress.NONE);
		return a;
	}

	@Test
	public void everyTypeCompressorAndSeparatorComesBackExactly() throws Exception {
		long seed = 0;
		for (final DataType type : DataType.values())
			for (final Compressor c : COMPRESSORS)
				for (final String sep : new String[] { ".", "/" }) {
					final ArrayImg<?, ?> img = TestImages.random(type, new long[] { 18, 21, 13 }, ++seed);
					final ZarrArray a = written((ArrayImg) img, new int[] { 7, 8, 5 }, c, sep);
					assertEquals(27, a.existingChunks().size());
					final ZarrArray reopened = ZarrArray.open(a.dir());
					assertEquals(a.metadata(), reopened.metadata());
					final ZarrImg z = ZarrImg.open(reopened);
					assertEquals(type.imgLib2Type().getClass(), z.img().firstElement().getClass());
					TestImages.assertSameVoxels(img, z.img());
				}
	}

	@Test
	public void channelsAndSingleChunkImagesComeBackExactly() throws Exception {
		final ArrayImg<?, ?> img = TestImages.random(DataType.FLOAT32, new long[] { 9, 6, 5, 3 }, 7);
		final ZarrImg z = ZarrImg.open(written((ArrayImg) img, new int[] { 4, 4, 2, 1 }, Compressor.zstd(), "/"));
		TestImages.assertSameVoxels(img, z.img());
		final ArrayImg<?, ?> small = TestImages.random(DataType.UINT16, new long[] { 5, 4, 3 }, 8);
		final ZarrImg one = ZarrImg.open(written((ArrayImg) small, new int[] { 64, 64, 64 }, Compressor.zlib(1), "."));
		TestImages.assertSameVoxels(small, one.img());
		assertEquals(1, one.loads());
	}

	@Test
	public void chunksAreReadWhenTouchedAndTheCacheStaysBounded() throws Exception {
		final ArrayImg<?, ?> img = TestImages.random(DataType.UINT16, new long[] { 40, 30, 20 }, 9);
		final ZarrArray a = written((ArrayImg) img, new int[] { 8, 8, 8 }, Compressor.zlib(1), "/");
		final ZarrImg z = ZarrImg.open(a, 3 * a.metadata().chunkBytes());
		assertEquals("at least 4 chunks", 4, z.capacity());
		assertEquals(0, z.loads());
		final RandomAccess<? extends RealType<?>> ra = (RandomAccess) z.img().randomAccess();
		ra.setPosition(new long[] { 39, 29, 19 });
		assertEquals(((RealType<?>) ((RandomAccess) img.randomAccess()).setPositionAndGet(new long[] { 39, 29, 19 }))
			.getRealDouble(), ra.get().getRealDouble(), 0);
		assertEquals("one chunk read", 1, z.loads());
		TestImages.assertSameVoxels(img, z.img());
		assertTrue(z.cached() <= 4);
		final int gridChunks = 5 * 4 * 3;
		assertTrue("chunks are read again once evicted: " + z.loads(), z.loads() > gridChunks);
		z.reserve(gridChunks);
		TestImages.assertSameVoxels(img, z.img());
		final long before = z.loads();
		TestImages.assertSameVoxels(img, z.img());
		assertEquals("everything cached now", before, z.loads());
	}

	/**
	 * Seen as planes, the cache keeps every chunk of the chunk layers that the reserved slices span:
	 * reading each plane of a run of slices in turn, plane by plane as segmentation does, reads
	 * each chunk once.
	 */
	@Test
	public void reservedPlanesKeepTheirChunkLayersSoEachChunkIsReadOnce() throws Exception {
		final ArrayImg<?, ?> img = TestImages.random(DataType.UINT8, new long[] { 40, 30, 23, 2 }, 12);
		final ZarrArray a = written((ArrayImg) img, new int[] { 8, 8, 5, 1 }, Compressor.zlib(1), "/");
		final ZarrImg z = ZarrImg.open(a, 1);
		final org.unet3d.data.PlaneCache planes = z.planes();
		// one layer: 5 x 4 chunks of 8 x 8 x 5 bytes per channel, shared by 5 slices x 2 channels
		assertEquals(5 * 4 * 320 * 2 / (5 * 2), planes.planeBytes());
		planes.reserve(2 * 7); // 7 slices of both channels can span 3 layers of 5
		assertEquals(3 * 5 * 4 * 2, z.capacity());
		final RandomAccess<? extends RealType<?>> ra = (RandomAccess) z.img().randomAccess();
		final RandomAccess<? extends RealType<?>> want = (RandomAccess) img.randomAccess();
		for (int pass = 0; pass < 2; pass++)
			for (long zz = 3; zz < 10; zz++)
				for (long c = 0; c < 2; c++)
					for (long y = 0; y < 30; y++)
						for (long x = 0; x < 40; x++) {
							final long[] pos = { x, y, zz, c };
							assertEquals(want.setPositionAndGet(pos).getRealDouble(), ra.setPositionAndGet(pos).getRealDouble(), 0);
						}
		assertEquals("slices 3-9 touch layers 0 and 1: 2 x 20 chunks per channel, each read once", 2 * 20 * 2, z
			.loads());
		planes.reserve(1);
		assertEquals("reserving less never shrinks the cache", 3 * 5 * 4 * 2, z.capacity());
	}

	@Test
	public void severalThreadsReadTheSameVoxelsAndEachChunkOnce() throws Exception {
		final ArrayImg<?, ?> img = TestImages.random(DataType.FLOAT32, new long[] { 50, 45, 33 }, 10);
		final ZarrArray a = written((ArrayImg) img, new int[] { 16, 16, 8 }, Compressor.zstd(), "/");
		final ZarrImg z = ZarrImg.open(a, 1L << 30);
		final ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			final List<Future<?>> jobs = new ArrayList<>();
			for (int t = 0; t < 6; t++) {
				final long seed = t;
				jobs.add(pool.submit(() -> {
					final Random r = new Random(seed);
					final RandomAccess<? extends RealType<?>> in = (RandomAccess) img.randomAccess();
					final RandomAccess<? extends RealType<?>> out = (RandomAccess) z.img().randomAccess();
					for (int i = 0; i < 20_000; i++) {
						final long[] p = { r.nextInt(50), r.nextInt(45), r.nextInt(33) };
						in.setPosition(p);
						out.setPosition(p);
						if (in.get().getRealDouble() != out.get().getRealDouble()) throw new AssertionError(Arrays.toString(p));
					}
					return null;
				}));
			}
			for (final Future<?> f : jobs)
				f.get();
		}
		finally {
			pool.shutdown();
		}
		assertEquals("each of the 4 x 3 x 5 chunks read once", 60, z.loads());
	}

	/** Also a second time: a failed read is not cached. */
	@Test
	public void aDamagedChunkIsNamedWhenTouched() throws Exception {
		final ArrayImg<?, ?> img = TestImages.random(DataType.UINT8, new long[] { 10, 10, 10 }, 11);
		final ZarrArray a = written((ArrayImg) img, new int[] { 5, 5, 5 }, Compressor.gzip(1), ".");
		final Path chunk = a.chunkFile(new long[] { 1, 0, 1 });
		Files.write(chunk, new byte[] { 1, 2, 3 });
		final ZarrImg z = ZarrImg.open(ZarrArray.open(a.dir()));
		z.img().randomAccess().setPositionAndGet(new long[] { 0, 0, 0 });
		for (int attempt = 0; attempt < 2; attempt++)
			try {
				final RandomAccess<?> ra = z.img().randomAccess();
				ra.setPosition(new long[] { 7, 2, 9 });
				ra.get();
				fail("damaged chunk read");
			}
			catch (final UncheckedIOException e) {
				assertTrue(e.getCause() instanceof ZarrFormatException);
				assertTrue(e.getMessage(), e.getMessage().startsWith("Chunk file " + chunk + " is damaged: "));
			}
	}
}
