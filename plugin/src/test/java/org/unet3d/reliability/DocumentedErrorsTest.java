package org.unet3d.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.junit.Test;

/**
 * The table in docs/errors.md and {@link DocumentedErrors} agree: every row is in the table once,
 * with its message parts and the test that covers it, and that test exists.
 */
public class DocumentedErrorsTest {

	@Test
	public void everyRowIsInTheTableWithItsMessageAndAnExistingTest() throws Exception {
		final List<String> lines = Files.readAllLines(new File("docs/errors.md").toPath(), StandardCharsets.UTF_8);
		for (final DocumentedErrors row : DocumentedErrors.values()) {
			String line = null;
			int count = 0;
			for (final String l : lines)
				if (l.startsWith("| " + row.id + " |")) {
					line = l;
					count++;
				}
			assertEquals(row + " rows in docs/errors.md", 1, count);
			assertTrue(row + ": " + line, line.contains("`" + row.test + "`"));
			for (final String fragment : row.fragments)
				assertTrue(row + " should mention \"" + fragment + "\": " + line, line.contains(fragment));
			assertNotNull(row.test, testMethod(row.test));
		}
	}

	@Test
	public void theReadmeLinksTheTable() throws IOException {
		final String readme = new String(Files.readAllBytes(new File("README.md").toPath()), StandardCharsets.UTF_8);
		assertTrue(readme.contains("(docs/errors.md)"));
	}

	private static Method testMethod(final String reference) throws ClassNotFoundException, NoSuchMethodException {
		final String[] p = reference.split("#");
		final String pkg = p[0].equals("TrainerTest") ? "org.unet3d.training." : "org.unet3d.reliability.";
		final Method m = Class.forName(pkg + p[0]).getMethod(p[1]);
		assertNotNull(reference + " is not a test", m.getAnnotation(Test.class));
		return m;
	}
}
