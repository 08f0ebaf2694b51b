package org.unet3d.install;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.IJ;

/**
 * install-into-fiji.ijm, the install step without a shell, run by ImageJ 1 without a display as
 * {@code ImageJ -batch install-into-fiji.ijm <Fiji.app>}: it copies the plugin and the jars Fiji lacks,
 * keeps Fiji's own version of a library (also in a subfolder of jars/), and does what
 * install-into-fiji.sh does with the same folders.
 */
public class InstallMacroTest {

	private static final File SCRIPTS = new File("plugin/src/main/scripts");

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** A fiji install folder as mvn package makes it, with small stand-ins for the jars (each its own content). */
	private File ours() throws IOException {
		final File here = tmp.newFolder("unet3d-fiji");
		write(new File(here, "plugins/3D_UNet.jar"), "plugin");
		for (final String j : new String[] { "nd4j-api-1.0.0-M2.1.jar", "commons-collections4-4.1.jar", "formats-api-6.0.jar",
			"javacpp-1.5.7.jar", "javacpp-1.5.7-windows-x86_64.jar", "nd4j-native-1.0.0-M2.1-windows-x86_64-onednn-avx2.jar" })
			write(new File(here, "jars/" + j), j);
		for (final String s : new String[] { "install-into-fiji.ijm", "install-into-fiji.sh" })
			Files.copy(new File(SCRIPTS, s).toPath(), new File(here, s).toPath());
		return here;
	}

	/** A Fiji.app with some libraries of its own, in jars/ and in a subfolder of it. */
	private File fiji(final String name) throws IOException {
		final File fiji = tmp.newFolder(name);
		write(new File(fiji, "jars/commons-collections4-4.4.jar"), "Fiji's");
		write(new File(fiji, "jars/bio-formats/formats-api-7.0.0.jar"), "Fiji's");
		write(new File(fiji, "jars/jna-5.14.0.jar"), "Fiji's");
		assertTrue(new File(fiji, "plugins").mkdirs());
		return fiji;
	}

	@Test
	public void copiesWhatFijiLacksAndKeepsFijisOwnLibraries() throws Exception {
		final File here = ours(), fiji = fiji("Fiji.app");
		final String out = runMacro(new File(here, "install-into-fiji.ijm"), fiji);
		assertEquals(out, new TreeSet<>(Arrays.asList("bio-formats/formats-api-7.0.0.jar", "commons-collections4-4.4.jar",
			"jna-5.14.0.jar", "nd4j-api-1.0.0-M2.1.jar", "javacpp-1.5.7.jar", "javacpp-1.5.7-windows-x86_64.jar",
			"nd4j-native-1.0.0-M2.1-windows-x86_64-onednn-avx2.jar")), files(new File(fiji, "jars")));
		for (final String j : new String[] { "nd4j-api-1.0.0-M2.1.jar", "javacpp-1.5.7-windows-x86_64.jar" })
			assertArrayEquals(j, bytes(new File(here, "jars/" + j)), bytes(new File(fiji, "jars/" + j)));
		assertArrayEquals(bytes(new File(here, "plugins/3D_UNet.jar")), bytes(new File(fiji, "plugins/3D_UNet.jar")));
		assertEquals("Fiji's", new String(bytes(new File(fiji, "jars/commons-collections4-4.4.jar")), StandardCharsets.UTF_8));
		assertTrue(out, out.contains("and 4 jars into"));
		assertTrue(out, out.contains("Kept Fiji's own version instead of: commons-collections4-4.1.jar formats-api-6.0.jar"));
	}

	@Test
	public void installsWhatTheShellScriptInstalls() throws Exception {
		Assume.assumeTrue("needs sh", new File("/bin/sh").canExecute());
		final File here = ours(), byMacro = fiji("Fiji-macro.app"), byScript = fiji("Fiji-sh.app");
		runMacro(new File(here, "install-into-fiji.ijm"), byMacro);
		final String out = run(Arrays.asList("/bin/sh", new File(here, "install-into-fiji.sh").getPath(), byScript.getPath()));
		assertTrue(out, out.contains("Installed"));
		assertEquals(files(byScript), files(byMacro));
	}

	@Test
	public void refusesAFolderThatIsNotFiji() throws Exception {
		final File here = ours(), notFiji = tmp.newFolder("Pictures");
		final String out = runMacro(new File(here, "install-into-fiji.ijm"), notFiji);
		assertTrue(out, out.contains("Error: " + notFiji.getPath() + File.separator +
			" is not a Fiji installation: it has no jars/ and plugins/ folders."));
		assertEquals(new TreeSet<String>(), files(notFiji));
	}

	/** Runs the macro as ImageJ -batch does, in a JVM without a display; its output. */
	private static String runMacro(final File macro, final File fiji) throws Exception {
		final String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		final String ij = new File(IJ.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
		return run(Arrays.asList(java, "-Djava.awt.headless=true", "-cp", ij, "ij.ImageJ", "-batch", macro.getPath(), fiji
			.getPath()));
	}

	private static String run(final List<String> command) throws Exception {
		final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		final List<String> lines = new ArrayList<>();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			for (String l; (l = r.readLine()) != null;)
				lines.add(l);
		}
		assertTrue("finished", p.waitFor(120, TimeUnit.SECONDS));
		final String out = String.join("\n", lines);
		assertFalse(out, out.contains("Exception"));
		return out;
	}

	/** The files under dir, as paths relative to it with '/'. */
	private static Set<String> files(final File dir) throws IOException {
		final Path root = dir.toPath();
		try (Stream<Path> s = Files.walk(root)) {
			return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace(File.separatorChar, '/'))
				.collect(Collectors.toCollection(TreeSet::new));
		}
	}

	private static void write(final File f, final String content) throws IOException {
		Files.createDirectories(f.getParentFile().toPath());
		Files.write(f.toPath(), content.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] bytes(final File f) throws IOException {
		return Files.readAllBytes(f.toPath());
	}
}
