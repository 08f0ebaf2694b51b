package org.unet3d.objects;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.Test;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;

/** Probabilities read from an XYZC image, class labels as probabilities, and the class roles. */
public class ClassProbabilitiesTest {

	private static final VoxelSize VS = new VoxelSize(0.2, 0.2, 0.5, "micron");

	@Test
	public void readsOneArrayPerChannel() {
		// 2 x 1 x 2 voxels, 3 channels; value = 10 * channel + voxel index
		final float[] v = new float[12];
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < 4; i++)
				v[c * 4 + i] = 10 * c + i;
		final Img<FloatType> xyzc = ArrayImgs.floats(v, 2, 1, 2, 3);
		final ClassProbabilities p = ClassProbabilities.read(Volume.of(xyzc, VS), 0, 2);
		assertEquals(3, p.classes());
		assertEquals(VS, p.shape().voxelSize());
		assertArrayEquals(new float[] { 20, 21, 22, 23 }, p.probability(2), 0);
		assertArrayEquals(new int[] { 2, 2, 2, 2 }, p.mostProbable());
		assertArrayEquals(new float[] { 1, 0, -1, -2 }, p.foreground(), 0);
	}

	@Test
	public void labelsBecomeOneHotProbabilities() {
		final Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(new byte[] { 0, 1, 2, 1 }, 4, 1, 1);
		final ClassProbabilities p = ClassProbabilities.fromLabels(labels, VS, 3, 0, ClassProbabilities.NONE);
		assertArrayEquals(new float[] { 0, 1, 0, 1 }, p.probability(1), 0);
		assertArrayEquals(new int[] { 0, 1, 2, 1 }, p.mostProbable());
		ObjectMakerTest.expect(() -> ClassProbabilities.fromLabels(labels, VS, 2, 0, ClassProbabilities.NONE),
			"only 2 classes");
		ObjectMakerTest.expect(() -> ClassProbabilities.fromLabels(labels, VS, 1, 0, ClassProbabilities.NONE),
			"no foreground class");
		ObjectMakerTest.expect(() -> ClassProbabilities.fromLabels(labels, VS, 3, 3, ClassProbabilities.NONE),
			"background class is 3");
		ObjectMakerTest.expect(() -> ClassProbabilities.fromLabels(labels, VS, 3, 1, 1), "both background and boundary");
		assertEquals(null, ClassProbabilities.fromLabels(labels, VS, 3, ClassProbabilities.NONE, 2).foreground());
	}
}
