package org.unet3d.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.Assume;
import org.junit.Test;

/**
 * Each operating system's report of the CPU, turned into flags, and the library choice that follows
 * from them ({@link NativeLibraries#extensionFor}: null = oneDNN AVX2, "" = the generic library).
 */
public class CpuFeaturesTest {

	/** sysctl -n machdep.cpu.features, then machdep.cpu.leaf7_features, as on an Intel Mac of 2017 (Kaby Lake). */
	private static final String KABY_LAKE_MAC = "FPU VME DE PSE TSC MSR PAE MCE CX8 APIC SEP MTRR PGE MCA CMOV PAT PSE36 " +
		"CLFSH DS ACPI MMX FXSR SSE SSE2 SS HTT TM PBE SSE3 PCLMULQDQ DTES64 MON DSCPL VMX EST TM2 SSSE3 FMA CX16 TPR PDCM " +
		"SSE4.1 SSE4.2 x2APIC MOVBE POPCNT AES PCID XSAVE OSXSAVE SEGLIM64 TSCTMR AVX1.0 RDRAND F16C\n" +
		"RDWRFSGS TSC_THREAD_OFFSET SGX BMI1 HLE AVX2 SMEP BMI2 ERMS INVPCID RTM FPU_CSDS MPX RDSEED ADX SMAP CLFSOPT IPT " +
		"MDCLEAR TSXFA IBRS STIBP L1DF SSBD\n";

	/** The same as on a Mac of 2012 (Ivy Bridge: AVX, no AVX2, no leaf 7 value). */
	private static final String IVY_BRIDGE_MAC = "FPU VME DE PSE TSC MSR PAE MCE CX8 APIC SEP MTRR PGE MCA CMOV PAT PSE36 " +
		"CLFSH DS ACPI MMX FXSR SSE SSE2 SS HTT TM PBE SSE3 PCLMULQDQ DTES64 MON DSCPL VMX EST TM2 SSSE3 CX16 TPR PDCM " +
		"SSE4.1 SSE4.2 x2APIC POPCNT AES PCID XSAVE OSXSAVE TSCTMR AVX1.0 RDRAND F16C\n ";

	@Test
	public void macReportChoosesTheLibrary() {
		assertNull(NativeLibraries.extensionFor(CpuFeatures.mac(KABY_LAKE_MAC)));
		assertEquals("", NativeLibraries.extensionFor(CpuFeatures.mac(IVY_BRIDGE_MAC)));
		assertNull("sysctl answered nothing", CpuFeatures.mac(" \n "));
	}

	@Test
	public void windowsReportChoosesTheLibrary() {
		assertNull(NativeLibraries.extensionFor(CpuFeatures.windows(present(CpuFeatures.PF_SSSE3, CpuFeatures.PF_AVX2))));
		assertEquals("ssse3 avx2 fma avx512f", CpuFeatures.windows(present(CpuFeatures.PF_SSSE3, CpuFeatures.PF_AVX2,
			CpuFeatures.PF_AVX512F)));
		assertEquals("", NativeLibraries.extensionFor(CpuFeatures.windows(present(CpuFeatures.PF_SSSE3))));
		assertNull("a Windows that does not know the numbers tells nothing", CpuFeatures.windows(present()));
	}

	@Test
	public void linuxReportIsTheFlagsLine() {
		assertEquals("fpu sse avx2 fma", CpuFeatures.linux(Arrays.asList("processor\t: 0", "model name\t: x",
			"flags\t\t: fpu sse avx2 fma ", "bogomips\t: 1")));
		assertNull(CpuFeatures.linux(Arrays.asList("processor\t: 0")));
	}

	@Test
	public void thisLinuxMachine() throws Exception {
		Assume.assumeTrue("Linux only", Files.isReadable(Paths.get("/proc/cpuinfo")));
		String expected = null;
		for (final String l : Files.readAllLines(Paths.get("/proc/cpuinfo"), StandardCharsets.ISO_8859_1))
			if (expected == null && l.matches("flags\\s*:.*")) expected = l.replaceFirst("flags\\s*:", "").trim();
		assertEquals(expected, CpuFeatures.flags());
	}

	private static java.util.function.IntPredicate present(final Integer... features) {
		final Set<Integer> s = new HashSet<>(Arrays.asList(features));
		return s::contains;
	}
}
