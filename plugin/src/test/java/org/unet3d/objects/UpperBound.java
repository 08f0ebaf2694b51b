package org.unet3d.objects;

import ij.ImagePlus;
import ij.io.Opener;
import ij.measure.Calibration;

import java.io.File;
import java.util.Locale;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.unet3d.data.VoxelSize;
import org.unet3d.metrics.ObjectMatchScores;
import org.unet3d.metrics.ObjectMatching;
import org.unet3d.progress.Progress;

/**
 * The upper bound of the object modes: objects made from the PERFECT class labels of the shared
 * stacks (labels.tif as probabilities), scored against their instances.tif. Prints a markdown
 * table. Run (after {@code mvn test-compile}):
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.unet3d.objects.UpperBound ../shared/sample-stacks
 * </pre>
 */
public final class UpperBound {

	private UpperBound() {}

	public static void main(final String[] args) throws Exception {
		final File root = new File(args.length > 0 ? args[0] : "../shared/sample-stacks");
		System.out.println("| stack | mode and settings | objects (truth) | F1@0.5 | AP@0.5 | F1@0.75 | mean matched IoU@0.5 | PQ@0.5 | time (s) |");
		System.out.println("|---|---|---|---|---|---|---|---|---|");
		final File nuclei = new File(root, "arabidopsis-nuclei-gonuclear");
		final ImagePlus nLabels = open(new File(nuclei, "labels.tif"));
		final ImagePlus nTruth = open(new File(nuclei, "instances.tif"));
		final ClassProbabilities np = ClassProbabilities.fromLabels(wrap(nLabels), voxelSize(nLabels), 2, 0,
			ClassProbabilities.NONE);
		run("nuclei", np, ObjectOptions.builder(ObjectMode.COMPONENTS).build(), nTruth);
		run("nuclei", np, ObjectOptions.builder(ObjectMode.NUCLEI).build(), nTruth);
		for (final double h : new double[] { 0, 0.1, 0.2, 0.3, 0.5, 0.8 })
			run("nuclei", np, ObjectOptions.builder(ObjectMode.NUCLEI).maximaHeight(h).build(), nTruth);
		for (final double d : new double[] { 1, 1.5, 2 })
			run("nuclei", np, ObjectOptions.builder(ObjectMode.NUCLEI).maximaHeight(0).minSeedDistance(d).build(),
				nTruth);
		run("nuclei", np, ObjectOptions.builder(ObjectMode.NUCLEI).minVolume(1).build(), nTruth);
		run("nuclei", np, ObjectOptions.builder(ObjectMode.NUCLEI).minVolume(1).smallObjects(SmallObjects.MERGE)
			.build(), nTruth);
		// what a network trained with instances= could reach: the classes derived from the instances
		final ClassProbabilities derived = derived(nTruth);
		run("nuclei (labels derived from instances)", derived, ObjectOptions.builder(ObjectMode.NUCLEI).seeds(
			SeedSource.INTERIORS).build(), nTruth);
		run("nuclei (labels derived from instances)", derived, ObjectOptions.builder(ObjectMode.COMPONENTS).build(),
			nTruth);

		final File ovule = new File(root, "arabidopsis-ovule-cell-boundaries");
		final ImagePlus oLabels = open(new File(ovule, "labels.tif"));
		final ImagePlus oTruth = open(new File(ovule, "instances.tif"));
		final ClassProbabilities op = ClassProbabilities.fromLabels(wrap(oLabels), voxelSize(oLabels), 2,
			ClassProbabilities.NONE, 1);
		run("ovule cells", op, ObjectOptions.builder(ObjectMode.COMPONENTS).build(), oTruth);
		run("ovule cells", op, ObjectOptions.builder(ObjectMode.CELLS).build(), oTruth);
		for (final double v : new double[] { 0.5, 1, 2, 4 })
			run("ovule cells", op, ObjectOptions.builder(ObjectMode.CELLS).minVolume(v).build(), oTruth);
		run("ovule cells", op, ObjectOptions.builder(ObjectMode.CELLS).minVolume(1).smallObjects(SmallObjects.REMOVE)
			.build(), oTruth);
		run("ovule cells", op, ObjectOptions.builder(ObjectMode.CELLS).seeds(SeedSource.DISTANCE_MAXIMA).build(),
			oTruth);
		run("ovule cells", op, ObjectOptions.builder(ObjectMode.CELLS).seeds(SeedSource.DISTANCE_MAXIMA).maximaHeight(
			0.5).build(), oTruth);
	}

	private static void run(final String stack, final ClassProbabilities p, final ObjectOptions o,
		final ImagePlus truth)
	{
		final long t0 = System.nanoTime();
		final ObjectLabels made = ObjectMaker.make(p, o, Progress.NONE);
		final double seconds = (System.nanoTime() - t0) / 1e9;
		final StackShape sh = made.shape();
		final ObjectMatching m = ObjectMatching.of(wrap(truth), ArrayImgs.ints(made.ids(), sh.width(), sh.height(), sh
			.depth()));
		final ObjectMatchScores s = m.at(0.5);
		System.out.println(String.format(Locale.ROOT, "| %s | %s | %d (%d) | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f |",
			stack, o, made.count(), m.truthObjects(), s.f1(), s.averagePrecision(), m.at(0.75).f1(), s.meanMatchedIoU(), s
				.panopticQuality(), seconds));
	}

	private static ClassProbabilities derived(final ImagePlus truth) {
		final VoxelSize vs = voxelSize(truth);
		return ClassProbabilities.fromLabels(InstanceTrainingLabels.derive(wrap(truth), vs, Double.NaN, Progress.NONE),
			vs, 3, InstanceTrainingLabels.BACKGROUND, InstanceTrainingLabels.BOUNDARY);
	}

	private static ImagePlus open(final File file) {
		final ImagePlus imp = new Opener().openImage(file.getAbsolutePath());
		if (imp == null) throw new IllegalArgumentException("Cannot open " + file);
		// tifffile's ImageJ TIFFs can come up with z as channels: make them slices
		if (imp.getNSlices() == 1 && imp.getNChannels() > 1) imp.setDimensions(1, imp.getNChannels(), 1);
		return imp;
	}

	private static VoxelSize voxelSize(final ImagePlus imp) {
		final Calibration c = imp.getCalibration();
		return new VoxelSize(c.pixelWidth, c.pixelHeight, c.pixelDepth, c.getUnit());
	}

	/** The stack as a 32-bit float XYZ image (exact for ids below 2^24). */
	private static Img<FloatType> wrap(final ImagePlus imp) {
		final int w = imp.getWidth();
		final int h = imp.getHeight();
		final int d = imp.getStackSize();
		final float[] values = new float[w * h * d];
		for (int z = 0; z < d; z++) {
			final ij.process.ImageProcessor ip = imp.getStack().getProcessor(z + 1);
			for (int i = 0; i < w * h; i++)
				values[z * w * h + i] = ip.getf(i);
		}
		return ArrayImgs.floats(values, w, h, d);
	}
}
