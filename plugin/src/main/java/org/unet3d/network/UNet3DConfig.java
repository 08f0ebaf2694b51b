package org.unet3d.network;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import java.util.Arrays;

/**
 * The shape of a 3D U-Net: input channels, classes, number of levels, filters, pooling and
 * convolution kernels per level, batch normalization and dropout. Immutable; made with
 * {@link #builder()}; stored as JSON in the model file. Sizes, pooling factors and kernels are in
 * z, y, x order. Kernels are 3x3x3 unless chosen for anisotropic voxels
 * ({@code planning.NetworkPlanner}).
 */
public final class UNet3DConfig {

	/** Largest filter count the builder accepts at the first level (sanity bound). */
	public static final int MAX_BASE_FILTERS = 256;

	private final int inputChannels;
	private final int classes;
	private final int depth;
	private final int baseFilters;
	private final int[][] pooling;
	/** Convolution kernel (z, y, x) per level 0..depth (the bottom last); null in older models: 3x3x3. */
	private final int[][] kernels;
	private final boolean batchNorm;
	private final double dropout;

	private UNet3DConfig(final Builder b) {
		this.inputChannels = b.inputChannels;
		this.classes = b.classes;
		this.depth = b.depth;
		this.baseFilters = b.baseFilters;
		this.pooling = b.pooling != null ? copy(b.pooling) : isotropicPooling(b.depth);
		this.kernels = b.kernels != null && !allCubic(b.kernels) ? copy(b.kernels) : null;
		this.batchNorm = b.batchNorm;
		this.dropout = b.dropout;
		validate();
	}

	private void validate() {
		if (inputChannels < 1) throw new IllegalArgumentException("Input channels must be >= 1, got " + inputChannels);
		if (classes < 2) throw new IllegalArgumentException("A segmentation network needs at least 2 classes " +
			"(background and one object class), got " + classes);
		if (depth < 1 || depth > 6) throw new IllegalArgumentException("Depth (pooling levels) must be 1..6, got " +
			depth);
		if (baseFilters < 1 || baseFilters > MAX_BASE_FILTERS) throw new IllegalArgumentException(
			"Base filter count must be 1.." + MAX_BASE_FILTERS + ", got " + baseFilters);
		if (pooling == null || pooling.length != depth) throw new IllegalArgumentException(
			"Need one pooling factor triple (z,y,x) per level: " + depth + " levels");
		for (final int[] p : pooling) {
			if (p == null || p.length != 3) throw new IllegalArgumentException("Pooling factors come as z,y,x triples");
			for (final int f : p)
				if (f < 1 || f > 4) throw new IllegalArgumentException("Pooling factors must be 1..4, got " + Arrays
					.toString(p));
		}
		if (kernels != null) {
			if (kernels.length != depth + 1) throw new IllegalArgumentException("Need one convolution kernel (z,y,x) " +
				"per level and the bottom: " + (depth + 1) + ", got " + kernels.length);
			for (final int[] k : kernels) {
				if (k == null || k.length != 3) throw new IllegalArgumentException("Kernels come as z,y,x triples");
				for (final int f : k)
					if (f != 1 && f != 3) throw new IllegalArgumentException("Kernel sizes must be 1 or 3, got " + Arrays
						.toString(k));
			}
		}
		if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("Dropout must be in [0, 1), got " +
			dropout);
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder preset with this configuration's values. */
	public Builder toBuilder() {
		return new Builder().inputChannels(inputChannels).classes(classes).depth(depth).baseFilters(baseFilters)
			.pooling(pooling).kernels(kernels).batchNorm(batchNorm).dropout(dropout);
	}

	public int inputChannels() {
		return inputChannels;
	}

	public int classes() {
		return classes;
	}

	/** Number of pooling levels (the bottom of the U is at level {@code depth}). */
	public int depth() {
		return depth;
	}

	public int baseFilters() {
		return baseFilters;
	}

	/** Filters at a level: the base count doubling per level, level 0 to {@code depth}. */
	public int filters(final int level) {
		return baseFilters << level;
	}

	/** Pooling factors (z, y, x) of a level, 0 to {@code depth - 1}. */
	public int[] pooling(final int level) {
		return pooling[level].clone();
	}

	/** Convolution kernel (z, y, x) of a level, 0 to {@code depth} (the bottom block). */
	public int[] kernel(final int level) {
		if (level < 0 || level > depth) throw new IndexOutOfBoundsException("Level " + level + " of 0.." + depth);
		return kernels == null ? new int[] { 3, 3, 3 } : kernels[level].clone();
	}

	public boolean batchNorm() {
		return batchNorm;
	}

	public double dropout() {
		return dropout;
	}

	/**
	 * What every patch and tile size must be a multiple of, per axis (z, y, x): the product of the
	 * pooling factors.
	 */
	public int[] sizeMultiple() {
		final int[] m = { 1, 1, 1 };
		for (final int[] p : pooling)
			for (int a = 0; a < 3; a++)
				m[a] *= p[a];
		return m;
	}

	/**
	 * How far (in voxels, per axis z, y, x) the network looks from a voxel: a tile halo of at least
	 * this size makes tiled prediction equal to prediction on the whole stack.
	 */
	public int[] receptiveFieldRadius() {
		final int[] r = new int[3];
		for (int a = 0; a < 3; a++) {
			int scale = 1;
			int radius = 0;
			for (int l = 0; l < depth; l++) {
				radius += 2 * (kernel(l)[a] / 2) * scale; // two convolutions
				radius += (pooling[l][a] - 1) * scale; // pooling window
				scale *= pooling[l][a];
			}
			radius += 2 * (kernel(depth)[a] / 2) * scale; // bottom convolutions
			for (int l = depth - 1; l >= 0; l--) {
				scale /= pooling[l][a];
				radius += (pooling[l][a] - 1) * scale; // up-convolution
				radius += 2 * (kernel(l)[a] / 2) * scale; // two convolutions
			}
			r[a] = radius;
		}
		return r;
	}


	/**
	 * Checks that a stack (z, y, x) is at least the network's smallest size along every axis: one
	 * voxel at its coarsest level, i.e. {@link #sizeMultiple()}.
	 *
	 * @param what the stack, e.g. {@code Stack "cells.tif"}
	 * @param fix what to do instead, e.g. "a network with fewer levels (depth=1)"
	 * @throws IllegalArgumentException naming the stack, its size, the minimum and the fix
	 */
	public void checkStackSize(final long[] shapeZYX, final String what, final String fix) {
		final int[] m = sizeMultiple();
		if (shapeZYX[0] >= m[0] && shapeZYX[1] >= m[1] && shapeZYX[2] >= m[2]) return;
		throw new IllegalArgumentException(what + " is " + shapeZYX[2] + " x " + shapeZYX[1] + " x " +
			shapeZYX[0] + " voxels (x, y, z), smaller than this network's minimum stack size of " + m[2] + " x " + m[1] +
			" x " + m[0] + " (its " + depth + " pooling levels shrink the stack). Use a larger stack, or " + fix + ".");
	}

	/**
	 * Checks that a patch or tile size (z, y, x) fits this network.
	 *
	 * @throws IllegalArgumentException naming the nearest sizes that fit
	 */
	public void checkSize(final int[] zyx, final String what) {
		final int[] m = sizeMultiple();
		final String[] axis = { "z", "y", "x" };
		for (int a = 0; a < 3; a++) {
			if (zyx[a] < m[a] || zyx[a] % m[a] != 0) {
				final int down = Math.max(m[a], zyx[a] / m[a] * m[a]);
				final int up = (zyx[a] / m[a] + 1) * m[a];
				throw new IllegalArgumentException(what + " " + zyx[0] + "," + zyx[1] + "," + zyx[2] + " does not fit the " +
					"network: along " + axis[a] + " it must be a multiple of " + m[a] + " (the product of the pooling " +
					"factors). Use " + down + " or " + up + ".");
			}
		}
	}

	/** Serializes to JSON (stored in the model file). */
	public String toJson() {
		return GSON.toJson(this);
	}

	/**
	 * Reads a configuration from JSON.
	 *
	 * @throws IllegalArgumentException if the JSON is malformed or describes an impossible network
	 */
	public static UNet3DConfig fromJson(final String json) {
		final UNet3DConfig c;
		try {
			c = GSON.fromJson(json, UNet3DConfig.class);
		}
		catch (final JsonParseException e) {
			throw new IllegalArgumentException("Network configuration is not valid JSON: " + e.getMessage(), e);
		}
		if (c == null) throw new IllegalArgumentException("Network configuration is empty");
		c.validate();
		return c;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof UNet3DConfig)) return false;
		final UNet3DConfig c = (UNet3DConfig) o;
		return inputChannels == c.inputChannels && classes == c.classes && depth == c.depth &&
			baseFilters == c.baseFilters && Arrays.deepEquals(pooling, c.pooling) && sameKernels(c) && batchNorm ==
				c.batchNorm && dropout == c.dropout;
	}

	/** Same kernels at every level (a stored all-3x3x3 list equals none). */
	private boolean sameKernels(final UNet3DConfig c) {
		for (int l = 0; l <= depth; l++)
			if (!Arrays.equals(kernel(l), c.kernel(l))) return false;
		return true;
	}

	@Override
	public int hashCode() {
		int h = java.util.Objects.hash(inputChannels, classes, depth, baseFilters, batchNorm, dropout);
		h = 31 * h + Arrays.deepHashCode(pooling);
		for (int l = 0; l <= depth; l++)
			h = 31 * h + Arrays.hashCode(kernel(l));
		return h;
	}

	@Override
	public String toString() {
		final StringBuilder s = new StringBuilder();
		s.append("3D U-Net: ").append(depth).append(" levels, ").append(baseFilters).append(" base filters, ")
			.append(inputChannels).append(" input channel(s), ").append(classes).append(" classes, pooling ");
		for (int l = 0; l < depth; l++)
			s.append(l == 0 ? "" : " ").append(pooling[l][0]).append('x').append(pooling[l][1]).append('x').append(
				pooling[l][2]);
		if (kernels != null) {
			s.append(", kernels");
			for (final int[] k : kernels)
				s.append(' ').append(k[0]).append('x').append(k[1]).append('x').append(k[2]);
		}
		if (batchNorm) s.append(", batch norm");
		if (dropout > 0) s.append(", dropout ").append(dropout);
		return s.toString();
	}

	private static final Gson GSON = new GsonBuilder().create();

	private static int[][] isotropicPooling(final int depth) {
		final int[][] p = new int[depth][];
		for (int l = 0; l < depth; l++)
			p[l] = new int[] { 2, 2, 2 };
		return p;
	}




	private static boolean allCubic(final int[][] kernels) {
		for (final int[] k : kernels)
			if (k == null || k.length != 3 || k[0] != 3 || k[1] != 3 || k[2] != 3) return false;
		return true;
	}

	private static int[][] copy(final int[][] a) {
		final int[][] c = new int[a.length][];
		for (int i = 0; i < a.length; i++)
			c[i] = a[i] == null ? null : a[i].clone();
		return c;
	}

	/** Builds a {@link UNet3DConfig}; defaults: 1 channel, 2 classes, 3 levels, 16 filters, 2x2x2 pooling. */
	public static final class Builder {

		private int inputChannels = 1;
		private int classes = 2;
		private int depth = 3;
		private int baseFilters = 16;
		private int[][] pooling;
		private int[][] kernels;
		private boolean batchNorm;
		private double dropout;

		public Builder inputChannels(final int n) {
			this.inputChannels = n;
			return this;
		}

		public Builder classes(final int n) {
			this.classes = n;
			return this;
		}

		/** Number of pooling levels; resets pooling to 2x2x2 unless set afterwards. */
		public Builder depth(final int n) {
			this.depth = n;
			if (pooling != null && pooling.length != n) pooling = null;
			if (kernels != null && kernels.length != n + 1) kernels = null;
			return this;
		}

		public Builder baseFilters(final int n) {
			this.baseFilters = n;
			return this;
		}

		/** Pooling factors per level, each {z, y, x}. */
		public Builder pooling(final int[][] factors) {
			this.pooling = factors == null ? null : copy(factors);
			return this;
		}


		/** Convolution kernels per level and the bottom (depth + 1 triples {z, y, x}); null for 3x3x3. */
		public Builder kernels(final int[][] k) {
			this.kernels = k == null ? null : copy(k);
			return this;
		}


		public Builder batchNorm(final boolean on) {
			this.batchNorm = on;
			return this;
		}

		/** Dropout rate (fraction of activations dropped) in the bottom block; 0 for none. */
		public Builder dropout(final double rate) {
			this.dropout = rate;
			return this;
		}

		public UNet3DConfig build() {
			return new UNet3DConfig(this);
		}
	}
}
