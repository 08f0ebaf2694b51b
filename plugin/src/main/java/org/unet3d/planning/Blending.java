package org.unet3d.planning;

/**
 * How the predictions of overlapping tiles are combined. The weights themselves are computed in
 * {@code inference.BlendWindow}; the planner needs the choice because cropping sets the overlap
 * from the network's reach.
 */
public enum Blending {
	/** Gaussian weights: smooth, seamless; the default. */
	GAUSSIAN,
	/** Weights falling linearly from the tile center to its border. */
	LINEAR,
	/** Only the interior beyond the halo counts, all with weight 1: tiled equals untiled. */
	CROP
}
