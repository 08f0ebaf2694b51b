package org.unet3d.objects;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import net.imglib2.img.array.ArrayImgs;

import org.junit.Test;
import org.unet3d.data.VoxelSize;

/** Object id images read into memory, and the images that are refused. */
public class InstanceImagesTest {

	@Test
	public void readsObjectsNumberedWithoutGaps() {
		final ObjectLabels o = InstanceImages.readObjects(ArrayImgs.unsignedShorts(new short[] { 0, 500, 500, 9, 0, 9 },
			3, 2, 1), new VoxelSize(1, 1, 2, "micron"));
		assertArrayEquals(new int[] { 0, 2, 2, 1, 0, 1 }, o.ids());
		assertEquals(2, o.count());
		assertEquals(2, o.shape().voxelSize().z(), 0);
	}

	@Test
	public void readsThirtyTwoBitIdsBelowTwoToThe31() {
		final int[] ids = InstanceImages.read(ArrayImgs.unsignedInts(new int[] { 0, Integer.MAX_VALUE }, 2, 1, 1),
			new StackShape(2, 1, 1, null), "instance image");
		assertArrayEquals(new int[] { 0, Integer.MAX_VALUE }, ids);
	}

	@Test
	public void anImageOfAnotherShapeIsRefused() {
		final StackShape stack = new StackShape(4, 3, 2, null);
		ObjectMakerTest.expect(() -> InstanceImages.read(ArrayImgs.unsignedBytes(4, 3, 3), stack, "instance image"),
			"instance image is 4 x 3 x 3 voxels but the stack is 4 x 3 x 2");
		ObjectMakerTest.expect(() -> InstanceImages.readObjects(ArrayImgs.unsignedBytes(4, 3), null), "3D");
	}
}
