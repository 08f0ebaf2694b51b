package org.unet3d.objects;

/** How objects are made from class probabilities (see {@link ObjectMaker}). */
public enum ObjectMode {

	/** Blob-like objects in a foreground mask, touching ones split by a seeded watershed. */
	NUCLEI,
	/** Cells that fill the space between predicted membranes, grown from their interiors over the membrane. */
	CELLS,
	/** Plain 3D connected components of each object class. */
	COMPONENTS
}
