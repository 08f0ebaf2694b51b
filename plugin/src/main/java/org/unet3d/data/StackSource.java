package org.unet3d.data;

import java.io.IOException;

/**
 * An annotated stack that is opened when needed, so that training on many stacks does not need
 * them all in memory at once: a pair of files on disk, or a {@link LabeledVolume} already in
 * memory.
 */
public interface StackSource {

	/** A name for messages, e.g. the image file name. */
	String name();

	/**
	 * Opens (reads) the stack.
	 *
	 * @throws IOException if the files cannot be read
	 */
	LabeledVolume open() throws IOException;

	/** A stack already in memory. */
	static StackSource of(final LabeledVolume volume) {
		return new StackSource() {

			@Override
			public String name() {
				return volume.name();
			}

			@Override
			public LabeledVolume open() {
				return volume;
			}
		};
	}
}
