package org.unet3d.objects;

import static org.junit.Assert.assertEquals;

import java.util.Random;
import java.util.TreeSet;

import org.junit.Test;
import org.unet3d.progress.Progress;

/**
 * Reconstruction by dilation against its definition: a voxel ends at the highest level L such that
 * a marker voxel of at least L is joined to it by voxels of the image at least L.
 */
public class ReconstructionTest {

	static float[] bruteForce(final float[] marker, final float[] image, final boolean[] domain, final StackShape s,
		final Connectivity c)
	{
		final int n = image.length;
		final TreeSet<Float> levels = new TreeSet<>();
		for (int i = 0; i < n; i++) {
			levels.add(Math.min(marker[i], image[i]));
			levels.add(image[i]);
		}
		final float[] rec = new float[n];
		for (int i = 0; i < n; i++)
			rec[i] = Float.NEGATIVE_INFINITY;
		for (final float level : levels) {
			final int[] classes = new int[n];
			for (int i = 0; i < n; i++)
				classes[i] = image[i] >= level && (domain == null || domain[i]) ? 1 : 0;
			final int[] parts = TestStacks.bruteComponents(classes, 0, s, c);
			final boolean[] reached = new boolean[n + 1];
			for (int i = 0; i < n; i++)
				if (parts[i] != 0 && Math.min(marker[i], image[i]) >= level) reached[parts[i]] = true;
			for (int i = 0; i < n; i++)
				if (parts[i] != 0 && reached[parts[i]]) rec[i] = Math.max(rec[i], level);
		}
		return rec;
	}

	static float[] randomImage(final StackShape s, final int levels, final Random random) {
		final float[] f = new float[s.voxels()];
		for (int i = 0; i < f.length; i++)
			f[i] = levels > 0 ? random.nextInt(levels) * 0.25f : random.nextFloat();
		return f;
	}

	@Test
	public void equalsDefinitionOnRandomImages() {
		final Random random = new Random(7);
		for (int trial = 0; trial < 80; trial++) {
			final StackShape s = new StackShape(1 + random.nextInt(7), 1 + random.nextInt(6), 1 + random.nextInt(5), null);
			final float[] image = randomImage(s, trial % 2 == 0 ? 5 : 0, random);
			final float[] marker = new float[image.length];
			for (int i = 0; i < marker.length; i++)
				marker[i] = random.nextDouble() < 0.2 ? image[i] - random.nextInt(3) * 0.25f : -10;
			final boolean[] domain = trial % 3 == 0 ? null : new boolean[image.length];
			if (domain != null) for (int i = 0; i < domain.length; i++)
				domain[i] = random.nextDouble() < 0.8;
			final Connectivity c = trial % 4 < 2 ? Connectivity.SIX : Connectivity.TWENTY_SIX;
			final float[] expected = bruteForce(marker, image, domain, s, c);
			final float[] actual = Reconstruction.byDilation(marker.clone(), image, domain, s, c, Progress.NONE);
			for (int i = 0; i < image.length; i++)
				if (domain == null || domain[i]) assertEquals("trial " + trial + " voxel " + i, expected[i], actual[i], 0);
				else assertEquals("outside the domain the marker stays", Math.min(marker[i], image[i]), actual[i], 0);
		}
	}
}
