package org.unet3d.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unet3d.data.BlockReader;
import org.unet3d.data.LabeledVolume;
import org.unet3d.data.NormalizationStats;
import org.unet3d.data.PreprocessedStack;
import org.unet3d.data.Preprocessing;
import org.unet3d.data.StackSource;
import org.unet3d.progress.Progress;

/**
 * The training and validation stacks of a run, opened on demand and kept in memory up to a byte
 * budget (least recently used ones are dropped and reopened when needed again), so that a folder
 * of stacks larger than memory can be trained on. Each stack is normalized with statistics of the
 * whole stack, computed when it is first opened and remembered. A stack is used through its
 * parts: z-ranges or y-ranges (e.g. the training slices and the held-out validation slices), each
 * read as a stack of its own, mirrored at its own borders so parts never see each other.
 */
final class LoadedStacks {

	/**
	 * A z-range or y-range of a stack, read through views of the opened stack: {@link #input} and
	 * {@link #labels} see only the part (training patches never reach beyond it), while
	 * {@link #wholeInput} and {@link #wholeLabels} see the whole stack, so that validation can
	 * predict the part with the image around it as context, as segmentation of the whole stack would.
	 */
	static final class Part {

		final LabeledVolume volume;
		final PreprocessedStack input;
		final BlockReader labels;
		final PreprocessedStack wholeInput;
		final BlockReader wholeLabels;
		/** First slice of the part in the whole stack. */
		final long z0;
		/** First row of the part in the whole stack. */
		final long y0;

		Part(final LabeledVolume volume, final PreprocessedStack input, final Opened whole, final long z0,
			final long y0)
		{
			this.volume = volume;
			this.input = input;
			this.labels = volume.labelReader();
			this.wholeInput = whole.input;
			this.wholeLabels = whole.labels;
			this.z0 = z0;
			this.y0 = y0;
		}
	}

	private static final class Opened {

		final LabeledVolume volume;
		final PreprocessedStack input;
		final BlockReader labels;
		final Map<Integer, Part> parts = new LinkedHashMap<>();

		Opened(final LabeledVolume volume, final PreprocessedStack input) {
			this.volume = volume;
			this.input = input;
			this.labels = volume.labelReader();
		}
	}

	private final List<StackSource> sources;
	private final Preprocessing preprocessing;
	private final long budgetBytes;
	private final NormalizationStats[] stats;
	private final long[] bytes;
	private final List<long[]> partRanges = new ArrayList<>(); // {source, axis (0 = z, 1 = y), from, to}
	private final LinkedHashMap<Integer, Opened> held = new LinkedHashMap<>(16, 0.75f, true);
	private int opens;

	LoadedStacks(final List<StackSource> sources, final Preprocessing preprocessing, final long budgetBytes) {
		this.sources = sources;
		this.preprocessing = preprocessing;
		this.budgetBytes = budgetBytes;
		this.stats = new NormalizationStats[sources.size()];
		this.bytes = new long[sources.size()];
	}

	int size() {
		return sources.size();
	}

	String name(final int i) {
		return sources.get(i).name();
	}

	/** The whole stack {@code i}, opened (and normalized) if it is not held. */
	LabeledVolume volume(final int i, final Progress progress) throws IOException {
		return open(i, progress).volume;
	}

	/** Normalization statistics of stack {@code i} (opens it the first time). */
	NormalizationStats stats(final int i, final Progress progress) throws IOException {
		if (stats[i] == null) open(i, progress);
		return stats[i];
	}

	/**
	 * Registers slices {@code from .. to - 1} (axis 0) or rows {@code from .. to - 1} of every slice
	 * (axis 1) of stack {@code source} as a part; returns its index.
	 */
	int addPart(final int source, final int axis, final long from, final long to) {
		if (axis != 0 && axis != 1) throw new IllegalArgumentException("Parts are z-ranges (0) or y-ranges (1)");
		partRanges.add(new long[] { source, axis, from, to });
		return partRanges.size() - 1;
	}

	int parts() {
		return partRanges.size();
	}

	/** Part {@code p}, opening its stack if needed. */
	Part part(final int p, final Progress progress) throws IOException {
		final long[] r = partRanges.get(p);
		final Opened o = open((int) r[0], progress);
		Part part = o.parts.get(p);
		if (part == null) {
			final long[] shape = o.volume.shapeZYX();
			final boolean rows = r[1] == 1;
			final long z0 = rows ? 0 : r[2], z1 = rows ? shape[0] : r[3];
			final long y0 = rows ? r[2] : 0, y1 = rows ? r[3] : shape[1];
			final boolean all = z0 == 0 && z1 == shape[0] && y0 == 0 && y1 == shape[1];
			final String what = String.format(java.util.Locale.ROOT, " (%s %d-%d)", rows ? "y" : "z", r[2], r[3] - 1);
			final LabeledVolume v = all ? o.volume : o.volume.crop(o.volume.name() + what, new long[] { z0, y0, 0 },
				new long[] { z1 - 1, y1 - 1, shape[2] - 1 });
			part = new Part(v, all ? o.input : o.input.box(new long[] { z0, y0, 0 }, new long[] { z1, y1, shape[2] }), o,
				z0, y0);
			o.parts.put(p, part);
		}
		return part;
	}

	/** Index of the stack part {@code p} belongs to. */
	int sourceOf(final int p) {
		return (int) partRanges.get(p)[0];
	}

	/** True if all stacks fit into the budget together (known once each was opened). */
	boolean allFit() {
		long sum = 0;
		for (final long b : bytes)
			sum += b;
		return sum <= budgetBytes;
	}

	/** How often a stack was opened (read from its source), for tests and logs. */
	int opens() {
		return opens;
	}

	private Opened open(final int i, final Progress progress) throws IOException {
		final Opened held1 = held.get(i);
		if (held1 != null) return held1;
		progress.status("Reading " + sources.get(i).name() + "...");
		final LabeledVolume v = sources.get(i).open();
		opens++;
		if (stats[i] == null) {
			progress.status("Intensity percentiles of " + v.name() + "...");
			stats[i] = preprocessing.statistics(v.image());
		}
		else if (stats[i].channels() != v.image().channels()) throw new IOException(sources.get(i).name() +
			" changed while training (channel count)");
		bytes[i] = estimateBytes(v);
		final Opened o = new Opened(v, preprocessing.prepare(v.image(), stats[i], progress));
		long total = bytes[i];
		for (final int k : held.keySet())
			total += bytes[k];
		for (final Iterator<Integer> it = held.keySet().iterator(); it.hasNext() && total > budgetBytes;) {
			total -= bytes[it.next()];
			it.remove();
		}
		held.put(i, o);
		return o;
	}

	/** Bytes a stack takes in memory: pixels, labels and a 32-bit copy if CLAHE is on. */
	private long estimateBytes(final LabeledVolume v) {
		final long voxels = v.image().voxelCount();
		final long pixel = bytesPerValue(v.image().type());
		final long label = bytesPerValue(v.labels().getType());
		final long clahe = preprocessing.clahe().isOff() ? 0 : 4L * v.image().channels();
		return voxels * (pixel * v.image().channels() + label + clahe);
	}

	private static long bytesPerValue(final Object type) {
		final String n = type.getClass().getSimpleName();
		if (n.contains("Byte")) return 1;
		if (n.contains("Short")) return 2;
		if (n.contains("Double") || n.contains("Long")) return 8;
		return 4;
	}
}
