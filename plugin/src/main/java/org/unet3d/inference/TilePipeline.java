package org.unet3d.inference;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs batches of tiles through three threads so that reading and writing never stall the network:
 * a reader thread fills the next batch of tiles from the stack while the calling thread runs the
 * network on the current one and a writer thread blends the previous one into the slices and hands
 * finished slices to the sinks. Batches pass in order, so the results are those of doing the three
 * steps one after the other. Buffers are recycled: three batches of input and two of
 * probabilities, whatever the stack. An error or a cancellation in any thread stops all three and
 * is thrown by {@link #run}.
 */
final class TilePipeline {

	/** Fills batch {@code index} into {@code features}; returns how many tiles it holds. */
	interface Reader {

		int read(long index, float[] features) throws Exception;
	}

	/** Predicts the probabilities of the first {@code n} tiles of {@code features} into {@code probs}. */
	interface Network {

		void predict(float[] features, int n, float[] probs);
	}

	/** Takes the probabilities of batch {@code index} ({@code n} tiles); must not keep {@code probs}. */
	interface Writer {

		void write(long index, float[] probs, int n) throws Exception;
	}

	private static final Batch END = new Batch(null, 0, -1);
	private static final long POLL_MS = 50;

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	/**
	 * Runs {@code batches} batches: reading and writing on their own threads, the network on this one.
	 *
	 * @param featureLength length of one batch of input
	 * @param probsLength length of one batch of probabilities
	 * @throws CancellationException if {@code canceled} said so before a batch
	 */
	void run(final long batches, final int featureLength, final int probsLength, final Reader reader,
		final Network network, final Writer writer, final java.util.function.BooleanSupplier canceled)
		throws Exception
	{
		final BlockingQueue<float[]> freeFeatures = new ArrayBlockingQueue<>(3);
		final BlockingQueue<float[]> freeProbs = new ArrayBlockingQueue<>(2);
		for (int i = 0; i < 3; i++)
			freeFeatures.add(new float[featureLength]);
		for (int i = 0; i < 2; i++)
			freeProbs.add(new float[probsLength]);
		final BlockingQueue<Batch> toCompute = new ArrayBlockingQueue<>(1);
		final BlockingQueue<Batch> toWrite = new ArrayBlockingQueue<>(1);
		final Thread read = thread("3D U-Net tile reader", () -> {
			for (long i = 0; i < batches; i++) {
				final float[] f = take(freeFeatures);
				put(toCompute, new Batch(f, reader.read(i, f), i));
			}
			put(toCompute, END);
		});
		final Thread write = thread("3D U-Net tile writer", () -> {
			for (Batch b = take(toWrite); b != END; b = take(toWrite)) {
				writer.write(b.index, b.data, b.n);
				put(freeProbs, b.data);
			}
		});
		read.start();
		write.start();
		try {
			for (Batch b = take(toCompute); b != END; b = take(toCompute)) {
				if (canceled.getAsBoolean()) throw new CancellationException("Segmentation canceled");
				final float[] out = take(freeProbs);
				network.predict(b.data, b.n, out);
				put(freeFeatures, b.data);
				put(toWrite, new Batch(out, b.n, b.index));
			}
			put(toWrite, END);
			write.join();
		}
		catch (final Throwable e) {
			failure.compareAndSet(null, e);
		}
		finally {
			if (failure.get() != null) {
				read.interrupt();
				write.interrupt();
			}
			read.join();
			write.join();
		}
		final Throwable e = failure.get();
		if (e instanceof Exception) throw (Exception) e;
		if (e instanceof Error) throw (Error) e;
		if (e != null) throw new IllegalStateException(e);
	}

	/** A thread that records its failure (the first one wins) and stops the others through it. */
	private Thread thread(final String name, final Step step) {
		final Thread t = new Thread(() -> {
			try {
				step.run();
			}
			catch (final Throwable e) {
				failure.compareAndSet(null, e);
			}
		}, name);
		t.setDaemon(true);
		return t;
	}

	/** Waits for an element, giving up when another thread failed. */
	private <T> T take(final BlockingQueue<T> q) throws InterruptedException {
		while (true) {
			checkOthers();
			final T t = q.poll(POLL_MS, TimeUnit.MILLISECONDS);
			if (t != null) return t;
		}
	}

	private <T> void put(final BlockingQueue<T> q, final T t) throws InterruptedException {
		while (!q.offer(t, POLL_MS, TimeUnit.MILLISECONDS))
			checkOthers();
	}

	private void checkOthers() throws InterruptedException {
		if (failure.get() != null) throw new InterruptedException("stopped: another step failed");
	}

	private interface Step {

		void run() throws Exception;
	}

	/** A batch of features or probabilities, and its place in the sequence. */
	private static final class Batch {

		final float[] data;
		final int n;
		final long index;

		Batch(final float[] data, final int n, final long index) {
			this.data = data;
			this.n = n;
			this.index = index;
		}
	}
}
