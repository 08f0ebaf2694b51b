package org.unet3d.reliability;

import java.io.File;
import java.nio.file.Files;

import org.unet3d.io.AtomicFiles;

/**
 * A program that starts replacing a model file with another and stops half-way (as if the
 * computer stalled there), so {@link FaultsTest} can kill it mid-save. Arguments: the file to
 * replace, the new content's file. Prints "HALF" when half of the new content is written.
 */
public final class SlowSave {

	private SlowSave() {}

	public static void main(final String[] args) throws Exception {
		final byte[] content = Files.readAllBytes(new File(args[1]).toPath());
		AtomicFiles.write(new File(args[0]), out -> {
			out.write(content, 0, content.length / 2);
			out.flush();
			System.out.println("HALF");
			System.out.flush();
			try {
				Thread.sleep(600_000);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			out.write(content, content.length / 2, content.length - content.length / 2);
		});
	}
}
