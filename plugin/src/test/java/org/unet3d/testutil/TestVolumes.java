package org.unet3d.testutil;

import java.util.Random;

import net.imglib2.img.array.ArrayImgs;

import org.unet3d.data.LabeledVolume;
import org.unet3d.data.Volume;
import org.unet3d.data.VoxelSize;

/** Small synthetic volumes for unit tests: bright noisy balls on a dark background, with exact labels. */
public final class TestVolumes {

	private TestVolumes() {}

	/** Raw arrays of a balls volume, X fastest. */
	public static final class Balls {

		public final int sx, sy, sz;
		public final float[] image;
		public final byte[] labels;

		Balls(final int sx, final int sy, final int sz) {
			this.sx = sx;
			this.sy = sy;
			this.sz = sz;
			image = new float[sx * sy * sz];
			labels = new byte[sx * sy * sz];
		}

		/** As a LabeledVolume (views over these arrays). */
		public LabeledVolume volume() {
			return new LabeledVolume("balls", Volume.of(ArrayImgs.floats(image, sx, sy, sz), VoxelSize.UNCALIBRATED),
				ArrayImgs.unsignedBytes(labels, sx, sy, sz));
		}
	}

	/** Image and labels (0 background, 1 ball) of size x, y, z. */
	public static Balls ballArrays(final int sx, final int sy, final int sz, final int count, final long seed) {
		final Random r = new Random(seed);
		final Balls out = new Balls(sx, sy, sz);
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
					out.labels[i] = (byte) (in ? 1 : 0);
					out.image[i] = (float) ((in ? 100 : 20) + 25 * r.nextGaussian());
				}
		return out;
	}

	/** Image (float) and labels (0 background, 1 ball) of size x, y, z. */
	public static LabeledVolume balls(final int sx, final int sy, final int sz, final int count, final long seed) {
		return ballArrays(sx, sy, sz, count, seed).volume();
	}
}
