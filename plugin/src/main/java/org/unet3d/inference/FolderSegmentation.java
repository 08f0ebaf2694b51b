package org.unet3d.inference;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import org.unet3d.data.NanHandling;
import org.unet3d.data.Volume;
import org.unet3d.formats.VolumeFiles;
import org.unet3d.io.AtomicFiles;
import org.unet3d.progress.Progress;

/**
 * Segments every stack in a folder with one model (loaded once): each input {@code name.tif}
 * becomes {@code name-labels.tif} (and optionally {@code name-probabilities.tif}) in the output
 * folder, written slice by slice; an OME-Zarr input {@code name.zarr} (with the pattern
 * {@code *.zarr}) becomes {@code name-labels.zarr}, read and written chunk by chunk. A file that
 * fails (not an image, truncated, 2D, wrong channels, NaN voxels) is reported and skipped; the
 * others are still segmented. Outputs that already exist are skipped
 * unless overwriting, so an interrupted run can be resumed. A summary is written as
 * {@code segmentation-summary.csv} into the output folder.
 */
public final class FolderSegmentation {

	/** Name of the summary table in the output folder. */
	public static final String SUMMARY = "segmentation-summary.csv";

	/** What happened to one file. */
	public enum Status {
		DONE, FAILED, SKIPPED
	}

	/** One input file's outcome. */
	public static final class Entry {

		public final File input;
		public final File output;
		public final Status status;
		public final String message;
		public final long voxels;
		public final double seconds;

		Entry(final File input, final File output, final Status status, final String message, final long voxels,
			final double seconds)
		{
			this.input = input;
			this.output = output;
			this.status = status;
			this.message = message;
			this.voxels = voxels;
			this.seconds = seconds;
		}
	}

	/** The outcome of a folder run. */
	public static final class Report {

		private final List<Entry> entries;
		private final File summary;

		Report(final List<Entry> entries, final File summary) {
			this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
			this.summary = summary;
		}

		public List<Entry> entries() {
			return entries;
		}

		public long count(final Status s) {
			return entries.stream().filter(e -> e.status == s).count();
		}

		/** The summary CSV file. */
		public File summaryFile() {
			return summary;
		}

		/** Lines for people: one per file, then the totals. */
		public String toText() {
			final StringBuilder s = new StringBuilder();
			for (final Entry e : entries)
				s.append(String.format(Locale.ROOT, "%-7s %s%s%n", e.status, e.input.getName(), e.message.isEmpty() ? ""
					: ": " + e.message));
			s.append(String.format(Locale.ROOT, "%d segmented, %d failed, %d skipped; summary in %s", count(Status.DONE),
				count(Status.FAILED), count(Status.SKIPPED), summary));
			return s.toString();
		}

		/** The summary as CSV: file, status, output, voxels, seconds, message. */
		public String toCsv() {
			final StringBuilder s = new StringBuilder("file,status,output,voxels,seconds,message\n");
			for (final Entry e : entries)
				s.append(csv(e.input.getName())).append(',').append(e.status.name().toLowerCase(Locale.ROOT)).append(',')
					.append(e.output == null ? "" : csv(e.output.getName())).append(',').append(e.voxels).append(',').append(
						String.format(Locale.ROOT, "%.1f", e.seconds)).append(',').append(csv(e.message)).append('\n');
			return s.toString();
		}
	}

	private final Segmenter segmenter;
	private final boolean probabilities;
	private final boolean overwrite;
	private final NanHandling nan;

	/**
	 * Writes each stack's labels only, skips stacks whose outputs exist, and fails stacks with NaN or
	 * infinite voxels.
	 */
	public FolderSegmentation(final Segmenter segmenter) {
		this(segmenter, false, false, NanHandling.REFUSE);
	}

	private FolderSegmentation(final Segmenter segmenter, final boolean probabilities, final boolean overwrite,
		final NanHandling nan)
	{
		this.segmenter = segmenter;
		this.probabilities = probabilities;
		this.overwrite = overwrite;
		this.nan = nan;
	}

	/** The same run, also writing (or not) each stack's class probabilities. */
	public FolderSegmentation probabilities(final boolean on) {
		return new FolderSegmentation(segmenter, on, overwrite, nan);
	}

	/** The same run, replacing existing outputs (or, if false, skipping their inputs). */
	public FolderSegmentation overwrite(final boolean on) {
		return new FolderSegmentation(segmenter, probabilities, on, nan);
	}

	/** The same run, with NaN and infinite voxels of float stacks refused (the default) or replaced. */
	public FolderSegmentation nan(final NanHandling handling) {
		return new FolderSegmentation(segmenter, probabilities, overwrite, handling);
	}

	/**
	 * The stacks of a folder matching a pattern ({@code *.tif}, {@code *.{tif,tiff}},
	 * {@code stack-??.tif}, {@code *.zarr}): files, and OME-Zarr folders; sorted by name, ignoring
	 * case.
	 */
	public static List<File> inputs(final File folder, final String pattern) throws IOException {
		if (!folder.isDirectory()) throw new IOException("Input folder " + folder + " does not exist" + (folder.isFile()
			? " (it is a file; give its folder and a pattern)" : "") + ".");
		final String glob = pattern == null || pattern.trim().isEmpty() ? "*.tif" : pattern.trim();
		final PathMatcher m;
		try {
			m = FileSystems.getDefault().getPathMatcher("glob:" + glob.toLowerCase(Locale.ROOT));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("File pattern \"" + glob + "\" is not understood (" + e.getMessage() +
				"); use e.g. *.tif or *.{tif,tiff}.");
		}
		final File[] all = folder.listFiles();
		final List<File> files = new ArrayList<>();
		if (all != null) for (final File f : all)
			if ((f.isFile() || VolumeFiles.isZarr(f)) && !f.getName().startsWith(".") && m.matches(Paths.get(f.getName()
				.toLowerCase(Locale.ROOT)))) files.add(f);
		files.sort((a, b) -> a.getName().compareToIgnoreCase(b.getName()));
		return files;
	}

	/**
	 * Segments the matching files of {@code input} into {@code output} (created if missing).
	 *
	 * @throws IOException if the folders cannot be used or the summary cannot be written
	 * @throws CancellationException if the user canceled (the summary of what was done is written first)
	 */
	public Report run(final File input, final String pattern, final File output, final Progress progress)
		throws IOException
	{
		final List<File> files = inputs(input, pattern);
		if (files.isEmpty()) throw new IOException("No files matching \"" + (pattern == null ? "*.tif" : pattern) +
			"\" in " + input + ".");
		if (!output.isDirectory() && !output.mkdirs()) throw new IOException("Cannot create the output folder " + output +
			".");
		if (output.getCanonicalFile().equals(input.getCanonicalFile())) // do not segment our own outputs
			files.removeIf(f -> baseName(f.getName()).endsWith("-labels") || baseName(f.getName()).endsWith(
				"-probabilities"));
		final File summary = new File(output, SUMMARY);
		AtomicFiles.checkWritable(summary, true);
		final List<Entry> entries = new ArrayList<>();
		try {
			for (int i = 0; i < files.size(); i++) {
				final File f = files.get(i);
				progress.status(String.format(Locale.ROOT, "File %d of %d: %s", i + 1, files.size(), f.getName()));
				entries.add(one(f, output, new Part(progress, i, files.size())));
			}
		}
		finally {
			final Report r = new Report(entries, summary);
			AtomicFiles.write(summary, out -> out.write(r.toCsv().getBytes(StandardCharsets.UTF_8)));
		}
		return new Report(entries, summary);
	}

	private Entry one(final File f, final File outDir, final Progress progress) {
		final String base = baseName(f.getName());
		final String ext = VolumeFiles.isZarr(f) ? VolumeFiles.ZARR : ".tif";
		final File labels = new File(outDir, base + "-labels" + ext);
		final File probs = probabilities ? new File(outDir, base + "-probabilities" + ext) : null;
		if (!overwrite && (labels.exists() || probs != null && probs.exists())) return new Entry(f, labels,
			Status.SKIPPED, "output exists (overwrite to redo)", 0, 0);
		final long t0 = System.nanoTime();
		try {
			final Volume<?> opened = VolumeFiles.open(f);
			final Volume<?> v = VolumeFiles.checkFinite(opened, f.getName(), nan, progress);
			final Segmenter.Result r = segmenter.segment(v, VolumeFiles.planeCache(opened), SegmentationOutputs.builder()
				.labelsFile(labels).probabilitiesFile(probs).keepLabels(SegmentationOutputs.KeepLabels.NEVER).overwrite(
					overwrite).build(), progress);
			return new Entry(f, labels, Status.DONE, "", r.voxels(), r.seconds());
		}
		catch (final CancellationException e) {
			throw e;
		}
		catch (final IOException | IllegalArgumentException | UncheckedIOException | IllegalStateException e) {
			return new Entry(f, null, Status.FAILED, message(e), 0, (System.nanoTime() - t0) / 1e9);
		}
		catch (final OutOfMemoryError e) {
			return new Entry(f, null, Status.FAILED, "out of memory (" + e.getMessage() + "); use a smaller tile or give " +
				"Java more memory", 0, (System.nanoTime() - t0) / 1e9);
		}
	}

	private static String message(final Exception e) {
		final Throwable t = e instanceof UncheckedIOException ? e.getCause() : e;
		return t.getMessage() == null ? t.toString() : t.getMessage().replace('\n', ' ');
	}

	static String baseName(final String name) {
		return VolumeFiles.baseName(name);
	}

	private static String csv(final String s) {
		return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
	}

	/** Progress of one file as part of the whole run. */
	private static final class Part implements Progress {

		private static final long SCALE = 1000;
		private final Progress all;
		private final int index;
		private final int files;

		Part(final Progress all, final int index, final int files) {
			this.all = all;
			this.index = index;
			this.files = files;
		}

		@Override
		public void status(final String message) {
			all.status(message);
		}

		@Override
		public void progress(final long done, final long total) {
			all.progress(index * SCALE + (total <= 0 ? 0 : done * SCALE / total), files * SCALE);
		}

		@Override
		public boolean isCanceled() {
			return all.isCanceled();
		}
	}
}
