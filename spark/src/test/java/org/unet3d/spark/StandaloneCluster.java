package org.unet3d.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: one Master and Worker JVMs started from
 * spark-core's own classes ({@code org.apache.spark.deploy.master.Master},
 * {@code org.apache.spark.deploy.worker.Worker}), each Worker offering one core, so every executor
 * is a JVM of its own. Workers can be killed like a failing machine ({@link #killWorker}). The JVMs'
 * output goes to files in the cluster's folder. Everything is stopped by {@link #close()}.
 */
final class StandaloneCluster implements AutoCloseable {

	/** Memory a Worker offers its executor (the executors take {@link #EXECUTOR_MEMORY}). */
	static final String WORKER_MEMORY = "1200m";
	static final String EXECUTOR_MEMORY = "1g";

	private final Path dir;
	private final String classPath;
	private final int masterPort;
	private final int masterUiPort;
	private final Process master;
	private final List<Process> workers = new ArrayList<>();

	private StandaloneCluster(final Path dir) throws IOException {
		this.dir = dir;
		classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		// Workers build each executor's command from SPARK_HOME: a minimal one (Spark's jars come with the
		// application's executor class path, spark.executor.extraClassPath)
		final Path home = dir.resolve("spark-home");
		Files.createDirectories(home.resolve("jars"));
		Files.write(home.resolve("RELEASE"), "Spark for tests\n".getBytes(StandardCharsets.UTF_8));
		masterPort = freePort();
		masterUiPort = freePort();
		master = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String
			.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort));
	}

	/** Starts a Master and {@code workers} Workers and waits until all Workers have registered. */
	static StandaloneCluster start(final Path dir, final int workers) throws IOException, InterruptedException {
		final StandaloneCluster c = new StandaloneCluster(dir);
		try {
			for (int i = 0; i < workers; i++)
				c.addWorker();
			c.awaitWorkers(workers, 120);
			return c;
		}
		catch (IOException | InterruptedException | RuntimeException e) {
			c.close();
			throw e;
		}
	}

	/** Starts one more Worker (one core). */
	void addWorker() throws IOException {
		final int n = workers.size();
		final Path work = dir.resolve("worker-" + n);
		Files.createDirectories(work);
		workers.add(start("worker-" + n, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
			"--memory", WORKER_MEMORY, "--webui-port", String.valueOf(freePort()), "--work-dir", work.toString(),
			masterUrl()));
	}

	private Process start(final String name, final String mainClass, final String... args) throws IOException {
		final List<String> cmd = new ArrayList<>(Arrays.asList(javaBin(), "-Xmx256m"));
		cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split("\\s+")));
		cmd.addAll(Arrays.asList("-cp", classPath, mainClass));
		cmd.addAll(Arrays.asList(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name +
			".log").toFile());
		final Map<String, String> env = pb.environment();
		env.put("SPARK_HOME", dir.resolve("spark-home").toString());
		env.put("SPARK_SCALA_VERSION", "2.12");
		env.put("SPARK_LOCAL_IP", "127.0.0.1");
		return pb.start();
	}

	String masterUrl() {
		return "spark://127.0.0.1:" + masterPort;
	}

	/**
	 * Spark settings of an application on this cluster: one core per executor, executors of
	 * {@link #EXECUTOR_MEMORY} with explicit native limits, this test's class path.
	 */
	List<String> appSettings() {
		return Arrays.asList("master=" + masterUrl(), "spark.executor.cores=1", "spark.executor.memory=" +
			EXECUTOR_MEMORY, "spark.executor.extraClassPath=" + classPath, "spark.executor.extraJavaOptions=" +
				"-Dorg.bytedeco.javacpp.maxbytes=1G -Dorg.bytedeco.javacpp.maxphysicalbytes=2500M -Djava.awt.headless=true",
			"spark.driver.host=127.0.0.1", "spark.driver.bindAddress=127.0.0.1");
	}

	/** Workers the Master counts as alive, from its JSON page. */
	int aliveWorkers() {
		try {
			final HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + masterUiPort + "/json/")
				.openConnection();
			c.setConnectTimeout(2000);
			c.setReadTimeout(2000);
			try (InputStream in = c.getInputStream()) {
				final String json = new String(readAll(in), StandardCharsets.UTF_8);
				final Matcher m = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(json);
				return m.find() ? Integer.parseInt(m.group(1)) : 0;
			}
		}
		catch (final IOException e) {
			return 0; // not up yet
		}
	}

	void awaitWorkers(final int n, final int seconds) throws InterruptedException, IOException {
		final long end = System.nanoTime() + seconds * 1_000_000_000L;
		while (aliveWorkers() < n) {
			if (!master.isAlive()) throw new IOException("The Spark Master exited: see " + dir.resolve("master.log"));
			if (System.nanoTime() > end) throw new IOException("Only " + aliveWorkers() + " of " + n + " Spark Workers " +
				"registered within " + seconds + " s: see the logs in " + dir);
			Thread.sleep(250);
		}
	}

	/** Kills Worker {@code i} and the executor it started, at once (kill -9), like a machine that fails. */
	void killWorker(final int i) {
		final Process w = workers.get(i);
		w.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
		w.destroyForcibly();
	}

	/** Executor JVMs running now (children of the Workers). */
	long executors() {
		long n = 0;
		for (final Process w : workers)
			n += w.toHandle().children().filter(ProcessHandle::isAlive).count();
		return n;
	}

	Path dir() {
		return dir;
	}

	@Override
	public void close() {
		for (final Process w : workers) {
			w.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
			w.destroyForcibly();
		}
		master.destroyForcibly();
		for (final Process p : workers)
			waitFor(p);
		waitFor(master);
	}

	private static void waitFor(final Process p) {
		try {
			p.waitFor();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static byte[] readAll(final InputStream in) throws IOException {
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		final byte[] buf = new byte[8192];
		for (int n; (n = in.read(buf)) > 0;)
			out.write(buf, 0, n);
		return out.toByteArray();
	}

	static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	static String javaBin() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}
}
