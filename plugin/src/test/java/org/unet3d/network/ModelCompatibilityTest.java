package org.unet3d.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.zip.ZipFile;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.unet3d.io.ModelFile;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;

/**
 * Model files written before {@link Conv3D} existed (DL4J's Convolution3D in the network
 * configuration) still load, predict what they predicted, and continue training, now on the fast
 * layers.
 */
public class ModelCompatibilityTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** A network as the builder made it before Conv3D: DL4J's Convolution3D layers, trained a few steps. */
	private static ComputationGraph oldStyleNetwork(final UNet3DConfig c, final int[] patch) {
		final String json = UNet3DBuilder.of(c).seed(4).configuration(patch).toJson().replace("\"" + Conv3D.class
			.getName() + "\"", "\"" + Convolution3D.class.getName() + "\"");
		final ComputationGraph g = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
		g.init();
		final INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, patch[0], patch[1], patch[2]);
		final INDArray y = Nd4j.zeros(DataType.FLOAT, 2, c.classes(), patch[0], patch[1], patch[2]);
		y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0)).assign(1);
		for (int i = 0; i < 3; i++)
			g.fit(new MultiDataSet(x, y)); // non-trivial weights, batch norm statistics and Adam state
		return g;
	}

	@Test
	public void oldModelFilesLoadOntoFastLayersAndPredictTheSame() throws IOException {
		for (final boolean bn : new boolean[] { false, true }) {
			final UNet3DConfig c = UNet3DConfig.builder().depth(2).baseFilters(4).classes(3).batchNorm(bn).pooling(
				new int[][] { { 1, 2, 2 }, { 2, 2, 2 } }).build();
			final int[] patch = { 4, 16, 16 };
			final ComputationGraph old = oldStyleNetwork(c, patch);
			assertSame(org.deeplearning4j.nn.layers.convolution.Convolution3DLayer.class, old.getLayer("enc0_a")
				.getClass());
			final File f = new File(tmp.getRoot(), "old" + bn + ".zip");
			ModelFile.write(new SegmentationModel(old, ModelMetadata.builder().network(c).patchSize(patch).build()), f);
			try (ZipFile z = new ZipFile(f)) { // the file really is in the old format
				final String conf = new String(readAll(z.getInputStream(z.getEntry("configuration.json"))), "UTF-8");
				assertTrue(conf.contains(Convolution3D.class.getName()) && !conf.contains(Conv3D.class.getName()));
			}
			final SegmentationModel back = ModelFile.read(f, true);
			assertSame(Conv3DLayer.class, back.graph().getLayer("enc0_a").getClass());
			assertSame(Conv3DLayer.class, back.graph().getLayer("head").getClass());
			assertEquals(old.params(), back.graph().params());
			final INDArray in = Nd4j.rand(DataType.FLOAT, 2, 1, 8, 32, 24);
			final INDArray expected = old.outputSingle(false, in);
			final INDArray actual = back.predict(in);
			assertTrue("batch norm " + bn + ": max difference " + expected.sub(actual).amaxNumber(), expected.sub(actual)
				.amaxNumber().doubleValue() < 1e-5);
			assertEquals(old.getUpdater().getStateViewArray(), back.graph().getUpdater().getStateViewArray());
			// the same gradients for the next training step on both (the fast layers sum in another order,
			// so they agree to single precision, not bit for bit; Adam would magnify the last bits of
			// near-zero gradients into differences of the order of the learning rate)
			final INDArray x = Nd4j.rand(DataType.FLOAT, 1, 1, patch[0], patch[1], patch[2]);
			final INDArray y = Nd4j.zeros(DataType.FLOAT, 1, 3, patch[0], patch[1], patch[2]);
			y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(2)).assign(1);
			for (final ComputationGraph g : new ComputationGraph[] { old, back.graph() }) {
				g.setInputs(x);
				g.setLabels(y);
				g.computeGradientAndScore();
			}
			assertEquals("next step's loss", old.score(), back.graph().score(), 1e-5 * Math.abs(old.score()));
			final INDArray ga = old.gradient().gradient();
			final INDArray gb = back.graph().gradient().gradient();
			final double scale = ga.amaxNumber().doubleValue();
			assertTrue("next step's gradients: max difference " + ga.sub(gb).amaxNumber() + " (largest " + scale + ")", ga
				.sub(gb).amaxNumber().doubleValue() < 1e-5 * scale);
		}
	}

	@Test
	public void currentModelsAreLeftAlone() {
		final ComputationGraph g = UNet3DBuilder.of(UNet3DConfig.builder().depth(1).baseFilters(2).build()).build(
			new int[] { 4, 4, 4 });
		assertSame(g, UNet3DBuilder.upgrade(g));
	}

	private static byte[] readAll(final java.io.InputStream in) throws IOException {
		final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
		final byte[] buf = new byte[8192];
		for (int n; (n = in.read(buf)) > 0;)
			b.write(buf, 0, n);
		in.close();
		return b.toByteArray();
	}
}
