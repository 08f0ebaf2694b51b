package org.unet3d.training;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The files beside a model: their names, which exist, and what a failed run says it leaves behind. */
public class TrainingFilesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void filesBesideTheModel() throws Exception {
		final File model = new File(tmp.getRoot(), "nuclei.zip");
		assertEquals(new File(tmp.getRoot(), "nuclei-checkpoint.zip"), TrainingFiles.checkpointFile(model));
		assertEquals(new File(tmp.getRoot(), "nuclei-log.csv"), TrainingFiles.logFile(model));
		assertEquals(new File(tmp.getRoot(), "nuclei-curve.png"), TrainingFiles.curveFile(model));
		assertEquals("no .zip: the whole name", new File(tmp.getRoot(), "m.model-log.csv"), TrainingFiles.logFile(new File(
			tmp.getRoot(), "m.model")));
		assertTrue(TrainingFiles.existing(model).isEmpty());
		final TrainingFiles files = new TrainingFiles(model, new String[] { "background", "nucleus" });
		assertTrue(files.kept(1), files.kept(1).contains("nothing was saved; files from earlier runs are unchanged"));
		final List<EpochRecord> history = Arrays.asList(new EpochRecord(1, 3, 1.5, 1e-3, 0.5, null, -0.5, true),
			new EpochRecord(2, 6, 3.0, 1e-3, 0.4, null, -0.4, true));
		files.saveHistory(history);
		assertEquals(Arrays.asList(TrainingFiles.logFile(model), TrainingFiles.curveFile(model)), TrainingFiles.existing(
			model));
		assertEquals(3, Files.readAllLines(TrainingFiles.logFile(model).toPath(), StandardCharsets.UTF_8).size());
		assertEquals("The checkpoint saved after epoch 2 and the best model so far are kept (nuclei-checkpoint.zip, " +
			"nuclei.zip; resume=nuclei-checkpoint.zip goes on from the checkpoint).", files.kept(3));
		// a run kept in memory writes nothing
		final File other = new File(tmp.getRoot(), "other.zip");
		final TrainingFiles none = new TrainingFiles(null, new String[] { "a", "b" });
		none.saveHistory(history);
		none.saveModel(() -> {
			throw new AssertionError("no model is made when there is no file");
		});
		assertEquals("Nothing was saved (no model file).", none.kept(2));
		assertFalse(TrainingFiles.logFile(other).exists());
		assertEquals(Collections.emptyList(), TrainingFiles.existing(other));
	}
}
