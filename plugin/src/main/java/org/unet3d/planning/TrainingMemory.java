package org.unet3d.planning;

import java.util.Locale;

import org.unet3d.network.NotEnoughMemoryException;
import org.unet3d.network.UNet3DConfig;

/**
 * Estimates, before the network is built, the memory one training step needs for a patch size and
 * batch, and refuses a step that would not fit, naming a batch or a patch that does.
 */
public final class TrainingMemory {

	/**
	 * A training step keeps the activations of the forward pass for the backward pass and adds their
	 * gradients: measured native peaks are 1.8 - 1.9 times the forward activations
	 * ({@link ActivationMemory#bytesPerVoxel}); this leaves a margin.
	 */
	static final double TRAINING_FACTOR = 2.5;

	private TrainingMemory() {}

	/** Native (ND4J) bytes of one training step. */
	public static long nativeBytes(final UNet3DConfig net, final int[] patchZYX, final int batch) {
		return (long) (TRAINING_FACTOR * ActivationMemory.bytesPerVoxel(net) * voxels(patchZYX) * batch);
	}

	/** Java heap bytes of the batch buffers (image channels, one-hot labels, mask) and a patch being cut. */
	public static long heapBytes(final UNet3DConfig net, final int[] patchZYX, final int batch) {
		return 4L * voxels(patchZYX) * (batch * (net.inputChannels() + net.classes() + 1L) + 2L * net.inputChannels());
	}

	/**
	 * @throws IllegalArgumentException if a step would not fit in {@code budget}, saying how much it
	 *           needs, how much there is, and a batch or patch that fits
	 */
	public static void check(final UNet3DConfig net, final int[] patchZYX, final int batch, final MemoryBudget budget) {
		if (fits(net, patchZYX, batch, budget)) return;
		final boolean nativeShort = nativeBytes(net, patchZYX, batch) > budget.offHeapBytes();
		final long need = nativeShort ? nativeBytes(net, patchZYX, batch) : heapBytes(net, patchZYX, batch);
		final long have = nativeShort ? budget.offHeapBytes() : budget.heapBytes();
		throw new IllegalArgumentException(String.format(Locale.ROOT, "Patch %s with batch %d needs about %.2f GB of " +
			"memory for training, but about %.2f GB are available. %s, or give Java more memory (-Xmx, or Edit > " +
			"Options > Memory & Threads in Fiji).", NotEnoughMemoryException.zyx(patchZYX), batch, need / 1e9, have / 1e9,
			whatFits(net, patchZYX, batch, budget)));
	}

	private static boolean fits(final UNet3DConfig net, final int[] patch, final int batch, final MemoryBudget budget) {
		return nativeBytes(net, patch, batch) <= budget.offHeapBytes() && heapBytes(net, patch, batch) <= budget
			.heapBytes();
	}

	/** The largest smaller batch that fits, else the largest patch (halving its longest axis) with batch 1. */
	private static String whatFits(final UNet3DConfig net, final int[] patch, final int batch,
		final MemoryBudget budget)
	{
		for (int b = batch - 1; b >= 1; b--)
			if (fits(net, patch, b, budget)) return "Patch " + NotEnoughMemoryException.zyx(patch) + " with batch " + b +
				" fits (batch=" + b + ")";
		final int[] m = net.sizeMultiple();
		final int[] p = patch.clone();
		while (!fits(net, p, 1, budget)) {
			int longest = -1;
			for (int a = 0; a < 3; a++)
				if (p[a] > m[a] && (longest < 0 || p[a] > p[longest])) longest = a;
			if (longest < 0) return "Not even the smallest patch fits";
			p[longest] = Math.max(m[longest], p[longest] / 2 / m[longest] * m[longest]);
		}
		return "Patch " + NotEnoughMemoryException.zyx(p) + " with batch 1 fits (patch=" + NotEnoughMemoryException.zyx(
			p) + " batch=1)";
	}

	private static long voxels(final int[] zyx) {
		return (long) zyx[0] * zyx[1] * zyx[2];
	}
}
