package org.unet3d.samples;

import java.util.Locale;

import org.unet3d.data.VoxelSize;

/**
 * Makes small synthetic 3D stacks with exact ground truth, one kind per group of users (light
 * microscopy, electron microscopy, micro-CT), for demos, tutorials and tests. The output depends
 * only on kind, size and seed: the same arguments give bit-identical stacks on every machine.
 */
public final class SyntheticStacks {

	/** The kinds of sample, each with its classes and voxel size. */
	public enum Kind {

		/**
		 * Fluorescent nuclei (e.g. DAPI, confocal): ellipsoids of varied size, orientation and
		 * brightness, some touching, with chromatin texture, blurred by a PSF that is longer in z,
		 * on an unevenly lit background with out-of-focus haze, shot noise and read noise.
		 */
		NUCLEI("nuclei", "fluorescent nuclei, confocal-like", new VoxelSize(0.2, 0.2, 0.4, "micron"), "background",
			"nucleus"),

		/**
		 * Serial-section EM of neuropil (anisotropic, like CREMI): neurites running roughly along z,
		 * separated by thin dark membranes, with vesicles and mitochondria (darker, with a rim and
		 * cristae), section-to-section contrast changes and noise.
		 */
		EM_MEMBRANES("em-membranes", "serial-section EM of neurites", new VoxelSize(4, 4, 40, "nm"), "cell interior",
			"membrane", "mitochondrion"),

		/**
		 * Micro-CT of a fine sandstone (isotropic): packed, partly fused quartz grains, textured clay in
		 * the pore necks near grain contacts, and small, very dense mineral grains (pyrite, zircon),
		 * with partial-volume blur, noise, ring artifacts and beam-hardening cupping. No labelled
		 * sandstone volume was available to the project, so this stands in for one.
		 */
		SANDSTONE_CT("sandstone-ct", "micro-CT of sandstone", new VoxelSize(5, 5, 5, "micron"), "pore", "quartz",
			"clay", "dense mineral");

		private final String id;
		private final String description;
		private final VoxelSize voxelSize;
		private final String[] classNames;

		Kind(final String id, final String description, final VoxelSize voxelSize, final String... classNames) {
			this.id = id;
			this.description = description;
			this.voxelSize = voxelSize;
			this.classNames = classNames;
		}

		/** Short lower-case name, also the sample folder name (e.g. "em-membranes"). */
		public String id() {
			return id;
		}

		/** One line for people. */
		public String description() {
			return description;
		}

		public VoxelSize voxelSize() {
			return voxelSize;
		}

		/** Class names, index = class id. */
		public String[] classNames() {
			return classNames.clone();
		}

		public int classCount() {
			return classNames.length;
		}

		/**
		 * The kind named by its id or enum name, ignoring case, '-' and '_' (so "em-membranes",
		 * "EM_MEMBRANES" and "em" all work; "em" and "ct" as short forms).
		 *
		 * @throws IllegalArgumentException naming the kinds there are
		 */
		public static Kind parse(final String name) {
			final String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
			for (final Kind k : values())
				if (k.id.equals(n) || k.id.startsWith(n + "-") && !n.isEmpty()) return k;
			if (n.equals("ct") || n.equals("sandstone")) return SANDSTONE_CT;
			final StringBuilder ids = new StringBuilder();
			for (final Kind k : values())
				ids.append(ids.length() == 0 ? "" : ", ").append(k.id);
			throw new IllegalArgumentException("Unknown sample kind \"" + name + "\"; choose one of " + ids + ".");
		}
	}

	private SyntheticStacks() {}

	/**
	 * Generates a stack of {@code sizeX x sizeY x sizeZ} voxels. Any size of at least 1 works,
	 * though objects are tens of voxels wide, so stacks of about 64 voxels per side or more show all
	 * classes.
	 *
	 * @throws IllegalArgumentException if a size is below 1 or a slice exceeds 2^31 voxels
	 */
	public static LabeledStack generate(final Kind kind, final long sizeX, final long sizeY, final long sizeZ,
		final long seed)
	{
		if (kind == null) throw new IllegalArgumentException("No sample kind given.");
		if (sizeX < 1 || sizeY < 1 || sizeZ < 1) throw new IllegalArgumentException("Stack size must be at least 1 " +
			"voxel per axis, got " + sizeX + " x " + sizeY + " x " + sizeZ + ".");
		if (sizeX * (double) sizeY > Integer.MAX_VALUE - 8 || sizeZ > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("Stack " + sizeX + " x " + sizeY + " x " + sizeZ + " is too large: a " +
				"slice may have at most 2^31 voxels.");
		final int sx = (int) sizeX;
		final int sy = (int) sizeY;
		final int sz = (int) sizeZ;
		switch (kind) {
			case NUCLEI:
				return NucleiStack.generate(sx, sy, sz, seed);
			case EM_MEMBRANES:
				return MembraneStack.generate(sx, sy, sz, seed);
			case SANDSTONE_CT:
				return SandstoneStack.generate(sx, sy, sz, seed);
			default:
				throw new AssertionError(kind);
		}
	}
}
