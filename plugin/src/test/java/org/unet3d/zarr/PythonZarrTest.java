package org.unet3d.zarr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.progress.Progress;

/**
 * Our Zarr against python3-zarr (Debian's, an independent implementation; skipped, saying so,
 * where it is missing): what it writes we read voxel for voxel, for every voxel type, compressor and
 * chunk naming, with missing chunks and OME-NGFF metadata; what we write it reads with the same
 * voxels, axes and voxel size; what we refuse, the Python our messages recommend converts into
 * what we read.
 */
public class PythonZarrTest {

	/** Debian's Python, where python3-zarr installs; another one with -Dunet3d.python=PATH. */
	private static final String PYTHON = System.getProperty("unet3d.python", "/usr/bin/python3");

	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	private static Path script;
	private static Path fromPython;
	private static boolean pythonHasZstd;

	@BeforeClass
	public static void writeWithPython() throws Exception {
		Assume.assumeTrue("skipped: python3-zarr missing (apt-get install python3-zarr)", runs("import zarr, numcodecs"));
		pythonHasZstd = runs("import numcodecs; numcodecs.Zstd");
		script = TMP.getRoot().toPath().resolve("zarr_interop.py");
		Files.copy(PythonZarrTest.class.getResourceAsStream("zarr_interop.py"), script);
		fromPython = TMP.newFolder("from-python").toPath();
		python("write", fromPython.toString());
	}

	private static boolean runs(final String code) throws InterruptedException {
		if (!new File(PYTHON).canExecute()) return false;
		try {
			final Process p = new ProcessBuilder(PYTHON, "-c", code).redirectErrorStream(true).start();
			readAll(p.getInputStream());
			return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
		}
		catch (final IOException e) {
			return false;
		}
	}

	/** Runs the script; returns its output, failing the test with that output if it did not exit with 0. */
	private static String python(final String... args) throws IOException, InterruptedException {
		final List<String> cmd = new ArrayList<>();
		cmd.add(PYTHON);
		cmd.add(script.toString());
		for (final String a : args)
			cmd.add(a);
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		final String out = new String(readAll(p.getInputStream()), StandardCharsets.UTF_8);
		assertTrue("python3 did not finish", p.waitFor(300, TimeUnit.SECONDS));
		assertEquals("python3 " + String.join(" ", args) + ":\n" + out, 0, p.exitValue());
		return out;
	}

	private static byte[] readAll(final java.io.InputStream in) throws IOException {
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		final byte[] buf = new byte[8192];
		for (int n; (n = in.read(buf)) > 0;)
			out.write(buf, 0, n);
		return out.toByteArray();
	}

	/** The cases python3-zarr wrote: name, dtype, shape, expected outcome ("ok" or part of the refusal). */
	private static List<String[]> cases() throws IOException {
		final List<String[]> cases = new ArrayList<>();
		for (final String line : Files.readAllLines(fromPython.resolve("cases.tsv"), StandardCharsets.UTF_8))
			if (!line.isEmpty()) cases.add(line.split("\t"));
		return cases;
	}

	/** Asserts that an image (axes x, y, z[, c]) holds the raw little-endian voxels (x fastest) of {@code dtype}. */
	private static void assertVoxels(final String what, final Path raw, final String dtype,
		final RandomAccessibleInterval<?> image) throws IOException
	{
		final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
		final int bytes = Integer.parseInt(dtype.substring(2));
		assertEquals(what + ": voxel count", Intervals.numElements(image) * bytes, b.capacity());
		final Cursor<?> c = Views.flatIterable(image).localizingCursor();
		while (c.hasNext()) {
			final double got = ((RealType<?>) c.next()).getRealDouble();
			final double want = value(b, dtype);
			if (!(got == want || Double.isNaN(got) && Double.isNaN(want))) fail(what + " at " + java.util.Arrays.toString(c
				.positionAsLongArray()) + ": " + got + " instead of " + want);
		}
	}

	private static double value(final ByteBuffer b, final String dtype) {
		switch (dtype.substring(1)) {
			case "u1":
				return b.get() & 0xff;
			case "u2":
				return b.getShort() & 0xffff;
			case "u4":
				return b.getInt() & 0xffffffffL;
			default:
				return b.getFloat();
		}
	}

	@Test
	public void whatPythonWritesWeReadVoxelForVoxel() throws Exception {
		int read = 0;
		for (final String[] c : cases()) {
			if (!c[3].equals("ok")) continue;
			final Volume<?> v = OmeZarr.open(fromPython.resolve(c[0])).volume();
			assertVoxels(c[0], fromPython.resolve(c[0] + ".raw"), c[1], v.pixels());
			read++;
		}
		assertEquals("arrays read (python3-zarr " + (pythonHasZstd ? "with" : "without") + " zstd)", pythonHasZstd ? 39
			: 31, read);
	}

	@Test
	public void omeZarrMetadataFromPythonGivesAxesLevelsAndVoxelSize() throws Exception {
		final OmeZarr czyx = OmeZarr.open(fromPython.resolve("ome-czyx"));
		assertEquals(java.util.Arrays.asList("c", "z", "y", "x"), czyx.axes());
		assertEquals(2, czyx.levels());
		assertEquals(new VoxelSize(0.5, 0.25, 2, "micron"), czyx.voxelSize(0));
		assertEquals(new VoxelSize(1, 0.5, 2, "micron"), czyx.voxelSize(1));
		final Volume<?> full = czyx.volume();
		assertEquals(2, full.channels());
		final Volume<?> half = czyx.volume(1, 1 << 20);
		assertArrayEquals(new long[] { 13, 11, 9 }, half.shapeZYX());
		// level 1 is level 0 at every second y and x
		TestImages.assertSameVoxels(Views.subsample(full.pixels(), 2, 2, 1, 1), half.pixels());

		final OmeZarr tczyx = OmeZarr.open(fromPython.resolve("ome-tczyx"));
		assertEquals(new VoxelSize(4, 4, 40, "nm"), tczyx.voxelSize(0));
		assertEquals(1, tczyx.volume().channels());
		assertEquals(new VoxelSize(4, 4, 40, "nm"), OmeZarr.open(fromPython.resolve("ome-tczyx/s0")).voxelSize(0));
	}

	private static void assertArrayEquals(final long[] expected, final long[] actual) {
		org.junit.Assert.assertArrayEquals(expected, actual);
	}

	@Test
	public void whatWeRefuseIsNamedAndTheRecommendedPythonMakesItReadable() throws Exception {
		int refused = 0;
		for (final String[] c : cases()) {
			if (c[3].equals("ok")) continue;
			final Path dir = fromPython.resolve(c[0]);
			try {
				OmeZarr.open(dir).volume();
				fail(c[0] + " was read");
			}
			catch (final ZarrFormatException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith(dir.toAbsolutePath().toString()));
				assertTrue(c[3] + ": " + e.getMessage(), e.getMessage().contains(c[3]));
				assertTrue(e.getMessage(), e.getMessage().contains("which this plugin does not read"));
			}
			refused++;
			if (c[1].equals("<f8")) continue;
			final Path converted = TMP.getRoot().toPath().resolve("converted-" + c[0]);
			python("convert", dir.toString(), converted.toString());
			assertVoxels(c[0] + " converted", fromPython.resolve(c[0] + ".raw"), c[1], OmeZarr.open(converted).volume()
				.pixels());
		}
		assertEquals(4, refused);
	}

	@Test
	public void whatWeWritePythonReadsWithTheSameVoxelsAndMetadata() throws Exception {
		final Path root = TMP.newFolder("from-java").toPath();
		final JsonArray list = new JsonArray();
		final List<Compressor> compressors = new ArrayList<>(java.util.Arrays.asList(Compressor.NONE, Compressor.zlib(1),
			Compressor.gzip(5)));
		if (pythonHasZstd) compressors.add(Compressor.zstd());
		long seed = 0;
		for (final DataType type : DataType.values())
			for (final Compressor c : compressors)
				for (final String sep : new String[] { ".", "/" }) {
					final String name = type + "-" + c.kind().id() + "-" + (sep.equals(".") ? "flat" : "nested");
					final ArrayImg<?, ?> img = TestImages.random(type, new long[] { 18, 21, 13 }, ++seed);
					final ArrayMetadata meta = ArrayMetadata.forImage(img.dimensionsAsLongArray(), new int[] { 7, 8, 5 }, type,
						c).withSeparator(sep);
					final VoxelSize v = new VoxelSize(0.25, 0.5, 2, "micron");
					final OmeZarr out = OmeZarr.create(root.resolve(name), meta, v, name, OmeZarr.IfExists.REFUSE);
					ChunkWriter.of(out.array(0)).writeAll((ArrayImg) img, Progress.NONE);
					list.add(expectation(name, out, meta, raw(root.resolve(name + ".raw"), img), "[\"z\", \"y\", \"x\"]",
						"[\"micrometer\", \"micrometer\", \"micrometer\"]", "[\"space\", \"space\", \"space\"]", "[2.0, 0.5, 0.25]"));
				}
		// channels, NaN fill and chunks never written: python3-zarr must see NaN there too
		final long[] dims = { 18, 21, 13, 2 };
		final ArrayImg<?, ?> img = TestImages.random(DataType.FLOAT32, dims, 99);
		final ArrayMetadata meta = ArrayMetadata.forImage(dims, new int[] { 7, 8, 5, 1 }, DataType.FLOAT32, Compressor
			.zlib(2)).withFillValue(Double.NaN);
		final OmeZarr out = OmeZarr.create(root.resolve("channels-nan"), meta, new VoxelSize(4, 4, 40, "nm"), null,
			OmeZarr.IfExists.REFUSE);
		final ChunkWriter w = ChunkWriter.of(out.array(0));
		final net.imglib2.Interval block = Intervals.createMinMax(7, 0, 5, 0, 17, 20, 12, 0);
		w.writeBlock(block, (ArrayImg) img, Progress.NONE);
		final RandomAccessibleInterval<?> expected = Views.interval(net.imglib2.converter.Converters.convert(
			(RandomAccessibleInterval<net.imglib2.type.numeric.real.FloatType>) (RandomAccessibleInterval) img, (a, b) -> {
				b.set(a);
			}, new net.imglib2.type.numeric.real.FloatType()), img);
		final ArrayImg<net.imglib2.type.numeric.real.FloatType, ?> withNaN = net.imglib2.img.array.ArrayImgs.floats(dims);
		final Cursor<net.imglib2.type.numeric.real.FloatType> cw = withNaN.localizingCursor();
		final net.imglib2.RandomAccess<?> src = expected.randomAccess();
		while (cw.hasNext()) {
			cw.fwd();
			cw.get().set(Intervals.contains(block, cw) ? ((RealType<?>) src.setPositionAndGet(cw)).getRealFloat()
				: Float.NaN);
		}
		list.add(expectation("channels-nan", out, meta, raw(root.resolve("channels-nan.raw"), withNaN),
			"[\"c\", \"z\", \"y\", \"x\"]", "[null, \"nanometer\", \"nanometer\", \"nanometer\"]",
			"[\"channel\", \"space\", \"space\", \"space\"]", "[1.0, 40.0, 4.0, 4.0]"));

		final Path listing = root.resolve("cases.json");
		Files.write(listing, new com.google.gson.GsonBuilder().serializeNulls().create().toJson(list).getBytes(StandardCharsets.UTF_8));
		final String report = python("check", listing.toString());
		assertEquals(report, list.size(), report.split("\n").length);
		assertEquals(pythonHasZstd ? 33 : 25, list.size());
	}

	/**
	 * What a segmentation writes (labels and class probabilities, plane by plane through
	 * {@link SlabWriter}, with a depth that is no multiple of the chunk depth) python3-zarr reads with
	 * the same voxels, axes and voxel size.
	 */
	@Test
	public void whatSegmentationWritesPythonReads() throws Exception {
		final Path root = TMP.newFolder("from-slab-writer").toPath();
		final JsonArray list = new JsonArray();
		final VoxelSize v = new VoxelSize(0.3, 0.3, 1.2, "micron");
		for (final long[] dims : new long[][] { { 23, 19, 11 }, { 23, 19, 11, 3 } }) {
			final boolean labels = dims.length == 3;
			final String name = labels ? "labels.zarr" : "probabilities.zarr";
			final ArrayImg<?, ?> img = TestImages.random(labels ? DataType.UINT8 : DataType.FLOAT32, dims, dims.length);
			final int[] chunks = labels ? new int[] { 16, 8, 4 } : new int[] { 16, 8, 4, 1 };
			final ArrayMetadata meta = ArrayMetadata.forImage(dims, chunks, DataType.of(img.firstElement()), Compressor
				.zlib(5));
			try (SlabWriter w = SlabWriter.create(root.resolve(name), meta, v, name, false)) {
				final net.imglib2.blocks.PrimitiveBlocks<?> blocks = net.imglib2.blocks.PrimitiveBlocks.of(
					(RandomAccessibleInterval) img);
				final int n = (int) (dims[0] * dims[1]);
				for (long z = 0; z < dims[2]; z++)
					for (long c = 0; c < (labels ? 1 : dims[3]); c++) {
						final Object plane = DataType.of(img.firstElement()).newArray(n, 0);
						blocks.copy(labels ? new long[] { 0, 0, z } : new long[] { 0, 0, z, c }, plane, labels ? new int[] {
							(int) dims[0], (int) dims[1], 1 } : new int[] { (int) dims[0], (int) dims[1], 1, 1 });
						if (labels) w.write((byte[]) plane);
						else w.write((float[]) plane);
					}
				w.finish();
			}
			list.add(expectation(name, OmeZarr.open(root.resolve(name)), meta, raw(root.resolve(name + ".raw"), img),
				labels ? "[\"z\", \"y\", \"x\"]" : "[\"c\", \"z\", \"y\", \"x\"]", labels
					? "[\"micrometer\", \"micrometer\", \"micrometer\"]" : "[null, \"micrometer\", \"micrometer\", \"micrometer\"]",
				labels ? "[\"space\", \"space\", \"space\"]" : "[\"channel\", \"space\", \"space\", \"space\"]", labels
					? "[1.2, 0.3, 0.3]" : "[1.0, 1.2, 0.3, 0.3]"));
		}
		final Path listing = root.resolve("cases.json");
		Files.write(listing, new com.google.gson.GsonBuilder().serializeNulls().create().toJson(list).getBytes(
			StandardCharsets.UTF_8));
		final String report = python("check", listing.toString());
		assertEquals(report, 2, report.split("\n").length);
	}

	private static JsonObject expectation(final String name, final OmeZarr out, final ArrayMetadata meta, final Path raw,
		final String axes, final String units, final String types, final String scale)
	{
		final Gson gson = new Gson();
		final JsonObject o = new JsonObject();
		o.addProperty("name", name);
		o.addProperty("path", out.dir().toString());
		o.addProperty("raw", raw.toString());
		o.add("axes", gson.fromJson(axes, JsonArray.class));
		o.add("units", gson.fromJson(units, JsonArray.class));
		o.add("types", gson.fromJson(types, JsonArray.class));
		o.add("scale", gson.fromJson(scale, JsonArray.class));
		o.addProperty("dtype", meta.dataType().dtype());
		o.add("shape", gson.toJsonTree(meta.shape()));
		o.add("chunks", gson.toJsonTree(meta.chunks()));
		if (meta.compressor().kind() == Compressor.Kind.NONE) o.add("compressor", com.google.gson.JsonNull.INSTANCE);
		else o.addProperty("compressor", meta.compressor().kind().id());
		o.addProperty("separator", meta.separator());
		if (Double.isNaN(meta.fillValue())) o.addProperty("fill", "NaN");
		else o.addProperty("fill", meta.fillValue());
		return o;
	}

	/** Writes an image's voxels little-endian, x fastest, as numpy's tofile would for the Zarr order array. */
	private static Path raw(final Path file, final RandomAccessibleInterval<?> img) throws IOException {
		final Object t = Views.flatIterable(img).firstElement();
		final DataType type = DataType.of(t);
		final ByteBuffer b = ByteBuffer.allocate((int) Intervals.numElements(img) * type.bytes()).order(
			ByteOrder.LITTLE_ENDIAN);
		for (final Object o : Views.flatIterable(img)) {
			final RealType<?> v = (RealType<?>) o;
			switch (type) {
				case UINT8:
					b.put((byte) v.getRealDouble());
					break;
				case UINT16:
					b.putShort((short) v.getRealDouble());
					break;
				case UINT32:
					b.putInt((int) (long) v.getRealDouble());
					break;
				default:
					b.putFloat(v.getRealFloat());
			}
		}
		try (OutputStream out = Files.newOutputStream(file)) {
			out.write(b.array());
		}
		return file;
	}
}
