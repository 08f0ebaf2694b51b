import ij.ImagePlus;
import ij.io.Opener;

/**
 * Test helper for .ci/real-client-test: exits 0 if two TIFF stacks have the same size and the same
 * voxel values (calibration, titles and other metadata may differ), else prints where they differ
 * and exits 1. Run: java -cp ij.jar .ci/SameVoxels.java a.tif b.tif
 */
public class SameVoxels {

	public static void main(final String[] args) {
		final ImagePlus a = new Opener().openImage(args[0]);
		final ImagePlus b = new Opener().openImage(args[1]);
		if (a == null || b == null) {
			System.out.println("cannot open " + (a == null ? args[0] : args[1]));
			System.exit(1);
		}
		if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight() || a.getStackSize() != b.getStackSize() ||
			a.getBitDepth() != b.getBitDepth())
		{
			System.out.println("sizes differ: " + describe(a) + " vs " + describe(b));
			System.exit(1);
		}
		long differ = 0;
		for (int z = 1; z <= a.getStackSize(); z++) {
			final ij.process.ImageProcessor pa = a.getStack().getProcessor(z);
			final ij.process.ImageProcessor pb = b.getStack().getProcessor(z);
			for (int i = 0; i < a.getWidth() * a.getHeight(); i++)
				if (pa.getf(i) != pb.getf(i)) differ++;
		}
		if (differ > 0) {
			System.out.println(differ + " of " + (long) a.getWidth() * a.getHeight() * a.getStackSize() +
				" voxels differ");
			System.exit(1);
		}
		System.out.println("identical voxels: " + describe(a));
	}

	private static String describe(final ImagePlus imp) {
		return imp.getWidth() + " x " + imp.getHeight() + " x " + imp.getStackSize() + ", " + imp.getBitDepth() +
			"-bit";
	}
}
