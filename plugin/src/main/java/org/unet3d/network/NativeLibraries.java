package org.unet3d.network;

import java.util.Map;

import org.bytedeco.javacpp.Loader;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Chooses ND4J's native CPU library before ND4J loads. The install folders of Linux, Windows and
 * Intel macOS ship two: {@code <platform>-onednn-avx2} (oneDNN kernels, ~20x faster for 3D
 * convolutions), which JavaCPP loads when both are present, and the generic {@code <platform>}
 * (Apple silicon has only the generic one). On a CPU without AVX2 (or an Intel Java under Rosetta
 * that offers none) ND4J does not fall back by itself (it refuses to start with the AVX2 library),
 * so {@link #configure()} sets JavaCPP's {@code org.bytedeco.javacpp.platform.extension} to the
 * empty extension there, which loads the generic library; {@link CpuFeatures} tells. A value the
 * user set is never overridden.
 * <p>
 * It also makes ND4J's OpenMP threads wait passively (sleep) between operations
 * ({@code OMP_WAIT_POLICY=PASSIVE}, set in the process environment before the OpenMP runtime
 * loads; Linux) unless {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT} is set already, or the system
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
		if (System.getProperty(EXTENSION_PROPERTY) != null || !isX86_64()) return; // only x86_64 has an AVX2 library
		final String flags = CpuFeatures.flags();
		if (flags == null) return; // the system does not tell: JavaCPP's choice (oneDNN AVX2) stands
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

	/** True if the CPU has AVX-512 (foundation), as the system tells ({@link CpuFeatures}); false where unknown. */
	public static boolean hasAvx512() {
		final String flags = CpuFeatures.flags();
		return flags != null && (" " + flags.toLowerCase(java.util.Locale.ROOT) + " ").contains(" avx512f ");
	}

	private static boolean isX86_64() {
		final String arch = System.getProperty("os.arch", "");
		return arch.equals("amd64") || arch.equals("x86_64");
	}

	/**
	 * Which ND4J native library this process loaded, by its folder in the jar ("ND4J native
	 * linux-x86_64-onednn-avx2"), from JavaCPP's list of loaded libraries; "ND4J native library
	 * unknown" before ND4J loads.
	 */
	public static String describe() {
		for (final Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
			if (!e.getKey().equals("jnind4jcpu") && !e.getKey().startsWith("jnind4jcuda")) continue;
			final String path = e.getValue().replace('\\', '/');
			final int i = path.lastIndexOf("/bindings/");
			if (i >= 0) {
				final String rest = path.substring(i + "/bindings/".length());
				return "ND4J native " + rest.substring(0, Math.max(0, rest.indexOf('/')));
			}
		}
		return "ND4J native library unknown";
	}
}
