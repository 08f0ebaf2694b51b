package org.unet3d.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.unet3d.data.ZyxSize;
import org.unet3d.network.UNet3DConfig;
import org.unet3d.planning.NetworkPlanner;
import org.unet3d.planning.PatchShape;
import org.unet3d.samples.SyntheticStacks;

/**
 * One benchmark configuration: the network (depth, base filters, pooling per level, classes), the
 * training patch (z, y, x) and batch, and the generated stack that tiled inference segments.
 */
public final class Workload {

	/** Voxels aimed at by the default training patch (as the trainer chooses it). */
	static final long DEFAULT_PATCH_VOXELS = 64L * 64 * 32;

	private final String name;
	private final UNet3DConfig network;
	private final int[] patch;
	private final int batch;
	private final SyntheticStacks.Kind stackKind;
	private final long[] stackXYZ;

	Workload(final String name, final UNet3DConfig network, final int[] patchZYX, final int batch,
		final SyntheticStacks.Kind stackKind, final long[] stackXYZ)
	{
		network.checkSize(patchZYX, "Benchmark patch");
		this.name = name;
		this.network = network;
		this.patch = patchZYX.clone();
		this.batch = batch;
		this.stackKind = stackKind;
		this.stackXYZ = stackXYZ.clone();
	}

	/** 32x32x32 patches, batch 2, 8 base filters, depth 3, 2x2x2 pooling. */
	public static Workload cube32() {
		return new Workload("32c-b2-f8", UNet3DConfig.builder().depth(3).baseFilters(8).classes(4).build(), new int[] {
			32, 32, 32 }, 2, SyntheticStacks.Kind.NUCLEI, new long[] { 96, 96, 96 });
	}

	/** 64x64x64 patches, batch 1, 16 base filters, depth 3, 2x2x2 pooling. */
	public static Workload cube64() {
		return new Workload("64c-b1-f16", UNet3DConfig.builder().depth(3).baseFilters(16).classes(4).build(), new int[] {
			64, 64, 64 }, 1, SyntheticStacks.Kind.NUCLEI, new long[] { 128, 128, 128 });
	}

	/**
	 * The trainer's defaults for serial-section EM (4 x 4 x 40 nm voxels): pooling only in x and y
	 * while slices are thick, the automatic patch for a 512 x 512 x 64 stack, batch 2, 16 filters.
	 */
	public static Workload em() {
		final SyntheticStacks.Kind kind = SyntheticStacks.Kind.EM_MEMBRANES;
		final UNet3DConfig net = UNet3DConfig.builder().depth(3).baseFilters(16).classes(4).pooling(NetworkPlanner
			.poolingFor(kind.voxelSize(), 3)).build();
		final long[] stackXYZ = { 512, 512, 64 };
		final int[] patch = PatchShape.choose(new long[] { stackXYZ[2], stackXYZ[1], stackXYZ[0] }, kind.voxelSize(), net
			.sizeMultiple(), DEFAULT_PATCH_VOXELS);
		return new Workload("em-aniso", net, patch, 2, kind, new long[] { 256, 256, 48 });
	}

	/** The default list: {@link #cube32()}, {@link #cube64()}, {@link #em()}. */
	public static List<Workload> defaults() {
		return new ArrayList<>(Arrays.asList(cube32(), cube64(), em()));
	}

	/** A workload by name ("32", "64", "em" or the full name), or a custom one "PZxPYxPX-bB-fF[-xyN][-bn]". */
	public static Workload parse(final String s) {
		for (final Workload w : defaults())
			if (w.name.equals(s) || w.name.startsWith(s + "c") || (s.equals("em") && w.name.startsWith("em"))) return w;
		final String[] parts = s.split("-");
		try {
			final int[] patch = ZyxSize.parse(parts[0], "Patch size").toArray();
			int b = 1, f = 16, xy = 0;
			boolean bn = false;
			for (int i = 1; i < parts.length; i++) {
				if (parts[i].equals("bn")) bn = true;
				else if (parts[i].startsWith("b")) b = Integer.parseInt(parts[i].substring(1));
				else if (parts[i].startsWith("f")) f = Integer.parseInt(parts[i].substring(1));
				else if (parts[i].startsWith("xy")) xy = Integer.parseInt(parts[i].substring(2));
				else throw new IllegalArgumentException(parts[i]);
			}
			final int[][] pooling = new int[3][];
			for (int l = 0; l < 3; l++)
				pooling[l] = l < xy ? new int[] { 1, 2, 2 } : new int[] { 2, 2, 2 };
			final UNet3DConfig net = UNet3DConfig.builder().depth(3).baseFilters(f).classes(4).pooling(pooling).batchNorm(bn)
				.build();
			return new Workload(s, net, patch, b, SyntheticStacks.Kind.NUCLEI, new long[] { 2L * patch[2] + patch[2] / 2,
				2L * patch[1] + patch[1] / 2, 2L * patch[0] + patch[0] / 2 });
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException("Unknown benchmark configuration \"" + s + "\": use 32, 64, em or " +
				"ZxYxX-bB-fF[-xyN][-bn] (e.g. 48x96x96-b1-f16-xy1; -bn: with batch normalization): " + e.getMessage(), e);
		}
	}

	public String name() {
		return name;
	}

	public UNet3DConfig network() {
		return network;
	}

	/** Training patch and inference tile, z, y, x. */
	public int[] patchZYX() {
		return patch.clone();
	}

	public int batch() {
		return batch;
	}

	public SyntheticStacks.Kind stackKind() {
		return stackKind;
	}

	/** Size of the stack segmented by tiled inference, x, y, z. */
	public long[] stackXYZ() {
		return stackXYZ.clone();
	}

	/** Voxels in one batch of patches. */
	public long batchVoxels() {
		return (long) batch * patch[0] * patch[1] * patch[2];
	}

	/** Leading levels that pool only in x and y (the peer's {@code --xy-only-levels}). */
	public int xyOnlyLevels() {
		int n = 0;
		while (n < network.depth() && Arrays.equals(network.pooling(n), new int[] { 1, 2, 2 }))
			n++;
		for (int l = n; l < network.depth(); l++)
			if (!Arrays.equals(network.pooling(l), new int[] { 2, 2, 2 })) throw new IllegalStateException(
				"The peer script cannot express pooling " + Arrays.toString(network.pooling(l)));
		return n;
	}

	/** Arguments of {@code peer_torch.py} for the same network, patch and batch. */
	public List<String> peerArguments(final int threads, final int reps) {
		return new ArrayList<>(Arrays.asList("--patch", "" + patch[0], "" + patch[1], "" + patch[2], "--filters", "" +
			network.baseFilters(), "--depth", "" + network.depth(), "--batch", "" + batch, "--classes", "" + network
				.classes(), "--bn", network.batchNorm() ? "1" : "0", "--threads", "" + threads, "--xy-only-levels", "" +
					xyOnlyLevels(), "--reps", "" + reps));
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s: patch %d,%d,%d (z,y,x), batch %d, %s", name, patch[0], patch[1], patch[2],
			batch, network);
	}
}
