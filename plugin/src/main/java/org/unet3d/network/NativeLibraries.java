package org.unet3d.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Chooses ND4J's native CPU library before ND4J loads. The default build ships two:
 * {@code linux-x86_64-onednn-avx2} (oneDNN kernels, ~20x faster for 3D convolutions), which
 * JavaCPP loads when both are present, and the generic {@code linux-x86_64}. On a CPU without AVX2
 * ND4J does not fall back by itself (it refuses to start with the AVX2 library), so
 * {@link #configure()} sets JavaCPP's {@code org.bytedeco.javacpp.platform.extension} to the empty
 * extension there, which loads the generic library. A value the user set is never overridden.
 * <p>
 * It also makes ND4J's OpenMP threads wait passively (sleep) between operations
 * ({@code OMP_WAIT_POLICY=PASSIVE}, set in the process environment before the OpenMP runtime
 * loads) unless {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT} is set already, or the system
 * property {@code unet3d.openmp.passive} is {@code false}. OpenMP's default is to spin; when other
 * programs keep the cores busy, spinning threads wait for each other at every barrier, and a
 * training step took 5 to 15 times longer on a shared 2-core machine.
 */
public final class NativeLibraries {

	/** JavaCPP's system property naming the platform extension of native libraries to load. */
	public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

	/** OpenMP's environment variable for how idle threads wait. */
	public static final String WAIT_POLICY = "OMP_WAIT_POLICY";

	private static volatile boolean configured;
	private static volatile String waitPolicy;

	private NativeLibraries() {}

	/** Call before the first use of ND4J (entry points do); later calls do nothing. */
	public static synchronized void configure() {
		if (configured) return;
		configured = true;
		waitPolicy = System.getenv(WAIT_POLICY);
		if (waitPolicy == null && System.getenv("GOMP_SPINCOUNT") == null && !"false".equals(System.getProperty(
			"unet3d.openmp.passive")) && setenv(WAIT_POLICY, "PASSIVE")) waitPolicy = "PASSIVE";
		if (System.getProperty(EXTENSION_PROPERTY) != null) return;
		final String flags = cpuFlags();
		if (flags == null) return; // not Linux: the default library choice stands
		final String ext = extensionFor(flags);
		if (ext != null) System.setProperty(EXTENSION_PROPERTY, ext);
	}

	/**
	 * The OpenMP wait policy of this process: what the environment said, "PASSIVE" if
	 * {@link #configure()} set it, null for OpenMP's default; for child processes that should
	 * run the same way.
	 */
	public static String openMpWaitPolicy() {
		return waitPolicy;
	}

	/** C library's setenv (Linux); false where it cannot be called. */
	private static boolean setenv(final String name, final String value) {
		if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return false;
		try {
			return CLibrary.INSTANCE.setenv(name, value, 0) == 0;
		}
		catch (final Throwable t) { // no JNA or no libc: keep OpenMP's default
			return false;
		}
	}

	/** The one C function needed, through JNA. */
	private interface CLibrary extends Library {

		CLibrary INSTANCE = (CLibrary) Native.loadLibrary("c", CLibrary.class);

		int setenv(String name, String value, int overwrite);
	}

	/**
	 * The platform extension to force for a CPU with the given {@code /proc/cpuinfo} flags: the
	 * empty (generic) one without AVX2 or FMA, null (JavaCPP's default, oneDNN AVX2) otherwise.
	 */
	static String extensionFor(final String cpuFlags) {
		final String f = " " + cpuFlags.toLowerCase(java.util.Locale.ROOT) + " ";
		return f.contains(" avx2 ") && f.contains(" fma ") ? null : "";
	}

	/** True if the CPU has AVX-512 (foundation), read from {@code /proc/cpuinfo}; false where unknown. */
	public static boolean hasAvx512() {
		final String flags = cpuFlags();
		return flags != null && (" " + flags.toLowerCase(java.util.Locale.ROOT) + " ").contains(" avx512f ");
	}

	/** The flags line of {@code /proc/cpuinfo}, or null where there is none. */
	static String cpuFlags() {
		final Path p = Paths.get("/proc/cpuinfo");
		if (!Files.isReadable(p)) return null;
		try {
			final List<String> lines = Files.readAllLines(p, StandardCharsets.ISO_8859_1);
			for (final String l : lines)
				if (l.startsWith("flags")) return l.substring(l.indexOf(':') + 1).trim();
		}
		catch (final IOException e) {
			return null;
		}
		return null;
	}

	/**
	 * Which ND4J native library this process loaded (the folder of {@code libnd4jcpu.so} or the
	 * CUDA library), from {@code /proc/self/maps}; "unknown" elsewhere.
	 */
	public static String describe() {
		final Path maps = Paths.get("/proc/self/maps");
		try {
			if (Files.isReadable(maps)) for (final String l : Files.readAllLines(maps, StandardCharsets.ISO_8859_1)) {
				final int i = l.indexOf("/bindings/");
				if (i >= 0 && (l.contains("nd4jcpu") || l.contains("nd4jcuda"))) {
					final String rest = l.substring(i + "/bindings/".length());
					return "ND4J native " + rest.substring(0, rest.indexOf('/'));
				}
			}
		}
		catch (final IOException e) {
			// fall through
		}
		return "ND4J native library unknown";
	}
}
