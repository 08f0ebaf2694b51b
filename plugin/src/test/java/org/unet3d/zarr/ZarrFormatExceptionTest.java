package org.unet3d.zarr;

import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Scanner;

import org.junit.Test;

/**
 * The Python our messages recommend is the Python that PythonZarrTest runs to prove that it turns
 * what we refuse into what we read.
 */
public class ZarrFormatExceptionTest {

	@Test
	public void theRecommendedPythonIsWhatTheInteropTestRuns() throws Exception {
		final String script;
		try (InputStream in = ZarrFormatExceptionTest.class.getResourceAsStream("zarr_interop.py");
			Scanner s = new Scanner(in, StandardCharsets.UTF_8.name()))
		{
			script = s.useDelimiter("\\A").next();
		}
		for (final String python : new String[] { ZarrFormatException.PYTHON_COPY_IMAGE,
			ZarrFormatException.PYTHON_COPY_ARRAY })
		{
			final String run = python.replace("\"in.zarr\"", "src").replace("\"out.zarr\"", "dst");
			assertTrue(run, script.contains(run));
		}
		final String m = ZarrFormatException.unsupported(Paths.get("/d/a.zarr/.zarray"), "Fortran order").getMessage();
		assertTrue(m, m.startsWith("/d/a.zarr/.zarray uses Fortran order, which this plugin does not read. Rewrite it " +
			"as Zarr v2 in C order with compressor zlib, gzip, zstd or none"));
		assertTrue(m, m.contains(ZarrFormatException.PYTHON_COPY_IMAGE) && m.contains(
			ZarrFormatException.PYTHON_COPY_ARRAY));
	}
}
