package org.unet3d.spark;

import java.util.Locale;

import com.sun.jna.Library;
import com.sun.jna.Native;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Keeps ND4J's native threads within what Spark gives a task ({@code spark.task.cpus}), so that
 * the tasks running side by side on an executor do not oversubscribe its cores: the executors'
 * environment gets {@code OMP_NUM_THREADS} (read when the native library loads), and every task
 * sets OpenMP's and ND4J's thread counts for its own thread before it computes.
 */
final class NativeThreads {

	/** OpenMP's environment variable for its thread count. */
	static final String OMP_NUM_THREADS = "OMP_NUM_THREADS";

	private NativeThreads() {}

	/** Sets the calling task thread's native thread counts. */
	static void forTask(final int cpus) {
		final int n = Math.max(1, cpus);
		Nd4j.getEnvironment().setMaxThreads(n);
		Nd4j.getEnvironment().setMaxMasterThreads(n);
		NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
	}

	/** OpenMP's thread count for the calling thread, as the native library sees it. */
	static int openMpThreads() {
		return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
	}

	/**
	 * Sets an environment variable of this process unless it is set (Linux; before the native library
	 * loads, e.g. for a local master, where the tasks run in the driver's JVM).
	 *
	 * @return false where it could not be set
	 */
	static boolean setenvIfUnset(final String name, final String value) {
		if (System.getenv(name) != null) return true;
		if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) return false;
		try {
			return CLibrary.INSTANCE.setenv(name, value, 0) == 0;
		}
		catch (final Throwable t) { // no JNA or no libc: OpenMP's default stands
			return false;
		}
	}

	/** The one C function needed, through JNA. */
	private interface CLibrary extends Library {

		CLibrary INSTANCE = (CLibrary) Native.loadLibrary("c", CLibrary.class);

		int setenv(String name, String value, int overwrite);
	}
}
