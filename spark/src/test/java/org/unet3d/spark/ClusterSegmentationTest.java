package org.unet3d.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The same distributed segmentation on a real standalone Spark cluster on 127.0.0.1 (one Master,
 * two Worker JVMs of one core each, each Worker starting an executor JVM) gives the single-machine
 * labels; and when a Worker with its executor is killed (kill -9) in the middle of a run, Spark
 * segments the lost blocks on the other executor and the result is the same; the same command
 * through spark-submit (Spark's SparkSubmit, as the script of a Spark distribution runs it) too.
 * Slow (JVMs start, ND4J loads in each executor): about two minutes.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ClusterSegmentationTest {

	private static TestData data;
	private static StandaloneCluster cluster;

	@BeforeClass
	public static void startCluster() throws Exception {
		data = TestData.get();
		cluster = StandaloneCluster.start(Files.createTempDirectory("unet3d-spark-cluster"), 2);
	}

	@AfterClass
	public static void stopCluster() {
		if (cluster != null) {
			cluster.close();
			TestData.deleteTree(cluster.dir());
		}
	}

	private static List<String> args(final Path output, final String... more) {
		final List<String> a = data.args(output, cluster.masterUrl(), more);
		a.removeIf(s -> s.startsWith("master="));
		a.addAll(cluster.appSettings());
		return a;
	}

	@Test
	public void a_twoWorkersGiveTheSingleMachineLabels() throws Exception {
		final Path labels = data.dir.resolve("cluster-labels.zarr");
		final TestData.Run r = TestData.run(args(labels));
		assertEquals(r.toString(), 0, r.status);
		assertTrue(r.out, r.out.contains("master spark://127.0.0.1:") && r.out.contains("Segmented 18 of 18 blocks"));
		data.assertLabelsEqual(labels);
	}

	@Test
	public void b_aWorkerKilledMidJobChangesNothing() throws Exception {
		final Path labels = data.dir.resolve("cluster-killed-labels.zarr");
		final ExecutorService driver = Executors.newSingleThreadExecutor();
		try {
			// blocks of one chunk: 120 block tasks, so the run lasts long enough to lose a Worker in the middle
			final Future<TestData.Run> run = driver.submit(() -> TestData.run(LocalSegmentationTest.replace(args(labels),
				"block=", "block=8")));
			// kill a Worker and its executor as soon as the first block is written, while others are running
			final Path chunks = labels.resolve("0");
			final long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
			while (!hasChunk(chunks) && !run.isDone() && System.nanoTime() < end)
				Thread.sleep(20);
			assertTrue("a block was written before the run ended", hasChunk(chunks) && !run.isDone());
			assertEquals("both executors run", 2, cluster.executors());
			cluster.killWorker(0);
			final TestData.Run r = run.get(5, TimeUnit.MINUTES);
			assertEquals(r.toString(), 0, r.status);
			assertTrue(r.out, r.out.contains("Executor") && r.out.contains("lost"));
			assertTrue(r.out, r.out.contains("Segmented 120 of 120 blocks"));
			data.assertLabelsEqual(labels);
		}
		finally {
			driver.shutdownNow();
		}
	}

	@Test
	public void c_sparkSubmitRunsTheSameCommand() throws Exception {
		cluster.addWorker(); // the killed machine is back
		cluster.awaitWorkers(2, 120);
		// spark-submit is Spark's SparkSubmit class (the script of a Spark distribution runs it), with the
		// application jar, --class and the command's arguments; the master comes from --master
		final Path appJar = data.dir.resolve("unet3d-spark-app.jar");
		jar(java.nio.file.Paths.get(SparkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()), appJar);
		final Path labels = data.dir.resolve("submitted-labels.zarr");
		final List<String> cmd = new ArrayList<>(java.util.Arrays.asList(StandaloneCluster.javaBin(), "-Xmx1g"));
		cmd.addAll(java.util.Arrays.asList(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions().split(
			"\\s+")));
		cmd.addAll(java.util.Arrays.asList("-cp", System.getProperty("surefire.test.class.path", System.getProperty(
			"java.class.path")), "org.apache.spark.deploy.SparkSubmit", "--master", cluster.masterUrl(), "--class",
			SparkMain.class.getName()));
		for (final String setting : cluster.appSettings())
			if (setting.startsWith("spark.")) cmd.addAll(java.util.Arrays.asList("--conf", setting));
		cmd.add(appJar.toString());
		for (final String a : data.args(labels, "unused"))
			if (!a.startsWith("master=")) cmd.add(a);
		final Path log = data.dir.resolve("spark-submit.log");
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		final boolean ended = p.waitFor(5, TimeUnit.MINUTES);
		if (!ended) p.destroyForcibly();
		final String out = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8);
		assertTrue(out, ended && p.exitValue() == 0);
		assertTrue(out, out.contains("master spark://127.0.0.1:") && out.contains("Segmented 18 of 18 blocks"));
		data.assertLabelsEqual(labels);
	}

	/** A jar of the classes in a folder. */
	private static void jar(final Path classes, final Path jar) throws java.io.IOException {
		try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar),
			new java.util.jar.Manifest());
			java.util.stream.Stream<Path> files = Files.walk(classes))
		{
			for (final Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
				out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString().replace('\\', '/')));
				Files.copy(f, out);
				out.closeEntry();
			}
		}
	}

	private static boolean hasChunk(final Path dir) throws java.io.IOException {
		if (!Files.isDirectory(dir)) return false;
		try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
			final List<Path> files = new ArrayList<>();
			s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).forEach(files::add);
			return !files.isEmpty();
		}
	}
}
