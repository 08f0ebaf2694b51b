package org.unet3d.samples;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.unet3d.data.ZyxSize;


/**
 * Command line for the synthetic samples: writes the bundled sets (all, or one kind) or a single
 * stack of any size and seed as TIFF pairs. Run without arguments for the usage.
 */
public final class GenerateSamples {

	/** Usage text, also shown on errors. */
	public static final String USAGE = String.join("\n", //
		"Usage: generate <output folder> [<kind> [<X>x<Y>x<Z> <seed>]] [--overwrite]", //
		"  <output folder>                 all bundled sets: <folder>/<kind>/train-image.tif, train-labels.tif,", //
		"                                  test-image.tif, test-labels.tif", //
		"  <output folder> <kind>          the bundled set of one kind", //
		"  <output folder> <kind> 96x96x48 7", //
		"                                  one stack: <folder>/<kind>-96x96x48-seed7-image.tif and -labels.tif", //
		"  kinds: nuclei, em-membranes, sandstone-ct", //
		"  --overwrite                     replace existing files (otherwise they are an error)");

	private GenerateSamples() {}

	public static void main(final String[] args) {
		final int status = run(args, System.out, System.err);
		if (status != 0) System.exit(status);
	}

	/**
	 * Does what the arguments say, reporting the files written on {@code out} and problems on
	 * {@code err}.
	 *
	 * @return the exit status: 0 done, 1 failed to write, 2 bad arguments
	 */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		final List<String> positional = new ArrayList<>();
		boolean overwrite = false;
		for (final String a : args) {
			if (a.equals("--overwrite")) overwrite = true;
			else if (a.equals("-h") || a.equals("--help")) {
				out.println(USAGE);
				return 0;
			}
			else if (a.startsWith("--")) return usage(err, "Unknown option " + a + ".");
			else positional.add(a);
		}
		if (positional.isEmpty() || positional.size() == 3 || positional.size() > 4) return usage(err,
			"Expected an output folder, optionally a kind, and optionally a size and a seed.");
		final File folder = new File(positional.get(0));
		try {
			final List<File> written;
			if (positional.size() == 1) {
				if (!folder.isDirectory() && !folder.mkdirs()) throw new IOException("Cannot create folder " + folder +
					".");
				written = SampleStackWriter.writeBundled(folder, overwrite);
			}
			else {
				final SyntheticStacks.Kind kind = SyntheticStacks.Kind.parse(positional.get(1));
				if (!folder.isDirectory() && !folder.mkdirs()) throw new IOException("Cannot create folder " + folder +
					".");
				if (positional.size() == 2) written = SampleStackWriter.writeSet(SampleSet.bundled(kind), folder,
					overwrite);
				else written = writeOne(kind, parseSize(positional.get(2)), parseSeed(positional.get(3)), folder,
					overwrite);
			}
			for (final File f : written)
				out.println("Wrote " + f.getPath());
			return 0;
		}
		catch (final IllegalArgumentException e) {
			return usage(err, e.getMessage());
		}
		catch (final IOException e) {
			err.println(e.getMessage());
			return 1;
		}
	}

	/** Generates one stack and writes {@code <kind>-<X>x<Y>x<Z>-seed<seed>-image.tif} and {@code -labels.tif}. */
	public static List<File> writeOne(final SyntheticStacks.Kind kind, final long[] sizeXYZ, final long seed,
		final File folder, final boolean overwrite) throws IOException
	{
		final String stem = kind.id() + "-" + sizeXYZ[0] + "x" + sizeXYZ[1] + "x" + sizeXYZ[2] + "-seed" + seed;
		final File image = new File(folder, stem + "-image.tif");
		final File labels = new File(folder, stem + "-labels.tif");
		SampleStackWriter.write(SyntheticStacks.generate(kind, sizeXYZ[0], sizeXYZ[1], sizeXYZ[2], seed), image,
			labels, overwrite);
		final List<File> files = new ArrayList<>();
		files.add(image);
		files.add(labels);
		return files;
	}

	/** Parses "96x96x48" (x, y, z). */
	public static long[] parseSize(final String s) {
		return ZyxSize.parseWidthHeightDepth(s, "Size").toXyz();
	}

	private static long parseSeed(final String s) {
		try {
			return Long.parseLong(s.trim());
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("Seed \"" + s + "\" should be a whole number.");
		}
	}

	private static int usage(final PrintStream err, final String problem) {
		err.println(problem);
		err.println(USAGE);
		return 2;
	}
}
