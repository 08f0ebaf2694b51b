package org.unet3d.reliability;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogService;
import org.unet3d.commands.CommandRunner;
import org.unet3d.commands.EvaluateCommand;
import org.unet3d.commands.MakePatchesCommand;
import org.unet3d.commands.SegmentCommand;
import org.unet3d.commands.TrainCommand;

/**
 * Row N2 of docs/errors.md: random shapes (1 pixel to 16, 1 slice, time series, two channels),
 * types (8-, 16-, 32-bit, some with a NaN or infinite voxel, RGB) and label values (negative,
 * fractional, huge, 255 without ignore, a single class) fed to train, segment, evaluate and
 * make-patches. Each run succeeds or
 * fails with a documented message ({@link DocumentedErrors}); no other exception may escape.
 */
public class FuzzTest {

	/** Runs per test; fixed seed, so a failure can be replayed. */
	static final int CASES = 150;
	static final long SEED = 20240607;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final Context context = new Context(CommandService.class, StatusService.class, LogService.class,
		ConvertService.class);

	@After
	public void dispose() {
		context.dispose();
	}

	private static final int[] SIZES = { 1, 2, 3, 5, 8, 13, 16 };
	private static final int[] DEPTHS = { 1, 2, 3, 5, 8, 16 };

	/** The kinds of label values. */
	private enum LabelValues {
		BINARY, THREE_CLASSES, NEGATIVE, FRACTIONAL, HUGE, MASK_255, ONE_CLASS
	}

	@Test
	public void randomInputsSucceedOrFailWithADocumentedMessage() throws IOException {
		final Random random = new Random(SEED);
		final String model = Fixtures.model(tmp.getRoot(), "model.zip", 1);
		final EnumSet<DocumentedErrors> seen = EnumSet.noneOf(DocumentedErrors.class);
		int succeeded = 0;
		for (int i = 0; i < CASES; i++) {
			final int w = pick(random, SIZES), h = pick(random, SIZES), d = pick(random, DEPTHS);
			final int channels = random.nextInt(4) == 0 ? 2 : 1;
			final int frames = random.nextInt(6) == 0 ? 2 : 1;
			final int type = pick(random, new int[] { 8, 16, 32, 24 });
			final ImagePlus image = image(random, w, h, channels, d, frames, type);
			final boolean sameShape = random.nextInt(5) > 0;
			final LabelValues values = LabelValues.values()[random.nextInt(LabelValues.values().length)];
			final ImagePlus labels = labels(random, sameShape ? w : pick(random, SIZES), h, sameShape ? d : pick(random,
				DEPTHS), values);
			final Map<String, ImagePlus> images = new HashMap<>();
			images.put("image", image);
			images.put("labels", labels);
			images.put("prediction", labels(random, w, h, d, LabelValues.values()[random.nextInt(3)]));
			final String what = String.format("case %d: %d x %d x %d, %d channel(s), %d frame(s), %d-bit; labels %s%s", i,
				w, h, d, channels, frames, type, values, sameShape ? "" : " of another shape");
			final int command = random.nextInt(20);
			final Map<String, String> keys = new LinkedHashMap<>();
			final Class<? extends Command> c;
			if (command < 8) {
				c = SegmentCommand.class;
				keys.put("image", "image");
				keys.put("model", model);
			}
			else if (command < 13) {
				c = EvaluateCommand.class;
				keys.put("prediction", "prediction");
				keys.put("truth", "labels");
			}
			else if (command < 17) {
				c = MakePatchesCommand.class;
				keys.put("image", "image");
				keys.put("labels", "labels");
				keys.put("patch", "4,8,8");
				keys.put("count", "2");
			}
			else {
				c = TrainCommand.class;
				keys.put("image", "image");
				keys.put("labels", "labels");
				keys.put("model", new File(tmp.getRoot(), "trained-" + i + ".zip").getPath());
				for (final String kv : new String[] { "filters=2", "depth=1", "patch=4,8,8", "epochs=1", "stepsPerEpoch=1",
					"batch=1", "validation=0" })
					keys.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
			}
			final String message;
			try {
				final CommandRunner.Result r = new CommandRunner(context).run(c, keys, (k, v) -> images.get(v));
				message = r.failed() ? r.error() : null;
			}
			catch (final IllegalArgumentException | IOException e) {
				documented(c, what, e.getMessage(), seen);
				continue;
			}
			catch (final RuntimeException | Error e) {
				final StringWriter trace = new StringWriter();
				e.printStackTrace(new PrintWriter(trace));
				fail(c.getSimpleName() + ", " + what + ": unexplained " + trace);
				return;
			}
			if (message == null) succeeded++;
			else documented(c, what, message, seen);
		}
		assertTrue("only " + succeeded + " runs succeeded", succeeded >= 5);
		assertTrue("only " + seen + " were met", seen.size() >= 6);
	}

	private static void documented(final Class<?> command, final String what, final String message,
		final EnumSet<DocumentedErrors> seen)
	{
		final DocumentedErrors row = DocumentedErrors.of(message);
		if (row == null) fail(command.getSimpleName() + ", " + what + ": undocumented message: " + message);
		seen.add(row);
	}

	private static int pick(final Random random, final int[] from) {
		return from[random.nextInt(from.length)];
	}

	private static ImagePlus image(final Random random, final int w, final int h, final int channels,
		final int slices, final int frames, final int type)
	{
		final ImageStack s = new ImageStack(w, h);
		for (int i = 0; i < channels * slices * frames; i++) {
			final ImageProcessor ip = type == 8 ? new ByteProcessor(w, h) : type == 16 ? new ShortProcessor(w, h)
				: type == 32 ? new FloatProcessor(w, h) : new ColorProcessor(w, h);
			for (int j = 0; j < w * h; j++)
				if (type == 32) ip.setf(j, (float) (random.nextGaussian() * 100));
				else ip.set(j, random.nextInt(type == 8 ? 256 : type == 16 ? 65536 : 1 << 24));
			s.addSlice(null, ip);
		}
		if (type == 32 && random.nextInt(4) == 0) // a NaN or infinite voxel somewhere
			s.getProcessor(1 + random.nextInt(s.getSize())).setf(random.nextInt(w * h), new float[] { Float.NaN,
				Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY }[random.nextInt(3)]);
		final ImagePlus imp = new ImagePlus("random", s);
		imp.setDimensions(channels, slices, frames);
		return imp;
	}

	private static ImagePlus labels(final Random random, final int w, final int h, final int slices,
		final LabelValues values)
	{
		final ImageStack s = new ImageStack(w, h);
		for (int z = 0; z < slices; z++) {
			final ImageProcessor ip = values == LabelValues.NEGATIVE || values == LabelValues.FRACTIONAL ||
				values == LabelValues.HUGE ? new FloatProcessor(w, h) : new ByteProcessor(w, h);
			for (int j = 0; j < w * h; j++) {
				final int k = random.nextInt(values == LabelValues.THREE_CLASSES ? 3 : 2);
				switch (values) {
					case NEGATIVE:
						ip.setf(j, k == 0 ? -1 : 1);
						break;
					case FRACTIONAL:
						ip.setf(j, k + 0.5f);
						break;
					case HUGE:
						ip.setf(j, k == 0 ? 0 : 70000);
						break;
					case MASK_255:
						ip.set(j, k * 255);
						break;
					case ONE_CLASS:
						ip.set(j, 0);
						break;
					default:
						ip.set(j, k);
				}
			}
			s.addSlice(null, ip);
		}
		return new ImagePlus("labels", s);
	}
}
