package org.unet3d.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.Test;
import org.unet3d.io.ModelFile;

/**
 * The training summary's JSON round trip, its lines for people, and a model file written before
 * the summary was typed: read field by field, and written back to the very same JSON.
 */
public class TrainingSummaryTest {

	private static final File LEGACY = new File(TrainingSummaryTest.class.getClassLoader().getResource(
		"legacy/model-10a7872.zip").getFile());

	@Test
	public void jsonRoundTrip() {
		final Map<String, Double> dice = new LinkedHashMap<>();
		dice.put("background", 0.98);
		dice.put("nucleus", 0.8312);
		final JsonObject config = JsonParser.parseString("{\"depth\": 3, \"minutes\": 15.0}").getAsJsonObject();
		final TrainingSummary s = TrainingSummary.builder().progress(41, 1025, 901.26).stopped(
			"stopped: time budget of 15 minutes reached").finalLoss(0.25).best(38, dice).stacks(Arrays.asList("a.tif",
				"b.tif")).resumeWith(config, JsonParser.parseString("{\"epochsDone\": 41}")).build();
		final TrainingSummary back = TrainingSummary.fromJson(JsonParser.parseString(s.toJson().toString())
			.getAsJsonObject());
		assertEquals(s, back);
		assertEquals(41, back.epochs());
		assertEquals(1025, back.steps());
		assertEquals("rounded to 0.1 s", 901.3, back.seconds(), 0);
		assertEquals(0.25, back.finalLoss(), 0);
		assertEquals(38, back.bestEpoch());
		assertEquals(dice, back.validationDice());
		assertEquals(Arrays.asList("a.tif", "b.tif"), back.stacks());
		assertEquals(config, back.config());
		assertTrue(back.canResume());
		assertEquals("41 epochs, 1025 steps, 15 min 1 s (stopped: time budget of 15 minutes reached)\n" +
			"Best epoch 38, validation Dice: background 0.980, nucleus 0.831\nTrained on: a.tif, b.tif", back.describe());
		// nothing known: nothing written, nothing said
		assertTrue(TrainingSummary.fromJson(new JsonObject()).isEmpty());
		assertEquals("{}", TrainingSummary.NONE.toJson().toString());
		assertEquals("", TrainingSummary.NONE.describe());
		// without validation there is no best epoch to show
		final TrainingSummary plain = TrainingSummary.builder().progress(3, 12, 4).stopped("finished 3 epochs")
			.finalLoss(0.5).build();
		assertFalse(plain.toJson().has("bestEpoch"));
		assertEquals("3 epochs, 12 steps, 4 s (finished 3 epochs)\nKept the last epoch (no validation)", plain
			.describe());
	}

	@Test
	public void aModelFileFromBeforeTheTypedSummaryReadsAndWritesTheSameJson() throws Exception {
		final TrainingSummary t = ModelFile.readMetadata(LEGACY).training();
		assertEquals(2, t.epochs());
		assertEquals(8, t.steps());
		assertEquals(10.2, t.seconds(), 0);
		assertEquals("finished 2 epochs", t.stopped());
		assertEquals(0.9986744795136462, t.finalLoss(), 0);
		assertEquals(2, t.bestEpoch());
		assertArrayEquals(new Object[] { "background", "class 1" }, t.validationDice().keySet().toArray());
		assertEquals(0.1148066858011143, t.validationDice().get("class 1"), 0);
		assertEquals(Arrays.asList("train-image.tif"), t.stacks());
		assertTrue(t.canResume());
		assertTrue(t.describe(), t.describe().startsWith("2 epochs, 8 steps, 10 s (finished 2 epochs)\nBest epoch 2, " +
			"validation Dice: background 0.789, class 1 0.115"));
		// the summary goes back into a model file unchanged (TrainingConfigTest reads its settings)
		assertEquals(storedTraining(), t.toJson());
	}

	/** The "training" object of the legacy file's unet3d.json, as stored. */
	private static JsonObject storedTraining() throws Exception {
		try (ZipFile z = new ZipFile(LEGACY)) {
			final ZipEntry e = z.getEntry("unet3d.json");
			try (InputStream in = z.getInputStream(e)) {
				final byte[] bytes = new byte[(int) e.getSize()];
				int n = 0;
				while (n < bytes.length)
					n += in.read(bytes, n, bytes.length - n);
				return JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject()
					.getAsJsonObject("training");
			}
		}
	}
}
