package org.unet3d;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.BeforeClass;
import org.junit.Test;
import org.unet3d.progress.Progress;

/**
 * Keeps the packages in layers that use each other one way only. It reads which {@code org.unet3d}
 * classes every compiled class of the plugin uses (from the class files, as {@code jdeps} does,
 * so an import, a fully qualified name and a method signature all count) and fails on a cycle
 * between packages, or on a use that {@link #MAY_USE} does not allow, naming the class and what
 * it uses. Where a new class goes: into the lowest layer whose packages it needs; where two
 * packages would need each other, the shared piece moves one layer down (as {@code PlaneCache}
 * moved from inference to data, where io can implement it).
 */
public class ArchitectureTest {

	/**
	 * Which packages each package may use, besides itself; a package and its subpackages (training
	 * and training.loss) are one layer here, though a cycle between them still fails. From the
	 * bottom:
	 * <ul>
	 * <li>progress: the one interface every long job reports to;
	 * <li>data (stacks, labels, patches, normalization) and network (the U-Net's shape and its DL4J
	 * layers), which do not know each other: a network never sees an image;
	 * <li>planning: what a network and a stack need together, chosen before any work: pooling and
	 * kernels for a voxel size, patch and tile sizes, and whether they fit in memory;
	 * <li>model (a trained network with its metadata); io (TIFF and model files), which reads into
	 * data and model types; zarr (OME-Zarr images, chunk by chunk), which writes its files
	 * atomically as io does; metrics (scores of label images) and objects, which need only data;
	 * <li>formats: the one place that tells TIFF (io) from OME-Zarr (zarr) by the path, to open,
	 * write and convert stacks of either; above both, so that neither knows the other;
	 * <li>training and inference, the two jobs, which do not use each other;
	 * <li>commands (SciJava commands), and on top the command line (cli) and the ImageJ 1 menus and
	 * dialogs (ij1).
	 * </ul>
	 */
	static final Map<String, Set<String>> MAY_USE = table(//
		"progress", "", //
		"data", "progress", //
		"network", "progress", //
		"planning", "progress data network", //
		"model", "progress data network", //
		"io", "progress data network model", //
		"zarr", "progress data io", //
		"metrics", "progress data", //
		"objects", "progress data", //
		"formats", "progress data io zarr", //
		"training", "progress data network planning model io zarr metrics objects", //
		"inference", "progress data network planning model io zarr formats objects", //
		"commands", "progress data network planning model io zarr formats metrics objects training inference", //
		"cli", "progress data network planning model io zarr formats metrics objects training inference commands", //
		"ij1", "progress data network planning model io zarr formats metrics objects training inference commands");

	/** Packages that may use ImageJ ({@code ij.*}): image files, and the front-ends. */
	static final Set<String> MAY_USE_IMAGEJ = set("io commands cli ij1");
	/** Packages that may use SciJava or Swing: the front-ends. */
	static final Set<String> MAY_USE_USER_INTERFACE = set("commands cli ij1");

	private static final String ROOT = "org.unet3d.";

	/** Class name -> the names of the classes it uses (all classes, ours or not). */
	private static Map<String, Set<String>> uses;

	@BeforeClass
	public static void readClasses() throws IOException, URISyntaxException {
		uses = readClassFiles(Paths.get(Progress.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
		assertTrue("found only " + uses.size() + " classes", uses.size() > 100);
	}

	@Test
	public void everyPackageHasItsPlaceInTheTable() {
		final Set<String> layers = new TreeSet<>();
		for (final String c : uses.keySet())
			if (c.startsWith(ROOT)) layers.add(layer(c));
		assertEquals("Packages without a row in MAY_USE (add one), or rows without a package (remove them)",
			MAY_USE.keySet(), layers);
	}

	@Test
	public void packagesFormNoCycle() {
		final Map<String, Set<String>> packages = packageGraph(uses);
		assertTrue("the graph should hold the known use inference -> planning: " + packages, packages.get(
			"org.unet3d.inference").contains("org.unet3d.planning"));
		final List<List<String>> cycles = cycles(packages);
		if (!cycles.isEmpty()) fail("Packages that use each other in a circle (move the shared piece one layer down):\n" +
			describe(cycles, uses));
	}

	@Test
	public void theLayerTableHasNoCycle() {
		final Map<String, Set<String>> table = new TreeMap<>(MAY_USE);
		assertEquals("MAY_USE allows a cycle", Collections.emptyList(), cycles(table));
	}

	@Test
	public void packagesUseOnlyTheLayersBelowThem() {
		final List<String> wrong = forbiddenUses(uses, MAY_USE);
		if (!wrong.isEmpty()) fail(wrong.size() + " use(s) against the layers of ArchitectureTest.MAY_USE:\n" + String
			.join("\n", wrong));
	}

	@Test
	public void onlyFileReadersAndFrontEndsUseImageJOrSciJava() {
		final List<String> wrong = new ArrayList<>();
		for (final Map.Entry<String, Set<String>> e : uses.entrySet()) {
			if (!e.getKey().startsWith(ROOT)) continue;
			final String layer = layer(e.getKey());
			for (final String used : e.getValue()) {
				final boolean imagej = used.startsWith("ij.");
				final boolean ui = used.startsWith("org.scijava.") || used.startsWith("javax.swing.");
				if (imagej && !MAY_USE_IMAGEJ.contains(layer) || ui && !MAY_USE_USER_INTERFACE.contains(layer)) wrong.add(
					outer(e.getKey()) + " uses " + outer(used));
			}
		}
		assertEquals("ImageJ only in " + MAY_USE_IMAGEJ + ", SciJava and Swing only in " + MAY_USE_USER_INTERFACE,
			Collections.emptyList(), new ArrayList<>(new TreeSet<>(wrong)));
	}

	/** The checks themselves find a cycle and a use against the table, and name the classes. */
	@Test
	public void aBadUseAndACycleAreFoundAndNamed() {
		final Map<String, Set<String>> bad = new HashMap<>();
		bad.put("org.unet3d.network.Conv3D", set("org.unet3d.data.Volume org.unet3d.network.Conv3D$1"));
		bad.put("org.unet3d.data.Volume", set("org.unet3d.training.Trainer"));
		bad.put("org.unet3d.training.Trainer", set("org.unet3d.network.Conv3D java.lang.String"));
		final List<String> wrong = forbiddenUses(bad, MAY_USE);
		assertEquals(Arrays.asList("org.unet3d.data.Volume uses org.unet3d.training.Trainer (data may use only: " +
			"progress)", "org.unet3d.network.Conv3D uses org.unet3d.data.Volume (network may use only: progress)"), wrong);
		final List<List<String>> cycles = cycles(packageGraph(bad));
		assertEquals(1, cycles.size());
		final String text = describe(cycles, bad);
		assertTrue(text, text.contains("org.unet3d.data.Volume uses org.unet3d.training.Trainer") && text.contains(
			"org.unet3d.training.Trainer uses org.unet3d.network.Conv3D") && text.contains(
				"org.unet3d.network.Conv3D uses org.unet3d.data.Volume"));
	}

	/** "from: to to ..." rows, read into a map. */
	private static Map<String, Set<String>> table(final String... rows) {
		final Map<String, Set<String>> t = new LinkedHashMap<>();
		for (int i = 0; i < rows.length; i += 2)
			t.put(rows[i], set(rows[i + 1]));
		return Collections.unmodifiableMap(t);
	}

	private static Set<String> set(final String words) {
		return Stream.of(words.trim().split("\\s+")).filter(w -> !w.isEmpty()).collect(Collectors.toCollection(
			TreeSet::new));
	}

	/** The first package under org.unet3d: "training" for org.unet3d.training.loss.SegmentationLoss. */
	static String layer(final String className) {
		final String rest = className.substring(ROOT.length());
		final int dot = rest.indexOf('.');
		return dot < 0 ? "" : rest.substring(0, dot);
	}

	private static String pkg(final String className) {
		final int dot = className.lastIndexOf('.');
		return dot < 0 ? "" : className.substring(0, dot);
	}

	/** The top-level class of a nested one: {@code a.B$C} -> {@code a.B}. */
	private static String outer(final String className) {
		final int d = className.indexOf('$');
		return d < 0 ? className : className.substring(0, d);
	}

	/** "X uses Y (layer may use only: ...)", one per pair of top-level classes, sorted. */
	static List<String> forbiddenUses(final Map<String, Set<String>> uses, final Map<String, Set<String>> mayUse) {
		final Set<String> wrong = new TreeSet<>();
		for (final Map.Entry<String, Set<String>> e : uses.entrySet()) {
			if (!e.getKey().startsWith(ROOT)) continue;
			final String from = layer(e.getKey());
			for (final String used : e.getValue()) {
				if (!used.startsWith(ROOT)) continue;
				final String to = layer(used);
				final Set<String> allowed = mayUse.getOrDefault(from, Collections.emptySet());
				if (!to.equals(from) && !allowed.contains(to)) wrong.add(outer(e.getKey()) + " uses " + outer(used) + " (" +
					from + " may use only: " + (allowed.isEmpty() ? "nothing" : String.join(", ", allowed)) + ")");
			}
		}
		return new ArrayList<>(wrong);
	}

	/** Package -> the other org.unet3d packages its classes use. */
	static Map<String, Set<String>> packageGraph(final Map<String, Set<String>> uses) {
		final Map<String, Set<String>> g = new TreeMap<>();
		for (final Map.Entry<String, Set<String>> e : uses.entrySet()) {
			if (!e.getKey().startsWith(ROOT)) continue;
			final String from = pkg(e.getKey());
			final Set<String> to = g.computeIfAbsent(from, k -> new TreeSet<>());
			for (final String used : e.getValue())
				if (used.startsWith(ROOT) && !pkg(used).equals(from)) to.add(pkg(used));
		}
		return g;
	}

	/** The strongly connected components of more than one node (Tarjan), each sorted. */
	static List<List<String>> cycles(final Map<String, Set<String>> graph) {
		final Map<String, Integer> index = new HashMap<>();
		final Map<String, Integer> low = new HashMap<>();
		final List<String> stack = new ArrayList<>();
		final List<List<String>> found = new ArrayList<>();
		for (final String v : graph.keySet())
			if (!index.containsKey(v)) connect(v, graph, index, low, stack, found);
		return found;
	}

	private static void connect(final String v, final Map<String, Set<String>> graph, final Map<String, Integer> index,
		final Map<String, Integer> low, final List<String> stack, final List<List<String>> found)
	{
		index.put(v, index.size());
		low.put(v, index.get(v));
		stack.add(v);
		for (final String w : graph.getOrDefault(v, Collections.emptySet())) {
			if (!index.containsKey(w)) {
				connect(w, graph, index, low, stack, found);
				low.put(v, Math.min(low.get(v), low.get(w)));
			}
			else if (stack.contains(w)) low.put(v, Math.min(low.get(v), index.get(w)));
		}
		if (low.get(v).equals(index.get(v))) {
			final List<String> component = new ArrayList<>();
			String w;
			do {
				w = stack.remove(stack.size() - 1);
				component.add(w);
			}
			while (!w.equals(v));
			if (component.size() > 1) {
				Collections.sort(component);
				found.add(component);
			}
		}
	}

	/** Each cycle with, for every use between two of its packages, one class that makes it. */
	private static String describe(final List<List<String>> cycles, final Map<String, Set<String>> uses) {
		final StringBuilder s = new StringBuilder();
		for (final List<String> cycle : cycles) {
			s.append("  ").append(String.join(", ", cycle)).append(":\n");
			final Map<String, String> example = new TreeMap<>();
			for (final Map.Entry<String, Set<String>> e : uses.entrySet())
				for (final String used : e.getValue())
					if (cycle.contains(pkg(e.getKey())) && cycle.contains(pkg(used)) && !pkg(e.getKey()).equals(pkg(used)))
						example.putIfAbsent(pkg(e.getKey()) + " -> " + pkg(used), outer(e.getKey()) + " uses " + outer(used));
			for (final Map.Entry<String, String> e : example.entrySet())
				s.append("    ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
		}
		return s.toString();
	}

	/** Every class in a folder of class files or a jar, with the classes it uses. */
	static Map<String, Set<String>> readClassFiles(final Path location) throws IOException {
		final Map<String, Set<String>> result = new TreeMap<>();
		if (Files.isDirectory(location)) {
			try (Stream<Path> files = Files.walk(location)) {
				for (final Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
					final String name = location.relativize(p).toString().replace(File.separatorChar, '/');
					try (InputStream in = Files.newInputStream(p)) {
						result.put(className(name), classesUsed(in));
					}
				}
			}
		}
		else try (ZipFile jar = new ZipFile(location.toFile())) {
			for (final Enumeration<? extends ZipEntry> en = jar.entries(); en.hasMoreElements();) {
				final ZipEntry e = en.nextElement();
				if (!e.getName().endsWith(".class") || e.getName().startsWith("META-INF/")) continue;
				try (InputStream in = jar.getInputStream(e)) {
					result.put(className(e.getName()), classesUsed(in));
				}
			}
		}
		result.remove("module-info");
		return result;
	}

	private static String className(final String path) {
		return path.substring(0, path.length() - ".class".length()).replace('/', '.');
	}

	/** Class names in descriptors and generic signatures: {@code Lorg/unet3d/data/Volume;}. */
	private static final Pattern IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

	/**
	 * The classes a class file names in its constant pool: its class entries (what it calls,
	 * creates, casts, extends) and the class names in field and method descriptors, generic
	 * signatures and annotations. (Like jdeps, it cannot see a constant that javac copied in.)
	 */
	static Set<String> classesUsed(final InputStream classFile) throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final byte[] buffer = new byte[8192];
		for (int n; (n = classFile.read(buffer)) > 0;)
			bytes.write(buffer, 0, n);
		final DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()));
		if (in.readInt() != 0xCAFEBABE) throw new IOException("Not a class file");
		in.readUnsignedShort(); // minor version
		in.readUnsignedShort(); // major version
		final int count = in.readUnsignedShort();
		final String[] utf8 = new String[count];
		final List<Integer> classEntries = new ArrayList<>();
		for (int i = 1; i < count; i++) {
			final int tag = in.readUnsignedByte();
			switch (tag) {
				case 1: // Utf8
					utf8[i] = in.readUTF();
					break;
				case 7: // Class
					classEntries.add(in.readUnsignedShort());
					break;
				case 8: // String
				case 16: // MethodType
				case 19: // Module
				case 20: // Package
					in.skipBytes(2);
					break;
				case 15: // MethodHandle
					in.skipBytes(3);
					break;
				case 3: // Integer
				case 4: // Float
				case 9: // Fieldref
				case 10: // Methodref
				case 11: // InterfaceMethodref
				case 12: // NameAndType
				case 17: // Dynamic
				case 18: // InvokeDynamic
					in.skipBytes(4);
					break;
				case 5: // Long
				case 6: // Double
					in.skipBytes(8);
					i++; // takes two entries
					break;
				default:
					throw new IOException("Unknown constant pool tag " + tag + " at entry " + i);
			}
		}
		final Set<String> used = new TreeSet<>();
		for (final int c : classEntries) {
			final String name = utf8[c];
			if (name.startsWith("[")) addFromDescriptor(name, used);
			else used.add(name.replace('/', '.'));
		}
		for (final String s : utf8)
			if (s != null) addFromDescriptor(s, used);
		return used;
	}

	private static void addFromDescriptor(final String s, final Set<String> used) {
		final Matcher m = IN_DESCRIPTOR.matcher(s);
		while (m.find())
			used.add(m.group(1).replace('/', '.'));
	}
}
