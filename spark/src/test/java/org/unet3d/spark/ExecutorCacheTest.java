package org.unet3d.spark;

import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;

import java.nio.file.Files;

import org.junit.Test;
import org.unet3d.model.SegmentationModel;

/**
 * An executor gives each task thread a network of its own (a DL4J network serves one thread), made
 * once from the broadcast model bytes and handed to the next task when a task is done.
 */
public class ExecutorCacheTest {

	@Test
	public void oneNetworkPerThreadReusedAfterwards() throws Exception {
		final TestData data = TestData.get();
		final byte[] bytes = Files.readAllBytes(data.model);
		final String key = "test-" + System.nanoTime() + "-model-key";
		final SegmentationModel a = ExecutorCache.borrow(key, bytes);
		final SegmentationModel b = ExecutorCache.borrow(key, bytes); // a second task at the same time
		assertNotSame("two tasks at once get two networks", a.graph(), b.graph());
		ExecutorCache.release(key, a);
		assertSame("the next task gets a network back, not a new one", a, ExecutorCache.borrow(key, bytes));
		ExecutorCache.release(key, b);
	}
}
