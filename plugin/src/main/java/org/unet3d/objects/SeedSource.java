package org.unet3d.objects;

/** Where the watershed's seeds come from. */
public enum SeedSource {

	/**
	 * Maxima of the distance transform of the mask (the centres of blobs), filtered by h and by a
	 * minimum distance between seeds.
	 */
	DISTANCE_MAXIMA,
	/** The connected regions where the boundary probability is low (needs a boundary class). */
	INTERIORS
}
