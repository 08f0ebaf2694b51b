package org.unet3d.planning;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.unet3d.data.VoxelSize;
import org.unet3d.network.UNet3DConfig;

/** Pooling and kernels follow the voxel size, so that thick slices are pooled and convolved in the plane. */
public class NetworkPlannerTest {

	@Test
	public void poolingFollowsVoxelSize() {
		assertArrayEquals(new int[][] { { 1, 2, 2 }, { 1, 2, 2 }, { 1, 2, 2 } }, NetworkPlanner.poolingFor(new VoxelSize(4,
			4, 50, "nm"), 3));
		assertArrayEquals(new int[][] { { 1, 2, 2 }, { 2, 2, 2 }, { 2, 2, 2 } }, NetworkPlanner.poolingFor(new VoxelSize(
			0.127, 0.127, 0.284, "micron"), 3));
		assertArrayEquals(new int[][] { { 2, 2, 2 }, { 2, 2, 2 } }, NetworkPlanner.poolingFor(VoxelSize.UNCALIBRATED, 2));
	}

	@Test
	public void kernelsFollowVoxelSize() {
		// serial-section EM, 4 x 4 x 50 nm: in-plane kernels while slices are >= 3x thicker than pixels are
		// wide (12.5, 6.25, 3.1 after 1x2x2 pooling), 3x3x3 at the bottom (1.6)
		assertArrayEquals(new int[][] { { 1, 3, 3 }, { 1, 3, 3 }, { 1, 3, 3 }, { 3, 3, 3 } }, NetworkPlanner.kernelsFor(
			new VoxelSize(4, 4, 50, "nm"), 3));
		assertArrayEquals(new int[][] { { 1, 3, 3 }, { 1, 3, 3 }, { 3, 3, 3 }, { 3, 3, 3 } }, NetworkPlanner.kernelsFor(
			new VoxelSize(4.6, 4.6, 50, "nm"), 3));
		// confocal, 2.2x: 3x3x3 everywhere, stored as no kernels at all (as in models made before kernels existed)
		final UNet3DConfig confocal = UNet3DConfig.builder().depth(3).kernels(NetworkPlanner.kernelsFor(new VoxelSize(
			0.127, 0.127, 0.284, "micron"), 3)).build();
		assertEquals(UNet3DConfig.builder().depth(3).build(), confocal);
		assertTrue(confocal.toJson(), !confocal.toJson().contains("kernels"));
		assertArrayEquals(new int[] { 3, 3, 3 }, confocal.kernel(3));
		// a stored list of 3x3x3 kernels is the same network as none
		final UNet3DConfig listed = UNet3DConfig.fromJson(confocal.toJson().replaceFirst("\\{",
			"{\"kernels\":[[3,3,3],[3,3,3],[3,3,3],[3,3,3]],"));
		assertEquals(confocal, listed);
		assertEquals(confocal.hashCode(), listed.hashCode());
	}
}
