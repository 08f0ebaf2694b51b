package org.unet3d.ij1;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;

import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.unet3d.io.ModelFile;

/** What the dialog says about a chosen model file: what it holds, or why it cannot be used. */
public class ModelCheckTest {

	@ClassRule
	public static TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void summaryShowsClassesPatchAndVoxelSize() throws Exception {
		final File model = tmp.newFile("model.zip");
		ModelFile.write(TestModels.small(), model);
		final ModelCheck check = ModelCheck.of(model, null);
		assertNull(check.problem);
		assertTrue(check.summary, check.summary.startsWith("Model: 0 = background, 1 = ball\n1 input channel; patch " +
			"size (z,y,x) 8,16,16"));
		assertTrue(check.summary, check.summary.contains("Voxel size"));
		assertEquals(check.summary, check.note());
		assertSame("the same file and date are read once", check, ModelCheck.of(model, check));
	}

	@Test
	public void aFileThatIsNoModelIsAProblemNotASummary() throws Exception {
		final File notes = tmp.newFile("notes.zip");
		Files.write(notes.toPath(), "hello".getBytes("UTF-8"));
		final ModelCheck check = ModelCheck.of(notes, null);
		assertNull(check.summary);
		assertTrue(check.problem, check.problem.startsWith("notes.zip is not a usable 3D U-Net model: "));
		assertEquals(check.problem, check.note());
		final File model = tmp.newFile("other.zip");
		ModelFile.write(TestModels.small(), model);
		assertNotSame("another file is read anew", check, ModelCheck.of(model, check));
		assertNull(ModelCheck.of(model, check).problem);
	}
}
