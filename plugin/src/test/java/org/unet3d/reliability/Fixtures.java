package org.unet3d.reliability;

import ij.ImagePlus;
import ij.ImageStack;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;

import org.unet3d.cli.Main;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;

/** Stacks, models and a command line runner for the reliability tests. */
final class Fixtures {

	private Fixtures() {}

	/** What a command line run printed and returned. */
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
			return "exit " + status + ", stderr: " + err;
		}
	}

	/** Runs the command line in this JVM. */
	static Run cli(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final int status = Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
		return new Run(status, out.toString(), err.toString());
	}

	/** A 32-bit stack of {@code channels * slices * frames} planes with a smooth pattern. */
	static ImagePlus stack(final int w, final int h, final int channels, final int slices, final int frames) {
		final ImageStack s = new ImageStack(w, h);
		for (int i = 0; i < channels * slices * frames; i++) {
			final float[] a = new float[w * h];
			for (int j = 0; j < a.length; j++)
				a[j] = (float) Math.sin(0.3 * (j % w) + 0.2 * (j / w) + 0.5 * i);
			s.addSlice(null, a);
		}
		final ImagePlus imp = new ImagePlus("stack", s);
		imp.setDimensions(channels, slices, frames);
		if (channels > 1 || frames > 1) imp.setOpenAsHyperStack(true);
		return imp;
	}

	/** An 8-bit label stack: class 1 in the left half, 0 elsewhere. */
	static ImagePlus labels(final int w, final int h, final int slices) {
		final ImageStack s = new ImageStack(w, h);
		for (int z = 0; z < slices; z++) {
			final byte[] a = new byte[w * h];
			for (int j = 0; j < a.length; j++)
				a[j] = (byte) (j % w < w / 2 ? 1 : 0);
			s.addSlice(null, a);
		}
		return new ImagePlus("labels", s);
	}

	/** Saves an image as TIFF and returns its path. */
	static String save(final ImagePlus imp, final File folder, final String name) throws IOException {
		final File f = new File(folder, name);
		TiffIO.save(imp, f, true);
		return f.getPath();
	}

	/** A U-Net with random weights (depth 2, 4 filters, 2 classes), saved as a model file. */
	static String model(final File folder, final String name, final int channels) throws IOException {
		final UNet3DConfig c = UNet3DConfig.builder().inputChannels(channels).classes(2).depth(2).baseFilters(4)
			.batchNorm(false).build();
		final int[] patch = { 16, 16, 16 };
		final File f = new File(folder, name);
		ModelFile.write(new SegmentationModel(UNet3DBuilder.of(c).seed(1).build(patch), ModelMetadata.builder().network(
			c).patchSize(patch).build()), f);
		return f.getPath();
	}

	/** Options for a tiny, quick training run. */
	static final String[] TINY_TRAINING = { "filters=4", "depth=2", "patch=16,16,16", "epochs=1", "stepsPerEpoch=1",
		"batch=1", "validation=0" };

	/** {@code first} followed by {@code rest}. */
	static String[] join(final String[] first, final String... rest) {
		final String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
		System.arraycopy(rest, 0, all, first.length, rest.length);
		return all;
	}
}
