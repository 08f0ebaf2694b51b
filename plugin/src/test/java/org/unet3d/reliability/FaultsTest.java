package org.unet3d.reliability;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.unet3d.reliability.Fixtures.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.unet3d.data.Volume;
import org.unet3d.io.AtomicFiles;
import org.unet3d.io.ModelFile;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.NotEnoughMemoryException;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.inference.TiledPredictor;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.TestVolumes;
import org.unet3d.training.Trainer;
import org.unet3d.training.TrainingFiles;

/**
 * The faults of the table in docs/errors.md (rows F2 - F6): a killed training run or save, a
 * diverging loss, a full disk and an exhausted memory lose no earlier work and say what happened.
 * (F1, cancel, is TrainerTest's.)
 */
public class FaultsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final String JAVA = System.getProperty("java.home") + File.separator + "bin" + File.separator +
		"java";

	private String[] trainingPair() throws IOException {
		return new String[] { "image=" + Fixtures.save(Fixtures.stack(24, 24, 1, 16, 1), tmp.getRoot(), "image.tif"),
			"labels=" + Fixtures.save(Fixtures.labels(24, 24, 16), tmp.getRoot(), "labels.tif") };
	}

	@Test(timeout = 240_000)
	public void killDuringTrainingLeavesALoadableCheckpoint() throws Exception {
		final String[] pair = trainingPair();
		final File model = new File(tmp.getRoot(), "model.zip");
		final File checkpoint = TrainingFiles.checkpointFile(model);
		final List<String> command = new ArrayList<>(Arrays.asList(JAVA, "-Xmx1g", "-Djava.awt.headless=true", "-cp",
			System.getProperty("java.class.path"), "org.unet3d.cli.Main", "train", pair[0], pair[1], "model=" + model,
			"epochs=50", "stepsPerEpoch=60", "seed=1"));
		command.addAll(Arrays.asList("filters=4", "depth=2", "patch=16,16,16", "batch=1", "validation=0"));
		final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		final StringBuilder log = new StringBuilder();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line; (line = r.readLine()) != null;) {
				log.append(line).append('\n');
				if (line.contains("Epoch 2/50, batch") && checkpoint.isFile()) break; // epoch 1 saved, epoch 2 running
			}
			p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
			assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		}
		finally {
			p.destroyForcibly();
		}
		assertTrue(log.toString(), checkpoint.isFile() && model.isFile());
		final SegmentationModel saved = ModelFile.read(checkpoint, true);
		ModelFile.read(model, false);
		final int epochs = saved.metadata().training().epochs();
		assertTrue(log.toString(), epochs >= 1);
		final Fixtures.Run resumed = cli("train", pair[0], pair[1], "model=" + model, "resume=" + checkpoint, "epochs=" +
			(epochs + 1));
		assertEquals(resumed.toString(), 0, resumed.status);
		assertEquals(epochs + 1, ModelFile.readMetadata(model).training().epochs());
	}

	@Test(timeout = 120_000)
	public void killDuringSaveLeavesTheOldModelIntact() throws Exception {
		final File model = new File(Fixtures.model(tmp.getRoot(), "model.zip", 1));
		final File other = new File(Fixtures.model(tmp.getRoot(), "other.zip", 2));
		final byte[] before = Files.readAllBytes(model.toPath());
		final Process p = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"), SlowSave.class
			.getName(), model.getPath(), other.getPath()).redirectErrorStream(true).start();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			final String line = r.readLine();
			assertEquals("HALF", line);
			final File[] partial = tmp.getRoot().listFiles((d, n) -> n.startsWith(".model.zip.") && n.endsWith(".part"));
			assertEquals(1, partial.length);
			assertTrue(partial[0].length() > 0);
			p.destroyForcibly();
			assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		}
		finally {
			p.destroyForcibly();
		}
		assertArrayEquals(before, Files.readAllBytes(model.toPath()));
		assertEquals(1, ModelFile.read(model, false).config().inputChannels());
	}

	@Test
	public void divergedLossStopsAndKeepsTheLastGoodFiles() throws IOException {
		final String[] pair = trainingPair();
		final File good = new File(tmp.getRoot(), "good.zip");
		final String[] tiny = { "filters=4", "depth=2", "patch=16,16,16", "batch=1", "validation=0", "stepsPerEpoch=2",
			"batchNorm=false" };
		assertEquals(0, cli(Fixtures.join(new String[] { "train", pair[0], pair[1], "model=" + good, "epochs=1" }, tiny))
			.status);
		final byte[] goodModel = Files.readAllBytes(good.toPath());
		final byte[] goodCheckpoint = Files.readAllBytes(TrainingFiles.checkpointFile(good).toPath());
		// a model whose weights are no longer numbers: the loss is NaN from the first step on
		final SegmentationModel broken = ModelFile.read(good, false);
		broken.graph().params().assign(Float.NaN);
		final File nan = new File(tmp.getRoot(), "nan.zip");
		ModelFile.write(broken, nan);
		final Fixtures.Run r = cli(Fixtures.join(new String[] { "train", pair[0], pair[1], "model=" + good, "finetune=" +
			nan, "overwrite=true", "epochs=2" }, tiny));
		assertEquals(r.toString(), 2, r.status);
		assertTrue(r.err, r.err.contains("Training diverged (loss is NaN) at epoch 1, step 1"));
		assertTrue(r.err, r.err.contains("files from earlier runs are unchanged") && r.err.contains("learningRate="));
		assertArrayEquals(goodModel, Files.readAllBytes(good.toPath()));
		assertArrayEquals(goodCheckpoint, Files.readAllBytes(TrainingFiles.checkpointFile(good).toPath()));
		ModelFile.read(TrainingFiles.checkpointFile(good), true);
	}

	@Test
	public void fullDiskLeavesNoHalfWrittenFile() throws IOException {
		final File existing = new File(tmp.getRoot(), "labels.tif");
		Files.write(existing.toPath(), "the old result".getBytes(StandardCharsets.UTF_8));
		final File fresh = new File(tmp.getRoot(), "new-labels.tif");
		for (final File target : new File[] { existing, fresh }) {
			try {
				AtomicFiles.write(target, out -> {
					out.write(new byte[300_000]);
					throw new IOException("No space left on device");
				});
				fail("no error");
			}
			catch (final IOException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("Could not write " + target.getAbsolutePath() +
					": the disk is full. Free some space or choose a folder on another disk. Nothing was changed"));
			}
		}
		assertEquals("the old result", new String(Files.readAllBytes(existing.toPath()), StandardCharsets.UTF_8));
		assertFalse(fresh.exists());
		assertEquals(Arrays.asList("labels.tif"), Arrays.asList(tmp.getRoot().list()));
	}

	@Test
	public void outOfMemoryInTheNetworkNamesASmallerTile() {
		final Volume<?> image = TestVolumes.balls(40, 40, 40, 6, 1).image();
		for (final RuntimeException thrown : new RuntimeException[] { new RuntimeException(
			"Physical memory usage is too high: physicalBytes (15G) > maxPhysicalBytes (14G)"), new RuntimeException(
				"op failed", new OutOfMemoryError("Cannot allocate new FloatPointer(8388608): totalBytes = 7G")) })
		{
			final TiledPredictor p = TiledPredictor.of(failingModel(thrown)).tile(new int[] { 32, 32, 32 }).batch(2)
				.build();
			try {
				p.segment(image, Progress.NONE);
				fail("no error");
			}
			catch (final NotEnoughMemoryException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("Segmentation ran out of memory with tile 32,32,32 " +
					"and batch 2"));
				assertTrue(e.getMessage(), e.getMessage().contains("Try tile=16,16,16 (half the current) and batch=1"));
			}
		}
	}

	/** A network that fails as ND4J does when an allocation fails (in the graph, or preparing the inference network). */
	private static SegmentationModel failingModel(final RuntimeException failure) {
		final UNet3DConfig c = UNet3DConfig.builder().inputChannels(1).classes(2).depth(2).baseFilters(4).build();
		final int[] patch = { 16, 16, 16 };
		final ComputationGraph g = new ComputationGraph(UNet3DBuilder.of(c).configuration(patch)) {

			private static final long serialVersionUID = 1L;

			@Override
			public INDArray outputSingle(final boolean train, final INDArray... input) {
				throw failure;
			}

			/** Where segmentation prepares its inference network from the graph's layers. */
			@Override
			public org.deeplearning4j.nn.api.Layer getLayer(final String name) {
				throw failure;
			}
		};
		g.init();
		return new SegmentationModel(g, ModelMetadata.builder().network(c).patchSize(patch).build());
	}
}
