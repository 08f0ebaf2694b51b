package org.unet3d.install;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The install folders that {@code mvn package -Dplatforms=all} makes in target/platforms/ (and
 * {@code -Pcuda -Dplatforms=all} for the CUDA ones): in both the ImageJ 1 folder and the Fiji folder,
 * the jars are unpacked and every native library is read ({@link NativeBinary}). Each folder must
 * hold, for each of its platforms, the libraries ND4J and JavaCPP load there (ND4J's fastest build
 * where Central has one and the generic fallback, OpenBLAS, JavaCPP's own), built for that
 * platform, with every library they link to either beside them or part of the operating system
 * (or of the CUDA toolkit, for the CUDA folders); and nothing of any other platform.
 * <p>
 * A folder that was not built is skipped with a message; with
 * {@code -Dunet3d.platforms.required=true} (CI) a missing CPU folder fails instead.
 */
@RunWith(Parameterized.class)
public class PlatformFoldersTest {

	private static final File ROOT = new File("target/platforms");

	/** ND4J's CPU builds per platform, as the build ships them: the fastest that Central serves, then the generic one. */
	private static final Map<String, List<String>> CPU_BUILDS = new LinkedHashMap<>();
	static {
		CPU_BUILDS.put("linux-x86_64", Arrays.asList("linux-x86_64-onednn-avx2", "linux-x86_64"));
		CPU_BUILDS.put("windows-x86_64", Arrays.asList("windows-x86_64-onednn-avx2", "windows-x86_64"));
		CPU_BUILDS.put("macosx-x86_64", Arrays.asList("macosx-x86_64-onednn-avx2", "macosx-x86_64"));
		CPU_BUILDS.put("macosx-arm64", Arrays.asList("macosx-arm64"));
	}

	/** Where ND4J's and JavaCPP's natives sit in their jars: a folder named after the platform, below these. */
	private static final String JAVACPP = "org/bytedeco/javacpp/", OPENBLAS = "org/bytedeco/openblas/",
		CUDA_PRESET = "org/bytedeco/cuda/", ND4J_CPU = "org/nd4j/linalg/cpu/nativecpu/bindings/",
		ND4J_CUDA = "org/nd4j/linalg/jcublas/bindings/";

	/** A JavaCPP platform folder name: os-arch, then an optional extension (-onednn-avx2). */
	private static final Pattern PLATFORM_DIR = Pattern.compile(
		"(linux|windows|macosx|android|ios)-(x86_64|x86|arm64|armhf|arm|ppc64le|ppc64|riscv64)(-[a-z0-9-]+)?");

	private static final Pattern NATIVE_FILE = Pattern.compile(".*\\.(so(\\.[0-9]+)*|dll|dylib|jnilib)");

	/** The jar file name of a platform's natives: artifact-version-platform[-extension].jar. */
	private static final Pattern NATIVE_JAR = Pattern.compile("(.+?)-((linux|windows|macosx|android|ios)-[a-z0-9_]+)(-.+)?\\.jar");

	/** Libraries every Linux, Windows or macOS has; the natives may link to these without shipping them. */
	private static final Set<String> LINUX_SYSTEM = new TreeSet<>(Arrays.asList("libc.so.6", "libm.so.6", "libdl.so.2",
		"libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1"));
	private static final Set<String> WINDOWS_SYSTEM = new TreeSet<>(Arrays.asList("kernel32.dll", "user32.dll",
		"advapi32.dll", "msvcrt.dll", "ws2_32.dll", "shell32.dll", "ole32.dll", "oleaut32.dll", "bcrypt.dll", "psapi.dll",
		"dbghelp.dll", "setupapi.dll", "shlwapi.dll", "version.dll"));

	/** The analysed natives of the jars read so far, by entry (name, CRC, size): "all" repeats the others' jars. */
	private static final Map<String, NativeBinary> READ = new ConcurrentHashMap<>();

	@Parameters(name = "{0}")
	public static Collection<Object[]> folders() {
		final List<Object[]> folders = new ArrayList<>();
		for (final String p : CPU_BUILDS.keySet())
			folders.add(new Object[] { p });
		folders.add(new Object[] { "all" });
		folders.add(new Object[] { "linux-x86_64-cuda" });
		folders.add(new Object[] { "windows-x86_64-cuda" });
		return folders;
	}

	private final String name;
	private final boolean cuda;
	/** platform -> ND4J builds this folder must hold for it */
	private final Map<String, List<String>> builds = new LinkedHashMap<>();

	public PlatformFoldersTest(final String name) {
		this.name = name;
		cuda = name.endsWith("-cuda");
		if (name.equals("all")) builds.putAll(CPU_BUILDS);
		else if (cuda) {
			final String p = name.substring(0, name.length() - "-cuda".length());
			builds.put(p, Collections.singletonList(p));
		}
		else builds.put(name, CPU_BUILDS.get(name));
	}

	@Test
	public void imageJFolderHoldsItsPlatformsNatives() throws IOException {
		checkJars(new File(folder(), "imagej/3D_UNet"));
		assertTrue(new File(folder(), "imagej/3D_UNet/3D_UNet.jar").isFile());
	}

	@Test
	public void fijiFolderHoldsItsPlatformsNatives() throws IOException {
		checkJars(new File(folder(), "fiji/jars"));
		for (final String f : new String[] { "plugins/3D_UNet.jar", "install-into-fiji.ijm", "install-into-fiji.sh" })
			assertTrue(name + ": fiji/" + f, new File(folder(), "fiji/" + f).isFile());
	}

	private File folder() {
		final File f = new File(ROOT, name);
		if (!f.isDirectory()) {
			final String how = "mvn package " + (cuda ? "-Pcuda " : "") + "-Dplatforms=all";
			if (!cuda && Boolean.getBoolean("unet3d.platforms.required")) fail(f + " is missing: make it with " + how);
			final String why = f + " not built, skipped (make it with " + how + ")";
			System.out.println(why);
			Assume.assumeTrue(why, false);
		}
		return f;
	}

	/** One native library in a jar. */
	private static final class Native {

		final String jar, path, dir, file;
		final NativeBinary binary;

		Native(final String jar, final String path, final NativeBinary binary) {
			this.jar = jar;
			this.path = path;
			final String[] parts = path.split("/");
			dir = parts[parts.length - 2];
			file = parts[parts.length - 1];
			this.binary = binary;
		}

		/** linux-x86_64 for a library in a linux-x86_64-onednn-avx2 folder */
		String platform() {
			final Matcher m = PLATFORM_DIR.matcher(dir);
			return m.matches() ? m.group(1) + "-" + m.group(2) : null;
		}

		boolean in(final String prefix, final String folder) {
			return path.startsWith(prefix) && dir.equals(folder);
		}

		@Override
		public String toString() {
			return jar + "!/" + path;
		}
	}

	private void checkJars(final File dir) throws IOException {
		final File[] jars = dir.listFiles((d, n) -> n.endsWith(".jar"));
		assertTrue(dir + " has no jars", jars != null && jars.length > 0);
		final Set<String> jarNames = new TreeSet<>();
		for (final File j : jars)
			jarNames.add(j.getName());
		final List<Native> natives = new ArrayList<>();
		final List<String> problems = new ArrayList<>();
		for (final File j : jars)
			natives.addAll(nativesOf(j, problems));

		for (final String j : jarNames) { // a platform's jar belongs here, and comes with its Java half, same version
			final Matcher m = NATIVE_JAR.matcher(j);
			if (!m.matches()) continue;
			if (!builds.containsKey(m.group(2))) problems.add(j + " is for " + m.group(2));
			if (!jarNames.contains(m.group(1) + ".jar")) problems.add(j + " without " + m.group(1) + ".jar");
		}
		final Map<String, Set<String>> foreign = new TreeMap<>(); // jar -> other platforms' libraries in it
		for (final Native n : natives) {
			if (!builds.containsKey(n.platform())) foreign.computeIfAbsent(n.jar + " holds libraries for " + n.platform(),
				k -> new TreeSet<>()).add(n.file);
			else if (!n.binary.platforms.contains(n.platform())) problems.add(n + ": built for " + n.binary.platforms);
		}
		for (final Map.Entry<String, Set<String>> e : foreign.entrySet()) {
			final List<String> files = new ArrayList<>(e.getValue());
			problems.add(e.getKey() + ": " + (files.size() <= 4 ? files : files.subList(0, 4) + " and " + (files.size() - 4) +
				" more"));
		}
		for (final Map.Entry<String, List<String>> e : builds.entrySet())
			for (final String build : e.getValue())
				checkLoadable(e.getKey(), build, natives, problems);
		for (final String p : builds.keySet()) { // exactly the ND4J builds meant for each platform
			final Set<String> found = new TreeSet<>();
			for (final Native n : natives)
				if (n.path.startsWith(cuda ? ND4J_CUDA : ND4J_CPU) && p.equals(n.platform())) found.add(n.dir);
			if (!found.equals(new TreeSet<>(builds.get(p)))) problems.add("ND4J builds for " + p + ": " + found + ", not " +
				builds.get(p));
		}
		if (!problems.isEmpty()) fail(dir + ":\n  " + String.join("\n  ", problems));
		long bytes = 0;
		for (final File j : jars)
			bytes += j.length();
		System.out.printf("%s: %d jars, %.0f MB, %d native libraries of %s%n", dir, jars.length, bytes / 1e6, natives.size(),
			builds.keySet());
	}

	/**
	 * What one ND4J build loads on its platform (its own folder, OpenBLAS's and JavaCPP's; the CUDA
	 * presets' for CUDA): the libraries it needs are there, and everything they link to.
	 */
	private void checkLoadable(final String platform, final String build, final List<Native> natives,
		final List<String> problems)
	{
		final List<Native> loaded = new ArrayList<>();
		for (final Native n : natives)
			if (n.in(cuda ? ND4J_CUDA : ND4J_CPU, build) || n.in(JAVACPP, platform) || n.in(OPENBLAS, platform) || n.in(
				CUDA_PRESET, platform)) loaded.add(n);
		final boolean windows = platform.startsWith("windows");
		final Map<String, Native> byFile = new HashMap<>();
		for (final Native n : loaded)
			byFile.put(windows ? n.file.toLowerCase(Locale.ROOT) : n.file, n);

		final List<String> needed = new ArrayList<>(Arrays.asList(JAVACPP + "jnijavacpp"));
		final String nd4j = cuda ? ND4J_CUDA : ND4J_CPU, core = cuda ? "nd4jcuda" : "nd4jcpu";
		needed.add(nd4j + "jni" + core);
		needed.add(nd4j + core);
		if (!cuda) {
			needed.addAll(Arrays.asList(OPENBLAS + "openblas", OPENBLAS + "jniopenblas", OPENBLAS + "jniopenblas_nolapack"));
			if (!platform.startsWith("macosx")) needed.add(nd4j + "gomp"); // ND4J's macOS builds use no OpenMP
		}
		final Map<String, Native> byLibrary = new HashMap<>();
		for (final Native n : loaded)
			byLibrary.put(n.path.substring(0, n.path.indexOf(n.dir)) + library(n.file), n);
		for (final String lib : needed)
			if (!byLibrary.containsKey(lib)) problems.add(build + ": no " + lib + " library");

		for (final Native n : loaded)
			for (final String i : n.binary.imports) {
				final String file = i.substring(i.lastIndexOf('/') + 1), key = windows ? file.toLowerCase(Locale.ROOT) : file;
				if (byFile.containsKey(key) || byFile.containsKey(key.replace("openblas_nolapack", "openblas"))) continue;
				if (system(platform, i, key) || cuda && cudaToolkit(key)) continue;
				problems.add(build + ": " + n + " links to " + i + ", which is neither beside it nor part of the system");
			}

		// the JNI library really links to ND4J's library, and that to OpenBLAS: the header reading found them
		final Native jni = byLibrary.get(nd4j + "jni" + core), lib = byLibrary.get(nd4j + core), blas = byLibrary.get(
			OPENBLAS + "openblas");
		if (jni != null && lib != null) assertTrue(jni + " links to " + lib.file + ": " + jni.binary.imports, linksTo(jni,
			lib.file));
		if (lib != null && blas != null) assertTrue(lib + " links to " + blas.file + ": " + lib.binary.imports, linksTo(lib,
			blas.file));
	}

	private static boolean linksTo(final Native n, final String file) {
		for (final String i : n.binary.imports)
			if (i.substring(i.lastIndexOf('/') + 1).equalsIgnoreCase(file)) return true;
		return false;
	}

	/** A library's name without prefix, version and suffix: libopenblas.so.0, libopenblas.dll, libopenblas.0.dylib -> openblas. */
	static String library(final String file) {
		String n = file.toLowerCase(Locale.ROOT);
		if (n.startsWith("lib")) n = n.substring(3);
		n = n.replaceFirst("\\.(so|dll|dylib|jnilib)(\\.[0-9]+)*$", "");
		return n.replaceFirst("([.-][0-9]+)+$", "");
	}

	private static boolean system(final String platform, final String imported, final String file) {
		if (platform.startsWith("linux")) return LINUX_SYSTEM.contains(file);
		if (platform.startsWith("macosx")) return imported.startsWith("/usr/lib/") || imported.startsWith("/System/Library/");
		return WINDOWS_SYSTEM.contains(file) || file.startsWith("api-ms-win-");
	}

	/** Libraries of the CUDA toolkit and driver, which the CUDA build needs installed (CUDA 11.6). */
	private static boolean cudaToolkit(final String file) {
		return library(file).matches("(cu[a-z_]*|nv[a-z_]*|npp[a-z]*|nccl|nvidia-ml)(64)?(_[0-9]+)*");
	}

	/** The natives in a jar (JavaCPP's layout); natives elsewhere are problems, but for JNA's own. */
	private static List<Native> nativesOf(final File jar, final List<String> problems) throws IOException {
		final List<Native> natives = new ArrayList<>();
		try (ZipFile z = new ZipFile(jar)) {
			for (final Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements();) {
				final ZipEntry e = en.nextElement();
				final String path = e.getName();
				if (e.isDirectory() || !NATIVE_FILE.matcher(path).matches()) continue;
				final String[] parts = path.split("/");
				final boolean javacpp = (path.startsWith("org/bytedeco/") || path.startsWith("org/nd4j/")) && parts.length > 2 &&
					PLATFORM_DIR.matcher(parts[parts.length - 2]).matches();
				if (!javacpp) {
					// JNA (Fiji has its own) carries its dispatch library for every OS
					if (!jar.getName().startsWith("jna-")) problems.add(jar.getName() + "!/" + path + ": a native library outside JavaCPP's layout");
					continue;
				}
				final String key = path + ":" + e.getCrc() + ":" + e.getSize();
				NativeBinary b = READ.get(key);
				if (b == null) {
					try (InputStream in = z.getInputStream(e)) {
						b = NativeBinary.read(readAll(in, e.getSize()));
					}
					catch (final IllegalArgumentException ex) {
						problems.add(jar.getName() + "!/" + path + ": " + ex.getMessage());
						continue;
					}
					READ.put(key, b);
				}
				natives.add(new Native(jar.getName(), path, b));
			}
		}
		return natives;
	}

	private static byte[] readAll(final InputStream in, final long size) throws IOException {
		if (size >= 0) {
			final byte[] b = new byte[(int) size];
			for (int at = 0, n; at < b.length; at += n)
				if ((n = in.read(b, at, b.length - at)) < 0) throw new IOException("entry shorter than its size " + size);
			return b;
		}
		final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
		final byte[] buf = new byte[1 << 16];
		for (int n; (n = in.read(buf)) > 0;)
			out.write(buf, 0, n);
		return out.toByteArray();
	}
}
