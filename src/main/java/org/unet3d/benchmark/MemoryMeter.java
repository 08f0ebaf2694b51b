package org.unet3d.benchmark;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.memory.AllocationsTracker;

/**
 * Peak memory seen at the sampling points (after every measured step): Java heap in use, ND4J's
 * off-heap arrays and workspaces (ND4J's {@code AllocationsTracker}, plus what JavaCPP tracks
 * itself, {@code Pointer.totalBytes()}) and the resident size of the whole process
 * ({@code Pointer.physicalBytes()}: heap, off-heap, native libraries), in bytes.
 */
public final class MemoryMeter {

	private long heap;
	private long offHeap;
	private long resident;

	/** Takes one sample. */
	public void sample() {
		final Runtime rt = Runtime.getRuntime();
		heap = Math.max(heap, rt.totalMemory() - rt.freeMemory());
		offHeap = Math.max(offHeap, offHeapNow());
		resident = Math.max(resident, Pointer.physicalBytes());
	}

	/** Forgets the peaks (e.g. between configurations). */
	public void reset() {
		heap = 0;
		offHeap = 0;
		resident = 0;
	}

	public long heapPeak() {
		return heap;
	}

	public long offHeapPeak() {
		return offHeap;
	}

	public long residentPeak() {
		return resident;
	}

	/** Off-heap bytes in use now. */
	public static long offHeapNow() {
		return AllocationsTracker.getInstance().bytesOnDevice(0) + Pointer.totalBytes();
	}
}
