package org.unet3d.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The CPU's instruction sets, as the operating system reports them, in the form of Linux's
 * {@code /proc/cpuinfo} flags (lower case, space separated: "sse2 avx fma avx2 ..."), so that
 * {@link NativeLibraries} can tell whether ND4J's AVX2 library can run: Linux's flags line, macOS's
 * {@code sysctl machdep.cpu.features machdep.cpu.leaf7_features} (an x86_64 Java under Rosetta
 * sees what Rosetta offers), Windows' {@code IsProcessorFeaturePresent}.
 */
final class CpuFeatures {

	/** Windows' feature numbers (winnt.h): SSSE3 is the first of the set that includes AVX2 and AVX-512. */
	static final int PF_SSSE3 = 36, PF_AVX2 = 40, PF_AVX512F = 41;

	private CpuFeatures() {}

	/** This CPU's flags; null where the operating system does not tell (or is none of the three). */
	static String flags() {
		final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		try {
			if (os.contains("linux")) {
				final Path p = Paths.get("/proc/cpuinfo");
				return Files.isReadable(p) ? linux(Files.readAllLines(p, StandardCharsets.ISO_8859_1)) : null;
			}
			if (os.contains("mac")) return mac(sysctl("machdep.cpu.features") + " " + sysctl("machdep.cpu.leaf7_features"));
			if (os.contains("windows")) return windows(Kernel32.INSTANCE::IsProcessorFeaturePresent);
		}
		catch (final IOException | RuntimeException | LinkageError e) { // unreadable, no sysctl, no JNA: unknown
			return null;
		}
		return null;
	}

	/** The flags line of {@code /proc/cpuinfo}. */
	static String linux(final List<String> cpuinfo) {
		for (final String l : cpuinfo)
			if (l.startsWith("flags")) return l.substring(l.indexOf(':') + 1).trim();
		return null;
	}

	/** macOS's feature words (FMA, AVX1.0, ...; AVX2, AVX512F in leaf 7) in lower case. */
	static String mac(final String sysctl) {
		final String f = sysctl == null ? "" : sysctl.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
		return f.isEmpty() ? null : f;
	}

	/**
	 * Windows' answer for SSSE3, AVX2 and AVX-512F; null where Windows does not know these feature
	 * numbers (added to Windows 10 and 11 in their later updates): an older Windows answers "no" to
	 * all of them, SSSE3 included, which every x86_64 CPU since 2008 has. Windows has no number for
	 * FMA; every CPU with AVX2 has FMA3.
	 */
	static String windows(final IntPredicate present) {
		if (!present.test(PF_SSSE3)) return null;
		return "ssse3" + (present.test(PF_AVX2) ? " avx2 fma" : "") + (present.test(PF_AVX512F) ? " avx512f" : "");
	}

	/** One value of macOS's sysctl, "" where there is none (leaf7_features on CPUs older than 2013). */
	private static String sysctl(final String name) throws IOException {
		final Process p = new ProcessBuilder("/usr/sbin/sysctl", "-n", name).redirectErrorStream(true).start();
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (InputStream in = p.getInputStream()) {
			final byte[] b = new byte[4096];
			for (int n; (n = in.read(b)) > 0;)
				out.write(b, 0, n);
			if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return "";
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return "";
		}
		finally {
			p.destroy();
		}
		return new String(out.toByteArray(), StandardCharsets.US_ASCII);
	}

	/** The one Windows function needed, through JNA. */
	private interface Kernel32 extends Library {

		Kernel32 INSTANCE = (Kernel32) Native.loadLibrary("kernel32", Kernel32.class);

		boolean IsProcessorFeaturePresent(int feature);
	}
}
