package org.unet3d.zarr;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.progress.Progress;

/**
 * Blocks of whole chunks are written exactly into their own chunks, in any order and from any
 * thread, with the same bytes as writing the whole image at once.
 */
public class ChunkWriterTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** 30 x 25 x 17 in chunks of 8 x 8 x 5: a 4 x 4 x 4 grid whose last chunks are cut. */
	private static final long[] DIMS = { 30, 25, 17 };
	private static final int[] CHUNK = { 8, 8, 5 };

	private ZarrArray array(final String name, final DataType type, final double fill) throws IOException {
		return ZarrArray.create(tmp.getRoot().toPath().resolve(name), ArrayMetadata.forImage(DIMS, CHUNK, type,
			Compressor.zlib(3)).withFillValue(fill));
	}

	@Test
	public void aBlockWritesExactlyItsOwnChunks() throws Exception {
		final ArrayImg<UnsignedShortType, ?> img = (ArrayImg) TestImages.random(DataType.UINT16, DIMS, 1);
		final ZarrArray a = array("a.zarr", DataType.UINT16, 9);
		final ChunkWriter w = ChunkWriter.of(a);
		final Interval block = new FinalInterval(new long[] { 8, 0, 10 }, new long[] { 29, 7, 16 });
		final List<long[]> chunks = w.chunksIn(block);
		assertEquals(3 * 1 * 2, chunks.size());
		assertArrayEquals("x fastest", new long[] { 2, 0, 2 }, chunks.get(1));
		// the source covers only the block: a block-local image moved to the block's place
		final RandomAccessibleInterval<UnsignedShortType> local = Views.zeroMin(Views.interval(img, block));
		final ArrayImg<UnsignedShortType, ?> copy = ArrayImgs.unsignedShorts(Intervals.dimensionsAsLongArray(block));
		Views.flatIterable(copy).forEach(new java.util.function.Consumer<UnsignedShortType>() {

			final net.imglib2.Cursor<UnsignedShortType> c = Views.flatIterable(local).cursor();

			@Override
			public void accept(final UnsignedShortType t) {
				t.set(c.next());
			}
		});
		w.writeBlock(block, Views.translate(copy, Intervals.minAsLongArray(block)), Progress.NONE);
		final List<long[]> found = a.existingChunks();
		assertEquals(sorted(chunks), sorted(found));
		final RandomAccess<UnsignedShortType> in = img.randomAccess();
		final RandomAccess<? extends net.imglib2.type.numeric.RealType<?>> out = (RandomAccess) ZarrImg.open(a).img()
			.randomAccess();
		for (long z = 0; z < DIMS[2]; z++)
			for (long y = 0; y < DIMS[1]; y++)
				for (long x = 0; x < DIMS[0]; x++) {
					final long[] p = { x, y, z };
					final boolean inside = Intervals.contains(block, new net.imglib2.Point(p));
					assertEquals(java.util.Arrays.toString(p), inside ? in.setPositionAndGet(p).getRealDouble() : 9, out
						.setPositionAndGet(p).getRealDouble(), 0);
				}
	}

	private static List<String> sorted(final List<long[]> chunks) {
		final List<String> s = new ArrayList<>();
		for (final long[] c : chunks)
			s.add(java.util.Arrays.toString(c));
		Collections.sort(s);
		return s;
	}

	@Test
	public void blocksInAnyOrderOnSeveralThreadsGiveTheSameFilesAsOneWholeWrite() throws Exception {
		final ArrayImg<FloatType, ?> img = (ArrayImg) TestImages.random(DataType.FLOAT32, DIMS, 2);
		final ZarrArray whole = array("whole.zarr", DataType.FLOAT32, Double.NaN);
		ChunkWriter.of(whole).writeAll(img, Progress.NONE);
		final ZarrArray blocks = array("blocks.zarr", DataType.FLOAT32, Double.NaN);
		final List<Interval> all = new ArrayList<>();
		for (long z = 0; z < DIMS[2]; z += 2 * CHUNK[2])
			for (long y = 0; y < DIMS[1]; y += 2 * CHUNK[1])
				for (long x = 0; x < DIMS[0]; x += 2 * CHUNK[0])
					all.add(Intervals.createMinMax(x, y, z, Math.min(DIMS[0], x + 2 * CHUNK[0]) - 1, Math.min(DIMS[1], y + 2 *
						CHUNK[1]) - 1, Math.min(DIMS[2], z + 2 * CHUNK[2]) - 1));
		Collections.shuffle(all, new Random(3));
		final ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			final List<Future<?>> jobs = new ArrayList<>();
			for (final Interval b : all)
				jobs.add(pool.submit(() -> {
					ChunkWriter.of(blocks).writeBlock(b, img, Progress.NONE);
					return null;
				}));
			for (final Future<?> f : jobs)
				f.get();
		}
		finally {
			pool.shutdown();
		}
		assertEquals(64, whole.existingChunks().size());
		for (final long[] c : whole.existingChunks())
			assertArrayEquals(java.util.Arrays.toString(c), Files.readAllBytes(whole.chunkFile(c)), Files.readAllBytes(
				blocks.chunkFile(c)));
		TestImages.assertSameVoxels(img, ZarrImg.open(blocks).img());
	}

	@Test
	public void edgeChunksAreStoredFullSizeWithTheFillValueBeyondTheImage() throws Exception {
		final ZarrArray a = ZarrArray.create(tmp.getRoot().toPath().resolve("e.zarr"), ArrayMetadata.forImage(DIMS,
			CHUNK, DataType.UINT16, Compressor.NONE).withFillValue(4242));
		final ArrayImg<UnsignedShortType, ?> img = (ArrayImg) TestImages.random(DataType.UINT16, DIMS, 4);
		ChunkWriter.of(a).writeAll(img, Progress.NONE);
		final Path edge = a.chunkFile(new long[] { 3, 3, 3 });
		final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(edge)).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(8 * 8 * 5 * 2, b.capacity());
		final RandomAccess<UnsignedShortType> in = img.randomAccess();
		for (int z = 0; z < 5; z++)
			for (int y = 0; y < 8; y++)
				for (int x = 0; x < 8; x++) {
					final int v = b.getShort(2 * (x + 8 * (y + 8 * z))) & 0xffff;
					final long gx = 24 + x, gy = 24 + y, gz = 15 + z;
					final boolean inside = gx < DIMS[0] && gy < DIMS[1] && gz < DIMS[2];
					assertEquals(inside ? in.setPositionAndGet(gx, gy, gz).get() : 4242, v);
				}
	}

	@Test
	public void blocksThatAreNotWholeChunksAndWrongTypesAreRefused() throws Exception {
		final ZarrArray a = array("r.zarr", DataType.UINT16, 0);
		final ChunkWriter w = ChunkWriter.of(a);
		for (final Interval bad : new Interval[] { Intervals.createMinMax(1, 0, 0, 7, 7, 4), Intervals.createMinMax(0, 0,
			0, 9, 7, 4), Intervals.createMinMax(0, 0, 0, 31, 7, 4), Intervals.createMinMax(0, 0, 7, 4) })
			try {
				w.chunksIn(bad);
				fail(bad.toString());
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("is not made of whole chunks of [8, 8, 5]"));
			}
		assertEquals(1, w.chunksIn(Intervals.createMinMax(24, 24, 15, 29, 24, 16)).size());
		try {
			w.writeAll(ArrayImgs.floats(DIMS), Progress.NONE);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("holds UINT16 voxels but the image gives FloatType"));
		}
		try {
			w.writeAll(ArrayImgs.unsignedShorts(30, 25, 16), Progress.NONE);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("is [30, 25, 17]"));
		}
		assertTrue(a.existingChunks().isEmpty());
	}

	@Test
	public void cancelingStopsBetweenChunksAndLeavesWholeChunks() throws Exception {
		final ArrayImg<UnsignedShortType, ?> img = (ArrayImg) TestImages.random(DataType.UINT16, DIMS, 5);
		final ZarrArray a = array("c.zarr", DataType.UINT16, 0);
		final long[] seen = new long[2];
		final Progress stopAfter10 = new Progress() {

			@Override
			public void status(final String message) {}

			@Override
			public void progress(final long done, final long total) {
				seen[0] = done;
				seen[1] = total;
			}

			@Override
			public boolean isCanceled() {
				return seen[0] >= 10;
			}
		};
		try {
			ChunkWriter.of(a).writeAll(img, stopAfter10);
			fail();
		}
		catch (final CancellationException e) {
			assertEquals(64, seen[1]);
		}
		final List<long[]> done = a.existingChunks();
		assertEquals(10, done.size());
		final RandomAccess<UnsignedShortType> in = img.randomAccess();
		for (final long[] c : done) {
			final short[] chunk = (short[]) a.readChunk(c);
			int i = 0;
			for (int z = 0; z < CHUNK[2]; z++)
				for (int y = 0; y < CHUNK[1]; y++)
					for (int x = 0; x < CHUNK[0]; x++, i++) {
						final long[] p = { c[0] * CHUNK[0] + x, c[1] * CHUNK[1] + y, c[2] * CHUNK[2] + z };
						if (p[0] < DIMS[0] && p[1] < DIMS[1] && p[2] < DIMS[2]) assertEquals(in.setPositionAndGet(p).get(),
							chunk[i] & 0xffff);
					}
		}
	}
}
