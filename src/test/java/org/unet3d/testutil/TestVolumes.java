package org.unet3d.testutil;

import java.util.Random;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.unet3d.data.LabeledVolume;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;

/** Small synthetic volumes for unit tests: bright noisy balls on a dark background, with exact labels. */
public final class TestVolumes {

	private TestVolumes() {}

	/** Image (float) and labels (0 background, 1 ball) of size x, y, z. */
	public static LabeledVolume balls(final int sx, final int sy, final int sz, final int count, final long seed) {
		final Random r = new Random(seed);
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(sx, sy, sz);
		final ArrayImg<UnsignedByteType, ByteArray> lab = ArrayImgs.unsignedBytes(sx, sy, sz);
		final float[] im = img.update(null).getCurrentStorageArray();
		final byte[] lb = lab.update(null).getCurrentStorageArray();
		final double[][] balls = new double[count][4];
		for (final double[] b : balls) {
			b[0] = r.nextDouble() * sx;
			b[1] = r.nextDouble() * sy;
			b[2] = r.nextDouble() * sz;
			b[3] = 2.5 + r.nextDouble() * Math.min(5, Math.min(sx, Math.min(sy, sz)) / 5.0);
		}
		int i = 0;
		for (int z = 0; z < sz; z++)
			for (int y = 0; y < sy; y++)
				for (int x = 0; x < sx; x++, i++) {
					boolean in = false;
					for (final double[] b : balls) {
						final double dx = x - b[0], dy = y - b[1], dz = z - b[2];
						if (dx * dx + dy * dy + dz * dz <= b[3] * b[3]) in = true;
					}
					lb[i] = (byte) (in ? 1 : 0);
					im[i] = (float) ((in ? 100 : 20) + 25 * r.nextGaussian());
				}
		return new LabeledVolume("balls", Volume.of(img, VoxelSize.UNCALIBRATED), lab);
	}
}
