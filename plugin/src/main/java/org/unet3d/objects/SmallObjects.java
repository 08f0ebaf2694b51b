package org.unet3d.objects;

/** What happens to objects smaller than the minimum volume (see {@link SizeFilter}). */
public enum SmallObjects {

	/** Deleted: they become background. */
	REMOVE,
	/** Joined to the neighbour with which they share the most surface; deleted only if they touch none. */
	MERGE
}
