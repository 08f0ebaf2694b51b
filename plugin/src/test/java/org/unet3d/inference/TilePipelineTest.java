package org.unet3d.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.Test;

/**
 * The three-thread pipeline gives what reading, computing and writing one after the other give, in
 * order, and stops on an error or a cancellation in any step, throwing it.
 */
public class TilePipelineTest {

	@Test
	public void batchesArriveInOrderWithTheirOwnResults() throws Exception {
		final List<Long> written = Collections.synchronizedList(new ArrayList<>());
		final List<String> threads = Collections.synchronizedList(new ArrayList<>());
		new TilePipeline().run(50, 4, 8, (i, f) -> {
			threads.add(Thread.currentThread().getName());
			f[0] = i;
			return (int) (i % 3) + 1;
		}, (f, n, p) -> {
			p[0] = f[0] * 2;
			p[1] = n;
		}, (i, p, n) -> {
			assertEquals(2f * i, p[0], 0);
			assertEquals(n, (int) p[1]);
			assertEquals(i % 3 + 1, n);
			written.add(i);
		}, () -> false);
		assertEquals(50, written.size());
		for (int i = 0; i < 50; i++)
			assertEquals(i, (long) written.get(i));
		assertNotEquals("reading runs on its own thread", Thread.currentThread().getName(), threads.get(0));
	}

	@Test
	public void aFailingReaderOrWriterStopsTheRun() throws Exception {
		for (final int failing : new int[] { 0, 2 }) {
			final int[] computed = { 0 };
			try {
				new TilePipeline().run(1000, 4, 4, (i, f) -> {
					if (failing == 0 && i == 5) throw new IOException("disk gone");
					return 1;
				}, (f, n, p) -> computed[0]++, (i, p, n) -> {
					if (failing == 2 && i == 5) throw new IOException("disk full");
				}, () -> false);
				fail("expected the step's error");
			}
			catch (final IOException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("disk"));
				assertTrue("stopped early: " + computed[0], computed[0] < 20);
			}
		}
	}

	@Test
	public void cancelingStopsBeforeTheNextBatch() throws Exception {
		final int[] computed = { 0 };
		try {
			new TilePipeline().run(1000, 4, 4, (i, f) -> 1, (f, n, p) -> computed[0]++, (i, p, n) -> {}, () -> computed[0] >= 3);
			fail("expected a cancellation");
		}
		catch (final CancellationException e) {
			assertEquals(3, computed[0]);
		}
	}
}
