package org.unet3d.benchmark;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.memory.AllocationsTracker;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Peak memory seen at the sampling points (after every measured step): Java heap in use, ND4J's
 * off-heap memory (the sizes of this thread's ND4J workspaces, where the network keeps its
 * activations and gradients, plus ND4J's {@code AllocationsTracker} and JavaCPP's
 * {@code Pointer.totalBytes()}) and the resident size of the whole process
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
		long workspaces = 0;
		for (final MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread())
			workspaces += w.getCurrentSize();
		return workspaces + AllocationsTracker.getInstance().bytesOnDevice(0) + Pointer.totalBytes();
	}
}
