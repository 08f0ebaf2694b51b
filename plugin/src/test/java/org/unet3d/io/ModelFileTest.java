package org.unet3d.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.unet3d.data.NormalizationStats;
import org.unet3d.data.VoxelSize;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;

/** Save/load round trips exactly; damaged, foreign and too-new files are refused with clear messages. */
public class ModelFileTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	static SegmentationModel smallModel(final boolean batchNorm) {
		final UNet3DConfig c = UNet3DConfig.builder().depth(2).baseFilters(4).classes(3).batchNorm(batchNorm).build();
		final ComputationGraph g = UNet3DBuilder.of(c).seed(1).build(new int[] { 8, 16, 16 });
		final ModelMetadata m = ModelMetadata.builder().network(c).classNames("background", "cell", "membrane")
			.patchSize(new int[] { 8, 16, 16 }).voxelSize(new VoxelSize(0.1, 0.1, 0.5, "micron")).trainingStats(
				new NormalizationStats(new double[] { 3 }, new double[] { 250 })).build();
		return new SegmentationModel(g, m);
	}

	@Test
	public void roundTripReproducesPredictionsExactly() throws IOException {
		for (final boolean bn : new boolean[] { false, true }) {
			final SegmentationModel model = smallModel(bn);
			if (bn) { // move the running statistics away from their initial values
				final INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 8, 16, 16);
				model.graph().feedForward(new INDArray[] { x }, true, false);
			}
			final File f = new File(tmp.getRoot(), "model" + bn + ".zip");
			ModelFile.write(model, f);
			final SegmentationModel back = ModelFile.read(f, true);
			assertEquals(model.metadata(), back.metadata());
			assertEquals(model.graph().params(), back.graph().params());
			final INDArray in = Nd4j.rand(DataType.FLOAT, 2, 1, 16, 32, 24);
			final INDArray a = model.predict(in);
			final INDArray b = back.predict(in);
			assertEquals("predictions must be identical after reload", a, b);
			assertEquals(0.0, a.sub(b).amaxNumber().doubleValue(), 0.0);
			assertEquals(model.metadata(), ModelFile.readMetadata(f));
		}
	}

	@Test
	public void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
		final File f = new File(tmp.getRoot(), "m.zip");
		ModelFile.write(smallModel(false), f);
		ModelFile.write(smallModel(false), f);
		final String[] left = tmp.getRoot().list();
		assertEquals("only the model file remains: " + String.join(",", left), 1, left.length);
	}

	private static String message(final File f) {
		try {
			ModelFile.read(f, false);
		}
		catch (final IOException e) {
			return e.getMessage();
		}
		fail("expected an error for " + f);
		return null;
	}

	@Test
	public void truncatedFileIsRefused() throws IOException {
		final File f = new File(tmp.getRoot(), "m.zip");
		ModelFile.write(smallModel(false), f);
		try (RandomAccessFile r = new RandomAccessFile(f, "rw")) {
			r.setLength(r.length() / 2);
		}
		final String m = message(f);
		assertTrue(m, m.contains("truncated or corrupt") || m.contains("damaged"));
	}

	@Test
	public void nonZipIsRefused() throws IOException {
		final File f = tmp.newFile("notes.zip");
		Files.write(f.toPath(), "hello".getBytes("UTF-8"));
		final String m = message(f);
		assertTrue(m, m.contains("not a 3D U-Net model"));
	}

	@Test
	public void plainDl4jModelIsRefused() throws IOException {
		final File f = new File(tmp.getRoot(), "dl4j.zip");
		ModelSerializer.writeModel(smallModel(false).graph(), f, false);
		final String m = message(f);
		assertTrue(m, m.contains("plain DeepLearning4J model"));
	}

	@Test
	public void newerFormatIsRefused() throws IOException {
		final String json = smallModel(false).metadata().toJson().replace("\"formatVersion\": 1", "\"formatVersion\": 99");
		try {
			ModelMetadata.fromJson(json);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("Update the 3D U-Net plugin"));
		}
	}

	@Test
	public void missingFileIsNamed() {
		final String m = message(new File(tmp.getRoot(), "nope.zip"));
		assertTrue(m, m.contains("does not exist"));
	}
}
