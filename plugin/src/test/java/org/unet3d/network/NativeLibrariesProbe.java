package org.unet3d.network;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Run in a separate JVM by {@link NativeLibrariesTest}: prints the loaded library and a U-Net output checksum. */
public final class NativeLibrariesProbe {

	private NativeLibrariesProbe() {}

	static double checksum() {
		final UNet3DConfig c = UNet3DConfig.builder().depth(2).baseFilters(4).classes(3).build();
		final ComputationGraph g = UNet3DBuilder.of(c).seed(3).build(new int[] { 8, 8, 8 });
		final INDArray x = Nd4j.linspace(-1, 1, 2 * 8 * 8 * 8, DataType.FLOAT).reshape(2, 1, 8, 8, 8);
		final INDArray p = g.outputSingle(false, x);
		return p.mul(Nd4j.linspace(0, 1, p.length(), DataType.FLOAT).reshape(p.shape())).sumNumber().doubleValue();
	}

	public static void main(final String[] args) {
		NativeLibraries.configure();
		final double c = checksum();
		System.out.println("library=" + NativeLibraries.describe());
		System.out.println("checksum=" + c);
	}
}
