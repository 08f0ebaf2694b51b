package org.unet3d.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.io.ModelFile;
import org.unet3d.model.SegmentationModel;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.TestVolumes;
import org.unet3d.training.Trainer;
import org.unet3d.training.TrainingConfig;
import org.unet3d.training.TrainingMonitor;
import org.unet3d.zarr.Compressor;
import org.unet3d.zarr.OmeZarr;

/**
 * A small 16-bit OME-Zarr image of bright balls whose size is no multiple of the chunk or block
 * size, a briefly trained depth-2 U-Net saved as a model file, and the single-machine reference:
 * labels and probabilities of the plugin's {@code segment} command on the same image saved as a
 * TIFF, with the same tile options as the distributed runs. Made once per test JVM.
 */
final class TestData {

	/** Image size x, y, z. */
	static final int SX = 45, SY = 38, SZ = 29;
	/** The tile options of every run, distributed or not. */
	static final String TILE = "16,16,16", BATCH = "2";

	final Path dir;
	final Path image;
	final Path model;
	/** The same image as a TIFF, for the single-machine command line. */
	final Path tiff;
	/** Reference labels, x fastest. */
	final int[] labels;
	/** Reference probabilities [k][x + SX * (y + SY * z)]. */
	final float[][] probabilities;

	private static TestData shared;

	private TestData(final Path dir) throws IOException {
		this.dir = dir;
		final TrainingConfig config = TrainingConfig.builder().depth(2).baseFilters(4).patchSize(new int[] { 16, 16,
			16 }).batchSize(2).epochs(4).stepsPerEpoch(15).seed(3).build();
		final SegmentationModel m = new Trainer(config).train(Collections.singletonList(TestVolumes.balls(32, 32, 32,
			12, 1)), null, Progress.NONE, TrainingMonitor.NONE);
		model = dir.resolve("model.zip");
		ModelFile.write(m, model.toFile());
		final TestVolumes.Balls balls = TestVolumes.ballArrays(SX, SY, SZ, 30, 5);
		final ArrayImg<UnsignedShortType, ShortArray> u16 = ArrayImgs.unsignedShorts(SX, SY, SZ);
		int i = 0;
		for (final UnsignedShortType t : u16)
			t.set((int) Math.max(0, Math.min(65535, 40 * balls.image[i++] + 1000)));
		image = dir.resolve("balls.zarr");
		OmeZarr.write(Volume.of(u16, new VoxelSize(0.5, 0.5, 1.0, "micron")), image, new int[] { 16, 16, 8 }, Compressor
			.zlib(1), "balls", OmeZarr.IfExists.REFUSE, Progress.NONE);
		tiff = dir.resolve("balls.tif");
		final ij.ImageStack stack = new ij.ImageStack(SX, SY);
		for (int z = 0; z < SZ; z++)
			stack.addSlice(new ij.process.ShortProcessor(SX, SY, java.util.Arrays.copyOfRange(u16.update(null)
				.getCurrentStorageArray(), z * SX * SY, (z + 1) * SX * SY), null));
		final ij.ImagePlus imp = new ij.ImagePlus("balls", stack);
		imp.getCalibration().pixelWidth = 0.5;
		imp.getCalibration().pixelHeight = 0.5;
		imp.getCalibration().pixelDepth = 1.0;
		imp.getCalibration().setUnit("micron");
		org.unet3d.io.TiffIO.save(imp, tiff.toFile(), false);
		probabilities = reference();
		labels = labels(probabilities);
		// segment reads and writes OME-Zarr too: on the Zarr image itself it gives the same labels
		final Path zarrLabels = dir.resolve("reference-labels.zarr");
		final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
		assertEquals("single-machine segment of the OME-Zarr image: " + err, 0, org.unet3d.cli.Main.run(new String[] {
			"segment", "image=" + image, "model=" + model, "output=" + zarrLabels, "tile=" + TILE, "batch=" + BATCH },
			System.out, new PrintStream(err, true)));
		assertLabelsEqual(zarrLabels);
	}

	/**
	 * The single-machine segmentation of the same image as a TIFF, by the plugin's command line
	 * ({@code java -jar target/unet3d.jar segment ...}), with the same tile options: its probabilities
	 * [k][x + SX * (y + SY * z)], after checking that its labels are their argmax.
	 */
	private float[][] reference() throws IOException {
		final Path labelsTif = dir.resolve("reference-labels.tif");
		final Path probsTif = dir.resolve("reference-probabilities.tif");
		final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
		final int status = org.unet3d.cli.Main.run(new String[] { "segment", "image=" + tiff, "model=" + model,
			"output=" + labelsTif, "probabilities=" + probsTif, "tile=" + TILE, "batch=" + BATCH }, System.out,
			new PrintStream(err, true));
		assertEquals("single-machine segment: " + err, 0, status);
		final ij.ImagePlus p = org.unet3d.io.TiffIO.open(probsTif.toFile());
		final int classes = p.getNChannels();
		final float[][] probs = new float[classes][SX * SY * SZ];
		for (int k = 0; k < classes; k++)
			for (int z = 0; z < SZ; z++) {
				final float[] slice = (float[]) p.getStack().getPixels(p.getStackIndex(k + 1, z + 1, 1));
				System.arraycopy(slice, 0, probs[k], z * SX * SY, SX * SY);
			}
		final ij.ImagePlus l = org.unet3d.io.TiffIO.open(labelsTif.toFile());
		for (int z = 0; z < SZ; z++) {
			final ij.process.ImageProcessor ip = l.getStack().getProcessor(z + 1);
			for (int i = 0; i < SX * SY; i++)
				assertEquals("reference label at z " + z + ", " + i, org.unet3d.inference.LabelMaker.argmax(probs, z * SX *
					SY + i), ip.get(i));
		}
		return probs;
	}

	private static int[] labels(final float[][] probabilities) {
		final int[] l = new int[probabilities[0].length];
		int fg = 0;
		for (int j = 0; j < l.length; j++) {
			l[j] = org.unet3d.inference.LabelMaker.argmax(probabilities, j);
			fg += l[j] != 0 ? 1 : 0;
		}
		assertTrue("the reference labels are not trivial: " + fg + " foreground voxels", fg > l.length / 50 && fg < l
			.length * 49 / 50);
		return l;
	}

	static synchronized TestData get() throws IOException {
		if (shared == null) {
			shared = new TestData(Files.createTempDirectory("unet3d-spark-test"));
			Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(shared.dir)));
		}
		return shared;
	}

	/** Command-line options for a distributed run of the test image into {@code output}. */
	List<String> args(final Path output, final String master, final String... more) {
		final List<String> a = new ArrayList<>(Arrays.asList("segment", "image=" + image, "model=" + model, "output=" +
			output, "tile=" + TILE, "batch=" + BATCH, "chunk=8", "block=16", "master=" + master,
			"spark.ui.enabled=false"));
		a.addAll(Arrays.asList(more));
		return a;
	}

	/** What a run printed, and its exit status. */
	static final class Run {

		final int status;
		final String out;
		final String err;

		Run(final int status, final String out, final String err) {
			this.status = status;
			this.out = out;
			this.err = err;
		}

		@Override
		public String toString() {
			return "exit " + status + "\n--- out:\n" + out + "\n--- err:\n" + err;
		}
	}

	/** Runs the command line in this JVM. */
	static Run run(final List<String> args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final PrintStream o = new PrintStream(out, true);
		final PrintStream e = new PrintStream(err, true);
		final int status = SparkMain.run(args.toArray(new String[0]), new PrintStream(new Tee(o, System.out), true), e);
		return new Run(status, new String(out.toByteArray(), StandardCharsets.UTF_8), new String(err.toByteArray(),
			StandardCharsets.UTF_8));
	}

	/** Asserts that the labels in {@code output} equal the single-machine labels, voxel for voxel. */
	void assertLabelsEqual(final Path output) throws IOException {
		assertLabelsEqual(output, labels);
	}

	/** Asserts that the labels in {@code output} equal {@code labels}, voxel for voxel. */
	void assertLabelsEqual(final Path output, final int[] labels) throws IOException {
		final OmeZarr z = OmeZarr.open(output);
		final Volume<?> v = z.volume();
		assertEquals(Arrays.asList(SX, SY, SZ).toString(), Arrays.asList((int) v.width(), (int) v.height(), (int) v
			.depth()).toString());
		assertEquals("voxel size kept", OmeZarr.open(image).voxelSize(0), z.voxelSize(0));
		assertEquals("every chunk written", z.array(0).metadata().cellGrid().getGridDimensions()[0] * z.array(0)
			.metadata().cellGrid().getGridDimensions()[1] * z.array(0).metadata().cellGrid().getGridDimensions()[2], z
				.array(0).existingChunks().size());
		final Cursor<? extends RealType<?>> c = cursor(v.channel(0));
		int i = 0, wrong = 0, first = -1;
		while (c.hasNext()) {
			if ((int) c.next().getRealDouble() != labels[i]) {
				wrong++;
				if (first < 0) first = i;
			}
			i++;
		}
		if (wrong > 0) fail(wrong + " labels differ from the single-machine segmentation, the first at voxel " + first);
	}

	/** Asserts that the probabilities in {@code output} equal the single-machine ones bit for bit. */
	void assertProbabilitiesEqual(final Path output) throws IOException {
		final Volume<?> v = OmeZarr.open(output).volume();
		assertEquals(probabilities.length, v.channels());
		for (int k = 0; k < probabilities.length; k++) {
			final Cursor<? extends RealType<?>> c = cursor(v.channel(k));
			int i = 0;
			while (c.hasNext()) {
				final float got = c.next().getRealFloat();
				if (Float.floatToIntBits(got) != Float.floatToIntBits(probabilities[k][i])) fail("class " + k + ", voxel " +
					i + ": " + got + " distributed, " + probabilities[k][i] + " on one machine");
				i++;
			}
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Cursor<? extends RealType<?>> cursor(final RandomAccessibleInterval<?> img) {
		return (Cursor) Views.flatIterable((RandomAccessibleInterval<RealType>) img).cursor();
	}

	/** Writes to two streams. */
	private static final class Tee extends java.io.OutputStream {

		private final java.io.OutputStream a, b;

		Tee(final java.io.OutputStream a, final java.io.OutputStream b) {
			this.a = a;
			this.b = b;
		}

		@Override
		public void write(final int c) throws IOException {
			a.write(c);
			b.write(c);
		}

		@Override
		public void write(final byte[] buf, final int off, final int len) throws IOException {
			a.write(buf, off, len);
			b.write(buf, off, len);
		}
	}

	/** Deletes a folder and everything in it (test files only). */
	static void deleteTree(final Path dir) {
		try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
			s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (final IOException e) {
			// left for the system's temporary folder cleanup
		}
	}
}
