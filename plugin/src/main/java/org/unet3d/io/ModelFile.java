package org.unet3d.io;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.unet3d.model.ModelMetadata;
import org.unet3d.model.SegmentationModel;
import org.unet3d.network.UNet3DBuilder;

/**
 * The model file: one zip holding {@code unet3d.json} ({@link ModelMetadata}) first, then the
 * DL4J network (configuration, weights and optimizer state, as written by DL4J's
 * ModelSerializer). Writing is atomic; reading checks the file and explains what is wrong with
 * a corrupt, truncated, foreign or too new file.
 */
public final class ModelFile {

	/** Name of the metadata entry in the zip. */
	public static final String METADATA_ENTRY = "unet3d.json";

	private ModelFile() {}

	/** Writes a model atomically (the previous file, if any, stays intact until the new one is complete). */
	public static void write(final SegmentationModel model, final File file) throws IOException {
		final File dir = file.getAbsoluteFile().getParentFile();
		final File dl4j = File.createTempFile(".unet3d-", ".dl4j.zip", dir != null && dir.isDirectory() ? dir : null);
		try {
			try {
				ModelSerializer.writeModel(model.graph(), dl4j, true);
			}
			catch (final IOException e) {
				throw AtomicFiles.writeFailed(file, e);
			}
			final byte[] json = model.metadata().toJson().getBytes(StandardCharsets.UTF_8);
			AtomicFiles.write(file, out -> {
				final ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
				zip.putNextEntry(new ZipEntry(METADATA_ENTRY));
				zip.write(json);
				zip.closeEntry();
				try (ZipFile src = new ZipFile(dl4j)) {
					final Enumeration<? extends ZipEntry> entries = src.entries();
					final byte[] buf = new byte[1 << 16];
					while (entries.hasMoreElements()) {
						final ZipEntry e = entries.nextElement();
						zip.putNextEntry(new ZipEntry(e.getName()));
						try (InputStream in = src.getInputStream(e)) {
							for (int n; (n = in.read(buf)) > 0;)
								zip.write(buf, 0, n);
						}
						zip.closeEntry();
					}
				}
				zip.finish();
			});
		}
		finally {
			if (!dl4j.delete()) dl4j.deleteOnExit();
		}
	}

	/** Reads only the metadata (fast; for dialogs and checks before loading the network). */
	public static ModelMetadata readMetadata(final File file) throws IOException {
		try (ZipFile zip = open(file)) {
			return metadata(zip, file);
		}
	}

	/**
	 * Reads a whole model.
	 *
	 * @param withOptimizerState also load the optimizer state (to continue training)
	 */
	public static SegmentationModel read(final File file, final boolean withOptimizerState) throws IOException {
		org.unet3d.network.NativeLibraries.configure(); // before ND4J loads
		final ModelMetadata meta;
		try (ZipFile zip = open(file)) {
			meta = metadata(zip, file);
			if (zip.getEntry("configuration.json") == null || zip.getEntry("coefficients.bin") == null)
				throw new IOException(file + " has a model description but no network weights: it is damaged. " +
					"Use a checkpoint or train again.");
		}
		final ComputationGraph graph;
		try {
			graph = UNet3DBuilder.upgrade(ModelSerializer.restoreComputationGraph(file, withOptimizerState));
		}
		catch (final IOException | RuntimeException e) {
			throw new IOException("Cannot load the network in " + file + ": the file is damaged or was written by an " +
				"incompatible version (" + e.getMessage() + ").", e);
		}
		final long classes = UNet3DBuilder.classesOf(graph);
		if (classes != meta.classes()) throw new IOException(file + " is inconsistent: its description names " + meta
			.classes() + " classes but the network outputs " + classes + ". The file was modified; use another copy.");
		if (graph.getConfiguration().getNetworkOutputs().size() != 1 || !UNet3DBuilder.OUTPUT.equals(graph
			.getConfiguration().getNetworkOutputs().get(0))) throw new IOException(file +
				" does not hold a 3D U-Net made by this plugin.");
		return new SegmentationModel(graph, meta);
	}

	private static ZipFile open(final File file) throws IOException {
		if (!file.isFile()) throw new IOException("Model file " + file + " does not exist" + (file.isDirectory()
			? " (it is a folder)" : "") + ".");
		try {
			return new ZipFile(file);
		}
		catch (final ZipException e) {
			throw new IOException(file + " is not a 3D U-Net model: it is not a zip file, or it is truncated or " +
				"corrupt (" + e.getMessage() + "). If it was being copied or saved, use the previous copy or a checkpoint.",
				e);
		}
	}

	private static ModelMetadata metadata(final ZipFile zip, final File file) throws IOException {
		final ZipEntry e = zip.getEntry(METADATA_ENTRY);
		if (e == null) {
			if (zip.getEntry("configuration.json") != null) throw new IOException(file + " is a plain DeepLearning4J " +
				"model, not a 3D U-Net for Fiji model (it has no " + METADATA_ENTRY + "). Train a model with this plugin.");
			throw new IOException(file + " is a zip file but not a 3D U-Net model (no " + METADATA_ENTRY + " inside).");
		}
		final StringBuilder sb = new StringBuilder();
		try (Reader r = new InputStreamReader(zip.getInputStream(e), StandardCharsets.UTF_8)) {
			final char[] buf = new char[8192];
			for (int n; (n = r.read(buf)) > 0;)
				sb.append(buf, 0, n);
		}
		catch (final ZipException ze) {
			throw new IOException(file + " is damaged (cannot read " + METADATA_ENTRY + ": " + ze.getMessage() + ").", ze);
		}
		try {
			return ModelMetadata.fromJson(sb.toString());
		}
		catch (final IllegalArgumentException iae) {
			throw new IOException(file + ": " + iae.getMessage(), iae);
		}
	}

	/** Lets a ZipOutputStream finish without closing the stream AtomicFiles still has to sync. */
	private static final class NonClosing extends java.io.FilterOutputStream {

		NonClosing(final OutputStream out) {
			super(out);
		}

		@Override
		public void write(final byte[] b, final int off, final int len) throws IOException {
			out.write(b, off, len);
		}

		@Override
		public void close() throws IOException {
			flush();
		}
	}
}
