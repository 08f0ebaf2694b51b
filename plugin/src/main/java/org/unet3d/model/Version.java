package org.unet3d.model;

/** The plugin's name and version, as written into model files and reports. */
public final class Version {

	private Version() {}

	/** E.g. "3D U-Net for Fiji 0.1.0". */
	public static String describe() {
		final String v = Version.class.getPackage() == null ? null : Version.class.getPackage()
			.getImplementationVersion();
		return "3D U-Net for Fiji " + (v == null ? "(development build)" : v);
	}
}
