package org.unet3d.install;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a native library file is built for and which libraries it asks the system loader for, read
 * from its header: ELF (Linux), PE (Windows) or Mach-O (macOS), 64-bit. An independent reading of
 * the files (no JavaCPP, no system tools), so that {@link PlatformFoldersTest} can check an install
 * folder for platforms this machine cannot run.
 */
final class NativeBinary {

	/**
	 * JavaCPP's name of the platform it is built for: linux-x86_64, windows-x86_64, macosx-x86_64,
	 * macosx-arm64; several for a universal macOS file.
	 */
	final Set<String> platforms;

	/**
	 * The libraries it links to, as written in the file: ELF DT_NEEDED names (libc.so.6), PE import
	 * and delay-load DLL names (KERNEL32.dll), Mach-O dylib paths (@rpath/libopenblas.0.dylib; those of
	 * all its parts for a universal file).
	 */
	final List<String> imports;

	private NativeBinary(final Set<String> platforms, final List<String> imports) {
		this.platforms = Collections.unmodifiableSet(platforms);
		this.imports = Collections.unmodifiableList(imports);
	}

	private NativeBinary(final String platform, final List<String> imports) {
		this(new TreeSet<>(Collections.singleton(platform)), imports);
	}

	/** Reads a library file; fails on a format or architecture this project does not ship. */
	static NativeBinary read(final byte[] file) {
		final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
		if (file.length > 64 && b.getInt(0) == 0x464C457F) return elf(b);
		if (file.length > 64 && b.getShort(0) == 0x5A4D) return pe(b);
		if (file.length > 32 && b.getInt(0) == 0xFEEDFACF) return machO(b);
		if (file.length > 8 && b.order(ByteOrder.BIG_ENDIAN).getInt(0) == 0xCAFEBABE) return universal(file, b);
		throw new IllegalArgumentException("neither ELF, PE nor 64-bit Mach-O");
	}

	private static NativeBinary elf(final ByteBuffer b) {
		if (b.get(4) != 2 || b.get(5) != 1) throw new IllegalArgumentException("not a 64-bit little-endian ELF file");
		final String arch = arch(b.getShort(18) & 0xFFFF, 62, 183, "ELF");
		final long shoff = b.getLong(40);
		final int shentsize = b.getShort(58) & 0xFFFF, shnum = b.getShort(60) & 0xFFFF;
		final List<String> needed = new ArrayList<>();
		for (int i = 0; i < shnum; i++) {
			final int sh = (int) (shoff + (long) i * shentsize);
			if (b.getInt(sh + 4) != 6) continue; // SHT_DYNAMIC
			final int dyn = (int) b.getLong(sh + 24), size = (int) b.getLong(sh + 32);
			final int strtab = (int) b.getLong((int) (shoff + (long) b.getInt(sh + 40) * shentsize) + 24);
			for (int e = dyn; e + 16 <= dyn + size; e += 16) {
				final long tag = b.getLong(e);
				if (tag == 0) break; // DT_NULL
				if (tag == 1) needed.add(cString(b, strtab + (int) b.getLong(e + 8))); // DT_NEEDED
			}
		}
		return new NativeBinary("linux-" + arch, needed);
	}

	private static NativeBinary pe(final ByteBuffer b) {
		final int pe = b.getInt(0x3C);
		if (b.getInt(pe) != 0x00004550) throw new IllegalArgumentException("an MZ file without a PE header");
		final String arch = arch(b.getShort(pe + 4) & 0xFFFF, 0x8664, 0xAA64, "PE");
		final int sections = b.getShort(pe + 6) & 0xFFFF, optSize = b.getShort(pe + 20) & 0xFFFF;
		final int opt = pe + 24;
		if ((b.getShort(opt) & 0xFFFF) != 0x20B) throw new IllegalArgumentException("not a PE32+ (64-bit) file");
		final int dirs = opt + 112, sectionTable = opt + optSize;
		final List<String> dlls = new ArrayList<>();
		final int imports = b.getInt(dirs + 8); // directory 1: import table
		if (imports != 0) for (int d = offset(b, sectionTable, sections, imports);; d += 20) {
			final int name = b.getInt(d + 12);
			if (name == 0) break;
			dlls.add(cString(b, offset(b, sectionTable, sections, name)));
		}
		final int delayed = b.getInt(dirs + 13 * 8); // directory 13: delay-load import table
		final long imageBase = b.getLong(opt + 24);
		if (delayed != 0) for (int d = offset(b, sectionTable, sections, delayed);; d += 32) {
			final int name = b.getInt(d + 4);
			if (name == 0) break;
			final boolean rva = (b.getInt(d) & 1) != 0; // else an old-style virtual address
			dlls.add(cString(b, offset(b, sectionTable, sections, rva ? name : (int) (name - imageBase))));
		}
		return new NativeBinary("windows-" + arch, dlls);
	}

	/** The file offset of a PE relative virtual address, through the section table. */
	private static int offset(final ByteBuffer b, final int table, final int sections, final int rva) {
		for (int s = 0; s < sections; s++) {
			final int h = table + 40 * s;
			final int va = b.getInt(h + 12), size = Math.max(b.getInt(h + 8), b.getInt(h + 16));
			if (rva >= va && rva < va + size) return rva - va + b.getInt(h + 20);
		}
		throw new IllegalArgumentException("address " + rva + " is in no section");
	}

	private static NativeBinary machO(final ByteBuffer b) {
		final String arch = arch(b.getInt(4), 0x01000007, 0x0100000C, "Mach-O");
		final int commands = b.getInt(16);
		final List<String> dylibs = new ArrayList<>();
		for (int i = 0, c = 32; i < commands; i++, c += b.getInt(c + 4)) {
			final int cmd = b.getInt(c);
			// LC_LOAD_DYLIB, LC_LAZY_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LC_LOAD_UPWARD_DYLIB
			if (cmd == 0xC || cmd == 0x20 || cmd == 0x80000018 || cmd == 0x8000001F || cmd == 0x80000023)
				dylibs.add(cString(b, c + b.getInt(c + 8)));
		}
		return new NativeBinary("macosx-" + arch, dylibs);
	}

	/** A universal macOS file: a big-endian table of thin Mach-O files (offset at +8, size at +12 of each 20-byte entry). */
	private static NativeBinary universal(final byte[] file, final ByteBuffer b) {
		final Set<String> platforms = new TreeSet<>();
		final List<String> imports = new ArrayList<>();
		for (int i = 0, n = b.getInt(4); i < n; i++) {
			final int offset = b.getInt(8 + 20 * i + 8), size = b.getInt(8 + 20 * i + 12);
			final NativeBinary part = read(Arrays.copyOfRange(file, offset, offset + size));
			platforms.addAll(part.platforms);
			for (final String lib : part.imports)
				if (!imports.contains(lib)) imports.add(lib);
		}
		return new NativeBinary(platforms, imports);
	}

	private static String arch(final int machine, final int x86_64, final int arm64, final String format) {
		if (machine == x86_64) return "x86_64";
		if (machine == arm64) return "arm64";
		throw new IllegalArgumentException(format + " file for machine type 0x" + Integer.toHexString(machine));
	}

	private static String cString(final ByteBuffer b, final int at) {
		int end = at;
		while (b.get(end) != 0)
			end++;
		final byte[] s = new byte[end - at];
		for (int i = 0; i < s.length; i++)
			s[i] = b.get(at + i);
		return new String(s, StandardCharsets.UTF_8);
	}
}
