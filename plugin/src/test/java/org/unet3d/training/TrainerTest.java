package org.unet3d.training;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.gson.JsonObject;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImg;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.StackSource;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;
import org.unet3d.inference.TiledPredictor;
import org.unet3d.io.ModelFile;
import org.unet3d.model.SegmentationModel;
import org.unet3d.model.TrainingSummary;
import org.unet3d.progress.Progress;
import org.unet3d.testutil.TestVolumes;

/**
 * Training learns; resume continues from the saved epoch and reaches the same weights as an
 * uninterrupted run; cancel keeps a loadable best model; the time budget is respected; the same
 * seed gives the same weights; stacks are streamed under a memory budget; validation scores are
 * logged; fine-tuning can replace the output layer; channel counts are enforced; stray label
 * values are explained.
 */
public class TrainerTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** A tiny, quick configuration: depth 1, 4 filters, 16^3 patches, 3 steps per epoch. */
	private static TrainingConfig.Builder tiny() {
		return TrainingConfig.builder().depth(1).baseFilters(4).patchSize(new int[] { 16, 16, 16 }).batchSize(2)
			.stepsPerEpoch(3).epochs(3).seed(5);
	}

	@Test
	public void tinyNetLearnsBalls() throws Exception {
		final LabeledVolume train = TestVolumes.balls(32, 32, 32, 12, 1);
		final TrainingConfig config = TrainingConfig.builder().depth(2).baseFilters(4).patchSize(new int[] { 16, 16,
			16 }).batchSize(2).epochs(12).stepsPerEpoch(25).seed(3).validationFraction(0.25).build();
		final Recording run = new Recording();
		final SegmentationModel model = new Trainer(config).train(Collections.singletonList(train), null,
			Progress.NONE, run);
		final List<EpochRecord> seen = run.epochs;
		final LabeledVolume test = TestVolumes.balls(40, 36, 28, 14, 2);
		final PlanarImg<?, ?> labels = TiledPredictor.of(model).build().segment(test.image(), Progress.NONE);
		final double dice = dice(labels, test);
		assertTrue("Dice " + dice, dice > 0.8);
		assertEquals(2, model.config().classes());
		// validation on the held-out last quarter of the slices, every epoch
		assertEquals(12, seen.size());
		assertTrue(seen.get(11).validated());
		double bestDice = 0;
		for (final EpochRecord r : seen)
			if (r.best()) bestDice = r.dice(1);
		assertTrue("validation Dice of the balls " + bestDice, bestDice > 0.7);
		assertTrue(seen.get(11).trainingLoss() < seen.get(0).trainingLoss());
	}

	public static double dice(final PlanarImg<?, ?> pred, final LabeledVolume truth) {
		final net.imglib2.Cursor<?> c = pred.localizingCursor();
		final net.imglib2.RandomAccess<?> t = truth.labels().randomAccess();
		long tp = 0, fp = 0, fn = 0;
		while (c.hasNext()) {
			final int p = (int) ((net.imglib2.type.numeric.RealType<?>) c.next()).getRealDouble();
			t.setPosition(c);
			final int g = (int) ((net.imglib2.type.numeric.RealType<?>) t.get()).getRealDouble();
			if (p == 1 && g == 1) tp++;
			else if (p == 1) fp++;
			else if (g == 1) fn++;
		}
		return 2.0 * tp / (2.0 * tp + fp + fn);
	}

	private static float[] params(final SegmentationModel m) {
		return m.graph().params().dup().data().asFloat();
	}

	@Test
	public void resumeContinuesFromTheSavedEpochAndMatchesAnUninterruptedRun() throws Exception {
		final List<LabeledVolume> data = Collections.singletonList(TestVolumes.balls(24, 24, 20, 6, 7));
		final File full = new File(tmp.getRoot(), "full.zip");
		new Trainer(tiny().build()).train(data, full, Progress.NONE, TrainingMonitor.NONE);
		// the same plan of 3 epochs, interrupted (canceled) once epoch 2 is done
		final File part = new File(tmp.getRoot(), "part.zip");
		final boolean[] interrupted = new boolean[1];
		final Progress interruptible = new Progress() {

			@Override
			public void status(final String message) {}

			@Override
			public void progress(final long done, final long total) {}

			@Override
			public boolean isCanceled() {
				return interrupted[0];
			}
		};
		new Trainer(tiny().build()).train(data, part, interruptible, new TrainingMonitor() {

			@Override
			public void epochDone(final EpochRecord record, final List<EpochRecord> history) {
				interrupted[0] = record.epoch() == 2;
			}
		});
		final SegmentationModel checkpoint = ModelFile.read(TrainingFiles.checkpointFile(part), true);
		assertEquals(2, checkpoint.metadata().training().epochs());

		final List<Integer> epochs = new ArrayList<>();
		final File resumed = new File(tmp.getRoot(), "resumed.zip");
		new Trainer(tiny().epochs(3).build()).resume(checkpoint, TrainingSet.ofVolumes(data), resumed, Progress.NONE,
			new TrainingMonitor() {

				@Override
				public void epochDone(final EpochRecord record, final List<EpochRecord> history) {
					epochs.add(record.epoch());
					assertEquals("history carried over", record.epoch(), history.size());
				}
			});
		assertEquals("only the missing epoch is trained", Collections.singletonList(3), epochs);
		final SegmentationModel a = ModelFile.read(TrainingFiles.checkpointFile(full), false);
		final SegmentationModel b = ModelFile.read(TrainingFiles.checkpointFile(resumed), false);
		assertEquals(3, b.metadata().training().epochs());
		assertEquals(a.metadata().training().steps(), b.metadata().training().steps());
		assertArrayEquals("resumed weights equal the uninterrupted run's", params(a), params(b), 1e-5f);
		// the CSV log holds all three epochs
		final List<String> csv = Files.readAllLines(TrainingFiles.logFile(resumed).toPath(), StandardCharsets.UTF_8);
		assertEquals(4, csv.size());
		assertTrue(csv.get(0).startsWith("epoch,seconds,steps,learning_rate,training_loss,score,best,dice_background"));
		assertTrue(TrainingFiles.curveFile(resumed).length() > 1000);
	}

	@Test
	public void learningRateFollowsTheSchedule() throws Exception {
		final List<LabeledVolume> data = Collections.singletonList(TestVolumes.balls(24, 24, 20, 6, 7));
		final List<Double> cosine = new ArrayList<>();
		new Trainer(tiny().epochs(4).learningRate(2e-3).build()).train(data, null, Progress.NONE, rates(cosine));
		// the rate of each epoch's last step: 3 of 12 steps done before it, 6, 9, then 11
		for (int e = 0; e < 4; e++)
			assertEquals("epoch " + (e + 1), LearningRateSchedule.cosine(2e-3, (3 * e + 2) / 12.0), cosine.get(e), 1e-9);
		assertTrue(cosine.get(3) < 0.05 * 2e-3);
		// the plateau schedule keeps the rate until validation stops improving (not within 4 epochs of patience 5)
		final List<Double> plateau = new ArrayList<>();
		new Trainer(tiny().epochs(4).learningRate(2e-3).schedule(LearningRateSchedule.PLATEAU).build()).train(data, null,
			Progress.NONE, rates(plateau));
		assertEquals(Arrays.asList(2e-3, 2e-3, 2e-3, 2e-3), plateau);
	}

	@Test
	public void onlyThePlateauScheduleStopsEarly() throws Exception {
		final List<LabeledVolume> data = Collections.singletonList(TestVolumes.balls(24, 24, 20, 6, 7));
		// a rate too small to learn anything: validation never gets better for long
		final TrainingConfig.Builder still = tiny().epochs(6).learningRate(1e-9).patience(1);
		final Recording plateau = new Recording();
		new Trainer(still.schedule(LearningRateSchedule.PLATEAU).build()).train(data, null, Progress.NONE, plateau);
		assertTrue("plateau, patience 1: stopped after " + plateau.epochs.size() + " epochs", plateau.epochs
			.size() < 6);
		assertTrue(plateau.reason, plateau.reason.contains("stopped early"));
		assertEquals(StopReason.NO_IMPROVEMENT, plateau.stop);
		// the cosine schedule plans the whole run: it spends all epochs whatever the patience
		final Recording cosine = new Recording();
		new Trainer(still.schedule(LearningRateSchedule.COSINE).build()).train(data, null, Progress.NONE, cosine);
		assertEquals(6, cosine.epochs.size());
		assertFalse(still.schedule(LearningRateSchedule.COSINE).build().schedule().stopsEarly());
		assertFalse(still.schedule(LearningRateSchedule.PLATEAU).patience(0).build().schedule().stopsEarly());
	}

	/** Keeps what a run reports: the record of every epoch and why it finished. */
	private static final class Recording implements TrainingMonitor {

		final List<EpochRecord> epochs = new ArrayList<>();
		String reason;
		StopReason stop;

		@Override
		public void epochDone(final EpochRecord record, final List<EpochRecord> history) {
			epochs.add(record);
		}

		@Override
		public void finished(final StopReason why, final String message) {
			reason = message;
			stop = why;
		}
	}

	private static TrainingMonitor rates(final List<Double> into) {
		return new TrainingMonitor() {

			@Override
			public void epochDone(final EpochRecord record, final List<EpochRecord> history) {
				into.add(record.learningRate());
			}
		};
	}

	/** A checkpoint written before the trainer's split (its settings and state as then) goes on for the missing epoch. */
	@Test
	public void aModelFileFromBeforeTheSplitResumes() throws Exception {
		final SegmentationModel legacy = ModelFile.read(new File(TrainerTest.class.getClassLoader().getResource(
			"legacy/model-10a7872.zip").getFile()), true);
		assertEquals(2, legacy.metadata().training().epochs());
		final Recording run = new Recording();
		final SegmentationModel m = new Trainer(tiny().epochs(3).build()).resume(legacy, TrainingSet.ofVolumes(Collections
			.singletonList(TestVolumes.balls(64, 64, 32, 8, 2))), null, Progress.NONE, run);
		assertEquals(1, run.epochs.size());
		assertEquals(3, run.epochs.get(0).epoch());
		assertEquals("the saved steps per epoch: 4", 12, run.epochs.get(0).steps());
		assertEquals("finished 3 epochs", m.metadata().training().stopped());
		assertEquals(3, m.metadata().training().epochs());
		assertArrayEquals("the saved patch size", new int[] { 32, 64, 64 }, m.metadata().patchSize());
	}

	@Test
	public void resumeNeedsASavedState() throws Exception {
		final SegmentationModel plain = new Trainer(tiny().epochs(1).build()).train(Collections.singletonList(TestVolumes
			.balls(20, 20, 16, 4, 1)), null, Progress.NONE, TrainingMonitor.NONE);
		final JsonObject t = plain.metadata().training().toJson();
		t.remove("state");
		final SegmentationModel stateless = plain.withMetadata(plain.metadata().toBuilder().training(TrainingSummary
			.fromJson(t)).build());
		try {
			new Trainer(tiny().build()).resume(stateless, TrainingSet.ofVolumes(Collections.singletonList(TestVolumes.balls(
				20, 20, 16, 4, 1))), null, Progress.NONE, TrainingMonitor.NONE);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("fine-tune"));
		}
	}

	@Test
	public void cancelStopsAfterTheCurrentStepAndKeepsALoadableBestModel() throws Exception {
		final AtomicInteger polls = new AtomicInteger();
		final Progress cancelAfter8Steps = new Progress() {

			@Override
			public void status(final String message) {}

			@Override
			public void progress(final long done, final long total) {}

			@Override
			public boolean isCanceled() {
				return polls.incrementAndGet() > 8;
			}
		};
		final File model = new File(tmp.getRoot(), "canceled.zip");
		final Recording run = new Recording();
		new Trainer(tiny().epochs(50).build()).train(Collections.singletonList(TestVolumes.balls(24, 24, 20, 6, 3)), model,
			cancelAfter8Steps, run);
		final List<EpochRecord> records = run.epochs;
		assertEquals("canceled", run.reason);
		assertEquals(StopReason.CANCELED, run.stop);
		// 8 steps: epochs 1 and 2 complete (3 steps each), epoch 3 partial (2 steps)
		assertEquals(3, records.size());
		final SegmentationModel saved = ModelFile.read(model, false);
		assertEquals("canceled", saved.metadata().training().stopped());
		int best = 0;
		for (final EpochRecord r : records)
			if (r.best()) best = r.epoch();
		assertEquals(best, saved.metadata().training().bestEpoch());
		assertEquals(8, ModelFile.read(TrainingFiles.checkpointFile(model), false).metadata().training().steps());
	}

	@Test
	public void timeBudgetIsRespected() throws Exception {
		final double minutes = 0.1; // 6 s
		final Recording run = new Recording();
		final long t0 = System.nanoTime();
		final SegmentationModel m = new Trainer(tiny().epochs(100000).minutes(minutes).build()).train(Collections
			.singletonList(TestVolumes.balls(24, 24, 20, 6, 3)), new File(tmp.getRoot(), "timed.zip"), Progress.NONE,
			run);
		final double seconds = (System.nanoTime() - t0) / 1e9;
		assertTrue(run.reason, run.reason.contains("time budget"));
		final long steps = m.metadata().training().steps();
		final double perStep = m.metadata().training().seconds() / steps;
		assertTrue(steps > 0);
		// setup (reading, percentiles, network) and the last save come on top of the budget
		assertTrue("took " + seconds + " s for a budget of 6 s (" + perStep + " s per step)", seconds < 6 + 5 + 3 *
			perStep);
	}

	/**
	 * A time budget given without epochs is the limit: quick epochs (one step, no validation) go on
	 * past the 30 epochs a run without a budget would train, until the budget is spent, which is
	 * what the monitor, the log and the model file say ended the run.
	 */
	@Test
	public void aTimeBudgetAloneTrainsUntilItIsSpent() throws Exception {
		final List<String> messages = new ArrayList<>();
		final Progress progress = new Progress() {

			@Override
			public void status(final String message) {
				messages.add(message);
			}

			@Override
			public void progress(final long done, final long total) {}

			@Override
			public boolean isCanceled() {
				return false;
			}
		};
		final Recording run = new Recording();
		final TrainingConfig config = tiny().epochs(0).minutes(0.2).stepsPerEpoch(1).batchSize(1).validationFraction(0)
			.build();
		final SegmentationModel m = new Trainer(config).train(Collections.singletonList(TestVolumes.balls(20, 20, 16, 4,
			3)), null, progress, run);
		// the time budget ended it, not the default 30 epochs (where it used to stop, with the reason EPOCHS, after
		// 30 epochs where they fit in the budget); how many epochs fit depends on the machine's load
		assertTrue("trained " + run.epochs.size() + " epochs", run.epochs.size() > 1);
		assertEquals(StopReason.TIME_BUDGET, run.stop);
		assertEquals("stopped: time budget of 0.2 minutes reached", run.reason);
		assertEquals(run.reason, m.metadata().training().stopped());
		assertEquals(run.epochs.size(), m.metadata().training().epochs());
		assertTrue(String.join("\n", messages), messages.get(messages.size() - 1).startsWith("Training ended: " + run
			.epochs.size() + " epochs") && messages.get(messages.size() - 1).contains(run.reason));
		assertTrue(String.join("\n", messages), messages.stream().anyMatch(s -> s.endsWith("until the time budget of " +
			"0.2 minutes is spent")));
		// epochs and minutes both given: the epochs end this one first
		final Recording both = new Recording();
		new Trainer(config.toBuilder().epochs(2).minutes(10).build()).train(Collections.singletonList(TestVolumes.balls(
			20, 20, 16, 4, 3)), null, Progress.NONE, both);
		assertEquals(2, both.epochs.size());
		assertEquals(StopReason.EPOCHS_DONE, both.stop);
		assertEquals("finished 2 epochs", both.reason);
	}

	@Test
	public void sameSeedGivesTheSameWeights() throws Exception {
		final List<LabeledVolume> data = Collections.singletonList(TestVolumes.balls(24, 24, 20, 6, 9));
		final float[] a = params(new Trainer(tiny().epochs(2).build()).train(data, null, Progress.NONE,
			TrainingMonitor.NONE));
		final float[] b = params(new Trainer(tiny().epochs(2).build()).train(data, null, Progress.NONE,
			TrainingMonitor.NONE));
		final float[] c = params(new Trainer(tiny().epochs(2).seed(6).build()).train(data, null, Progress.NONE,
			TrainingMonitor.NONE));
		assertArrayEquals(a, b, 0f);
		assertFalse(Arrays.equals(a, c));
	}

	/** A stack source that counts how often it is read. */
	private static StackSource counting(final LabeledVolume v, final AtomicInteger reads) {
		return new StackSource() {

			@Override
			public String name() {
				return v.name();
			}

			@Override
			public LabeledVolume open() {
				reads.incrementAndGet();
				return v;
			}
		};
	}

	@Test
	public void stacksAreStreamedUnderAMemoryBudget() throws Exception {
		// three 64x64x48 float stacks (~1 MB each with labels) with a 2 MB budget: they are read again as needed
		final AtomicInteger reads = new AtomicInteger();
		final List<StackSource> sources = new ArrayList<>();
		for (int i = 0; i < 3; i++)
			sources.add(counting(TestVolumes.balls(64, 64, 48, 20, 10 + i), reads));
		final Recording run = new Recording();
		final SegmentationModel m = new Trainer(tiny().epochs(2).stepsPerEpoch(6).cacheMegabytes(2).build()).train(
			TrainingSet.of(sources), null, Progress.NONE, run);
		final List<EpochRecord> records = run.epochs;
		assertTrue("stacks were reopened: " + reads.get(), reads.get() > 3);
		assertEquals(2, records.size());
		assertTrue(records.get(1).validated());
		assertEquals(3, m.metadata().training().stacks().size());
	}

	@Test
	public void separateValidationStackAndZeroValidation() throws Exception {
		final List<LabeledVolume> data = Collections.singletonList(TestVolumes.balls(24, 24, 20, 6, 3));
		final Recording m = new Recording();
		final List<EpochRecord> records = m.epochs;
		new Trainer(tiny().epochs(1).build()).train(TrainingSet.ofVolumes(data).withValidation(Collections
			.singletonList(StackSource.of(TestVolumes.balls(20, 20, 12, 4, 4)))), null, Progress.NONE, m);
		assertTrue(records.get(0).validated());
		new Trainer(tiny().epochs(1).validationFraction(0).build()).train(data, null, Progress.NONE, m);
		assertFalse(records.get(1).validated());
		assertTrue("without validation every epoch is kept", records.get(1).best());
	}

	@Test
	public void fineTuneWithMoreClassesGetsANewOutputLayer() throws Exception {
		final SegmentationModel two = new Trainer(tiny().epochs(1).build()).train(Collections.singletonList(TestVolumes
			.balls(24, 24, 20, 6, 3)), null, Progress.NONE, TrainingMonitor.NONE);
		// three classes: background, balls, and the balls' top half as a third class
		final TestVolumes.Balls b = TestVolumes.ballArrays(24, 24, 20, 6, 4);
		for (int i = 0; i < b.labels.length; i++)
			if (b.labels[i] == 1 && (i / (24 * 24)) % 2 == 0) b.labels[i] = 2;
		final SegmentationModel three = new Trainer(tiny().epochs(1).build()).fineTune(two, TrainingSet.ofVolumes(
			Collections.singletonList(b.volume())), null, Progress.NONE, TrainingMonitor.NONE);
		assertEquals(3, three.config().classes());
		assertEquals(two.config().baseFilters(), three.config().baseFilters());
		// the encoder starts from the old weights: after one epoch it is still close to them, not re-initialized
		final float[] before = two.graph().getLayer("enc0_a").params().dup().data().asFloat();
		final float[] after = three.graph().getLayer("enc0_a").params().dup().data().asFloat();
		double diff = 0;
		double norm = 0;
		for (int i = 0; i < before.length; i++) {
			diff += Math.abs(before[i] - after[i]);
			norm += Math.abs(before[i]);
		}
		assertTrue("encoder moved " + diff + " of " + norm, diff < 0.5 * norm);
	}

	@Test
	public void multiChannelTrainingAndChannelCountsEnforced() throws Exception {
		final TestVolumes.Balls b = TestVolumes.ballArrays(24, 24, 20, 6, 8);
		final float[] two = new float[2 * b.image.length];
		System.arraycopy(b.image, 0, two, 0, b.image.length);
		for (int i = 0; i < b.image.length; i++)
			two[b.image.length + i] = -b.image[i];
		final LabeledVolume v = new LabeledVolume("two channels", Volume.of(ArrayImgs.floats(two, 24, 24, 20, 2),
			VoxelSize.UNCALIBRATED), ArrayImgs.unsignedBytes(b.labels, 24, 24, 20));
		final SegmentationModel m = new Trainer(tiny().epochs(1).build()).train(Collections.singletonList(v), null,
			Progress.NONE, TrainingMonitor.NONE);
		assertEquals(2, m.config().inputChannels());
		assertEquals(2, m.metadata().trainingStats().channels());
		try {
			new Trainer(tiny().epochs(1).build()).fineTune(m, TrainingSet.ofVolumes(Collections.singletonList(TestVolumes
				.balls(24, 24, 20, 6, 3))), null, Progress.NONE, TrainingMonitor.NONE);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("2-channel"));
		}
		try {
			new Trainer(tiny().build()).train(Arrays.asList(v, TestVolumes.balls(24, 24, 20, 6, 3)), null, Progress.NONE,
				TrainingMonitor.NONE);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("same number of channels"));
		}
	}

	/**
	 * Every 5th slice labeled (the rest 255 = unlabeled): validation holds out rows of every slice
	 * instead of whole slices, so no annotated slice is lost to training, and it scores only the
	 * annotated voxels of those rows.
	 */
	@Test
	public void sparseLabelsHoldOutRowsOfEverySlice() throws Exception {
		final TestVolumes.Balls b = TestVolumes.ballArrays(24, 40, 20, 8, 3);
		for (int z = 0; z < 20; z++)
			if (z % 5 != 0) java.util.Arrays.fill(b.labels, z * 24 * 40, (z + 1) * 24 * 40, (byte) 255);
		final LabeledVolume v = b.volume();
		final List<long[]> perSlice = ValidationSplit.classCounts(v, 0, 255);
		assertTrue(ValidationSplit.hasUnlabeled(perSlice));
		final List<long[]> perRow = ValidationSplit.classCounts(v, 1, 255);
		assertEquals(40, perRow.size());
		long labeled = 0;
		for (final long[] c : perRow)
			for (final long n : c)
				labeled += n;
		assertEquals("4 labeled slices of 24 x 40", 4 * 24 * 40, labeled);
		assertFalse(ValidationSplit.hasUnlabeled(ValidationSplit.classCounts(TestVolumes.balls(24, 40, 20, 8, 3), 0, 255)));
		final List<String> messages = new ArrayList<>();
		final Progress progress = new Progress() {

			@Override
			public void status(final String message) {
				messages.add(message);
			}

			@Override
			public void progress(final long done, final long total) {}

			@Override
			public boolean isCanceled() {
				return false;
			}
		};
		final Recording run = new Recording();
		new Trainer(tiny().epochs(1).ignoreLabel(255).validationFraction(0.25).build()).train(TrainingSet.ofVolumes(
			Collections.singletonList(v)), null, progress, run);
		final List<EpochRecord> records = run.epochs;
		assertTrue(String.join("\n", messages), messages.stream().anyMatch(m -> m.contains(
			"25 % of the rows (y) of every slice")));
		assertTrue("validated on the held-out rows", records.get(0).validated());
		assertTrue(!Double.isNaN(records.get(0).dice(0)));
	}

	/** Slices 4 times thicker than pixels are wide: the new network convolves in the plane at level 0. */
	@Test
	public void kernelsFollowTheVoxelSizeUnlessCubicIsAsked() throws Exception {
		final TestVolumes.Balls b = TestVolumes.ballArrays(24, 24, 16, 6, 3);
		final LabeledVolume thick = new LabeledVolume("thick", Volume.of(ArrayImgs.floats(b.image, 24, 24, 16),
			new VoxelSize(1, 1, 4, "micron")), ArrayImgs.unsignedBytes(b.labels, 24, 24, 16));
		final SegmentationModel auto = new Trainer(tiny().epochs(1).stepsPerEpoch(1).patchSize(new int[] { 8, 16, 16 })
			.build()).train(Collections.singletonList(thick), null, Progress.NONE, TrainingMonitor.NONE);
		assertArrayEquals(new int[] { 1, 3, 3 }, auto.config().kernel(0));
		assertArrayEquals("the bottom, after 1x2x2 pooling: 2x", new int[] { 3, 3, 3 }, auto.config().kernel(1));
		final SegmentationModel cubic = new Trainer(tiny().epochs(1).stepsPerEpoch(1).patchSize(new int[] { 8, 16, 16 })
			.kernels("cubic").build()).train(Collections.singletonList(thick), null, Progress.NONE, TrainingMonitor.NONE);
		assertArrayEquals(new int[] { 3, 3, 3 }, cubic.config().kernel(0));
	}

	/** A y-range part reads exactly its rows, and validation maps it back into the whole stack. */
	@Test
	public void rowPartsAreViewsOfTheirRows() throws Exception {
		final TestVolumes.Balls b = TestVolumes.ballArrays(24, 40, 20, 8, 3);
		final LoadedStacks stacks = new LoadedStacks(Collections.singletonList(StackSource.of(b.volume())),
			org.unet3d.data.Preprocessing.of(new org.unet3d.data.PercentileNormalization(1, 99.8),
			org.unet3d.data.Clahe.OFF), 1L << 30);
		final int p = stacks.addPart(0, 1, 30, 40);
		final LoadedStacks.Part part = stacks.part(p, Progress.NONE);
		assertArrayEquals(new long[] { 20, 10, 24 }, part.volume.shapeZYX());
		assertEquals(30, part.y0);
		assertEquals(0, part.z0);
		final int[] got = new int[24 * 10 * 20];
		part.labels.readInt(new long[] { 0, 0, 0 }, new int[] { 24, 10, 20 }, got);
		for (int z = 0; z < 20; z++)
			for (int y = 0; y < 10; y++)
				for (int x = 0; x < 24; x++)
					assertEquals(b.labels[x + 24 * (y + 30 + 40 * z)], got[x + 24 * (y + 10 * z)]);
	}

	@Test
	public void defaultPatchFollowsTheLargestPartLeftBesideTheHeldOutSlices() throws Exception {
		// balls only in slices 2..3: the held-out slab sits there, leaving parts of 2 and 16 slices
		final TestVolumes.Balls b = TestVolumes.ballArrays(24, 24, 20, 6, 3);
		for (int z = 0; z < 20; z++)
			if (z < 2 || z > 3) java.util.Arrays.fill(b.labels, z * 24 * 24, (z + 1) * 24 * 24, (byte) 0);
		for (int i = 2 * 24 * 24; i < 2 * 24 * 24 + 40; i++)
			b.labels[i] = 1;
		final SegmentationModel m = new Trainer(tiny().patchSize(null).epochs(1).stepsPerEpoch(1).validationFraction(
			0.1).build()).train(Collections.singletonList(b.volume()), null, Progress.NONE, TrainingMonitor.NONE);
		assertTrue("patch " + java.util.Arrays.toString(m.metadata().patchSize()) + " as thin as the 2-slice part",
			m.metadata().patchSize()[0] >= 8);
	}

	@Test
	public void claheSettingIsStoredInTheModel() throws Exception {
		final SegmentationModel m = new Trainer(tiny().epochs(1).clahe(org.unet3d.data.Clahe.volume(16, 0, 2))
			.validationFraction(0).build()).train(Collections.singletonList(new LabeledVolume("anisotropic", Volume.of(
				ArrayImgs.floats(TestVolumes.ballArrays(24, 24, 20, 6, 3).image, 24, 24, 20), new VoxelSize(1, 1, 4, "um")),
				ArrayImgs.unsignedBytes(TestVolumes.ballArrays(24, 24, 20, 6, 3).labels, 24, 24, 20))), null, Progress.NONE,
				TrainingMonitor.NONE);
		// the block depth in slices was fixed from the voxel size: 16 pixels / anisotropy 4
		assertEquals(org.unet3d.data.Clahe.volume(16, 4, 2), m.metadata().clahe());
		final SegmentationModel tuned = new Trainer(tiny().epochs(1).validationFraction(0).build()).fineTune(m,
			TrainingSet.ofVolumes(Collections.singletonList(TestVolumes.balls(24, 24, 20, 6, 4))), null, Progress.NONE,
			TrainingMonitor.NONE);
		assertEquals("fine-tuning keeps the model's CLAHE", m.metadata().clahe(), tuned.metadata().clahe());
	}

	@Test
	public void unknownLabelValueIsExplained() throws IOException {
		final TestVolumes.Balls b = TestVolumes.ballArrays(20, 20, 16, 4, 1);
		b.labels[100] = (byte) 255;
		try {
			new Trainer(tiny().build()).train(Collections.singletonList(b.volume()), null, Progress.NONE,
				TrainingMonitor.NONE);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("ignore=255"));
			assertTrue(e.getMessage(), e.getMessage().contains("never [2, 3, 4, 5, 6]..."));
		}
	}
}
