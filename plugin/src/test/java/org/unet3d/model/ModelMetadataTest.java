package org.unet3d.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.unet3d.data.Clahe;
import org.unet3d.data.PercentileNormalization;
import org.unet3d.data.Preprocessing;
import org.unet3d.network.UNet3DConfig;

/** CLAHE travels with the model; models without it read as before. */
public class ModelMetadataTest {

	private static ModelMetadata.Builder base() {
		return ModelMetadata.builder().network(UNet3DConfig.builder().depth(2).build()).patchSize(new int[] { 16, 16,
			16 });
	}

	@Test
	public void claheRoundTrip() {
		final Clahe c = Clahe.volume(48, 6, 2.5);
		final ModelMetadata m = base().preprocessing(Preprocessing.of(new PercentileNormalization(2, 99), c)).build();
		final ModelMetadata back = ModelMetadata.fromJson(m.toJson());
		assertEquals(c, back.clahe());
		assertEquals(m.preprocessing(), back.preprocessing());
		assertTrue(back.describe().contains("3D CLAHE"));
	}

	@Test
	public void noClaheByDefaultAndNotWritten() {
		final ModelMetadata m = base().build();
		assertTrue(m.clahe().isOff());
		assertFalse(m.toJson().contains("clahe"));
		assertTrue(ModelMetadata.fromJson(m.toJson()).clahe().isOff());
	}
}
