package org.unet3d.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The library choice: oneDNN AVX2 by default, the generic library where AVX2 is missing, and the
 * generic library really loads and computes the same when forced.
 */
public class NativeLibrariesTest {

	@Test
	public void genericLibraryWithoutAvx2() {
		assertNull(NativeLibraries.extensionFor("fpu sse sse2 avx fma avx2 bmi2"));
		assertEquals("", NativeLibraries.extensionFor("fpu sse sse2 ssse3 sse4_1 sse4_2 avx"));
		assertEquals("", NativeLibraries.extensionFor("fpu sse sse2 avx avx2")); // AVX2 without FMA
	}

	@Test
	public void thisProcessUsesOneDnnWhereTheCpuHasAvx2() {
		final String flags = CpuFeatures.flags();
		Assume.assumeTrue("the system does not tell the CPU flags", flags != null);
		Nd4j.create(1); // load ND4J
		final String loaded = NativeLibraries.describe();
		if (NativeLibraries.extensionFor(flags) == null) assertEquals("ND4J native linux-x86_64-onednn-avx2", loaded);
		else assertEquals("ND4J native linux-x86_64", loaded);
	}

	/** Runs {@link NativeLibrariesProbe} in a JVM forced onto the generic library; it must load it and compute the same. */
	@Test
	public void forcedGenericLibraryLoadsAndComputesTheSame() throws Exception {
		Assume.assumeTrue("Linux only", new File("/proc/self/maps").exists());
		final String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		final Process p = new ProcessBuilder(java, "-D" + NativeLibraries.EXTENSION_PROPERTY + "=", "-cp", System.getProperty(
			"java.class.path"), NativeLibrariesProbe.class.getName()).redirectErrorStream(true).start();
		final StringBuilder out = new StringBuilder();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			for (String l; (l = r.readLine()) != null;)
				out.append(l).append('\n');
		}
		assertTrue("probe finished", p.waitFor(300, TimeUnit.SECONDS));
		assertEquals(out.toString(), 0, p.exitValue());
		assertTrue(out.toString(), out.toString().contains("library=ND4J native linux-x86_64\n"));
		final String sum = out.substring(out.indexOf("checksum=") + 9).trim().split("\\s")[0];
		assertEquals(NativeLibrariesProbe.checksum(), Double.parseDouble(sum), 1e-3 * Math.abs(NativeLibrariesProbe.checksum()));
	}

	/** Without a choice by the user, OpenMP threads are told to wait passively, in the C environment. */
	@Test
	public void openMpThreadsWaitPassively() {
		Assume.assumeTrue("Linux only", System.getProperty("os.name").toLowerCase().contains("linux"));
		Assume.assumeTrue("the user chose a policy", System.getenv("OMP_WAIT_POLICY") == null && System.getenv(
			"GOMP_SPINCOUNT") == null && System.getProperty("unet3d.openmp.passive") == null);
		NativeLibraries.configure();
		assertEquals("PASSIVE", NativeLibraries.openMpWaitPolicy());
		assertEquals("PASSIVE", LibC.INSTANCE.getenv("OMP_WAIT_POLICY"));
	}

	private interface LibC extends com.sun.jna.Library {

		LibC INSTANCE = (LibC) com.sun.jna.Native.loadLibrary("c", LibC.class);

		String getenv(String name);
	}

	/** The probe's computation in this process (oneDNN here) for comparison. */
	@Test
	public void probeComputesSomething() {
		final double c = NativeLibrariesProbe.checksum();
		assertTrue(c != 0 && !Double.isNaN(c));
		final INDArray x = Nd4j.ones(DataType.FLOAT, 2);
		assertEquals(2.0, x.sumNumber().doubleValue(), 0);
	}
}
