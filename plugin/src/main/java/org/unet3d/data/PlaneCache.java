package org.unet3d.data;

/**
 * An input image read from disk on demand (e.g. an ImageJ virtual stack) that keeps recently read
 * planes, one channel of one z-slice each, in memory. Segmentation reads all tiles of one z-row
 * before moving on, and tells the cache how many planes such a row spans, so that every plane is
 * read from disk about once.
 */
public interface PlaneCache {

	/** Bytes one plane takes in memory. */
	long planeBytes();

	/** Keeps at least this many planes from now on (the cache may hold more). */
	void reserve(int planes);
}
