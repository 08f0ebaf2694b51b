package org.unet3d.planning;

import java.util.Locale;

import org.bytedeco.javacpp.Pointer;

/**
 * How much memory segmentation or training may use: Java heap (for the slab of slices being
 * blended, the input slice cache, tile and batch buffers) and native memory outside the heap (for
 * the network's activations, which ND4J allocates off-heap). {@link #detect()} reads what this JVM has left: the heap below
 * -Xmx, and the physical memory below JavaCPP's limit
 * ({@code -Dorg.bytedeco.javacpp.maxphysicalbytes}, by default twice -Xmx) or the free RAM of the
 * computer, whichever is less.
 */
public final class MemoryBudget {

	/** Native memory kept back for ND4J's libraries, oneDNN code and threads (measured: 0.3 - 0.45 GB). */
	static final long NATIVE_RESERVE = 512L << 20;

	private final long heapBytes;
	private final long offHeapBytes;

	private MemoryBudget(final long heapBytes, final long offHeapBytes) {
		this.heapBytes = Math.max(0, heapBytes);
		this.offHeapBytes = Math.max(0, offHeapBytes);
	}

	/** A fixed budget (e.g. for tests, or to leave memory to other work). */
	public static MemoryBudget of(final long heapBytes, final long offHeapBytes) {
		return new MemoryBudget(heapBytes, offHeapBytes);
	}

	/** What this JVM can still use now. */
	public static MemoryBudget detect() {
		final Runtime rt = Runtime.getRuntime();
		final long max = rt.maxMemory();
		final long heapUsed = rt.totalMemory() - rt.freeMemory();
		final long heap = max - heapUsed;
		long physical = Long.MAX_VALUE;
		try {
			final long limit = Pointer.maxPhysicalBytes();
			final long used = Pointer.physicalBytes();
			// the heap may still grow to -Xmx: that part of the physical limit is not ours
			if (limit > 0) physical = limit - used - Math.max(0, max - rt.totalMemory());
			final long free = Pointer.availablePhysicalBytes();
			if (free > 0) physical = Math.min(physical, free);
		}
		catch (final UnsatisfiedLinkError | NoClassDefFoundError e) {
			physical = max; // JavaCPP not usable: assume as much as the heap
		}
		return new MemoryBudget(heap, physical - NATIVE_RESERVE);
	}

	/** Java heap bytes available. */
	public long heapBytes() {
		return heapBytes;
	}

	/** Native (off-heap) bytes available for the network. */
	public long offHeapBytes() {
		return offHeapBytes;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "heap %.2f GB, off-heap %.2f GB", heapBytes / 1e9, offHeapBytes / 1e9);
	}
}
