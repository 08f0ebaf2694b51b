package org.unet3d.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

import org.unet3d.data.Volume;
import org.unet3d.io.ModelFile;
import org.unet3d.model.SegmentationModel;
import org.unet3d.data.NanHandling;
import org.unet3d.zarr.OmeZarr;
import org.unet3d.zarr.ZarrImg;

/**
 * What an executor JVM keeps between the block tasks of a run: the input image, opened once and
 * shared by all task threads (its chunk cache is thread-safe), and the networks, one per task
 * thread at a time (a DL4J network serves one thread), made from the model bytes the driver
 * broadcast and handed from a finished task to the next one. Holds the images and networks of the
 * latest runs only.
 */
final class ExecutorCache {

	/** Chunk cache of an input image, shared by the tasks of one executor. */
	static final long IMAGE_CACHE_BYTES = 256L << 20;
	/** Runs (images) and models kept. */
	private static final int KEEP = 2;

	private static final Map<String, Volume<?>> IMAGES = new LinkedHashMap<String, Volume<?>>(4, 0.75f, true) {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(final Map.Entry<String, Volume<?>> e) {
			return size() > KEEP;
		}
	};

	private static final Map<String, ArrayDeque<SegmentationModel>> NETWORKS = new LinkedHashMap<String,
		ArrayDeque<SegmentationModel>>(4, 0.75f, true)
	{

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(final Map.Entry<String, ArrayDeque<SegmentationModel>> e) {
			return size() > KEEP;
		}
	};

	private static final Map<String, File> MODEL_FILES = new LinkedHashMap<>();

	private ExecutorCache() {}

	/** The run's input image (opened on first use in this JVM), with the run's handling of NaN voxels. */
	static synchronized Volume<?> image(final BlockJob job) throws IOException {
		return image(job.runId, job.image, job.level, job.nan);
	}

	static synchronized Volume<?> image(final String runId, final String path, final int level, final String nan)
		throws IOException
	{
		Volume<?> v = IMAGES.get(runId);
		if (v == null) {
			final OmeZarr zarr = OmeZarr.open(Paths.get(path));
			final ZarrImg img = zarr.image(level, IMAGE_CACHE_BYTES);
			v = zarr.volume(level, img);
			final NanHandling n = NanHandling.parse(nan);
			// refusing is checked once, by the driver's first pass; replacing is a lazy view
			if (!n.refuses()) v = n.apply(v, path, new int[] { 1, 1, 1 }, org.unet3d.progress.Progress.NONE);
			IMAGES.put(runId, v);
		}
		return v;
	}

	/** A network of the model for this thread; give it back with {@link #release}. */
	static SegmentationModel borrow(final String modelKey, final byte[] modelBytes) throws IOException {
		final File file;
		synchronized (ExecutorCache.class) {
			final ArrayDeque<SegmentationModel> free = NETWORKS.computeIfAbsent(modelKey, k -> new ArrayDeque<>());
			if (!free.isEmpty()) return free.pop();
			file = modelFile(modelKey, modelBytes);
		}
		return ModelFile.read(file, false);
	}

	/** Hands a network back for the next task. */
	static synchronized void release(final String modelKey, final SegmentationModel network) {
		NETWORKS.computeIfAbsent(modelKey, k -> new ArrayDeque<>()).push(network);
	}

	/** The model bytes as a file in this JVM's temporary folder (ModelFile reads files), written once. */
	private static File modelFile(final String key, final byte[] bytes) throws IOException {
		File f = MODEL_FILES.get(key);
		if (f == null || !f.isFile()) {
			f = File.createTempFile("unet3d-model-" + key.substring(0, 12) + "-", ".zip");
			f.deleteOnExit();
			Files.write(f.toPath(), bytes);
			MODEL_FILES.put(key, f);
		}
		return f;
	}
}
