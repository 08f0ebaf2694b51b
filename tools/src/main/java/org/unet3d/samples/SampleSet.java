package org.unet3d.samples;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A training stack and a separate test stack of one kind, each fixed by size and seed: the pairs
 * bundled in the project's {@code sample-stacks} folder, and what {@link GenerateSamples} writes.
 * Sizes are x, y, z in voxels.
 */
public final class SampleSet {

	private final SyntheticStacks.Kind kind;
	private final long[] trainSize;
	private final long trainSeed;
	private final long[] testSize;
	private final long testSeed;

	public SampleSet(final SyntheticStacks.Kind kind, final long[] trainSize, final long trainSeed,
		final long[] testSize, final long testSeed)
	{
		if (kind == null) throw new IllegalArgumentException("No sample kind given.");
		if (trainSize.length != 3 || testSize.length != 3) throw new IllegalArgumentException(
			"Sizes are x, y, z triples");
		if (trainSeed == testSeed) throw new IllegalArgumentException("Training and test stacks need different " +
			"seeds, or the test would be on the training data.");
		this.kind = kind;
		this.trainSize = trainSize.clone();
		this.trainSeed = trainSeed;
		this.testSize = testSize.clone();
		this.testSeed = testSeed;
	}

	/**
	 * The bundled samples: nuclei 96x96x48 (train, seed 1) and 96x96x32 (test, seed 2); EM
	 * 128x128x24 and 128x128x16 (seeds 11, 12); sandstone 80x80x80 and 64x64x64 (seeds 21, 22).
	 */
	public static List<SampleSet> bundled() {
		return Collections.unmodifiableList(Arrays.asList( //
			new SampleSet(SyntheticStacks.Kind.NUCLEI, new long[] { 96, 96, 48 }, 1, new long[] { 96, 96, 32 }, 2),
			new SampleSet(SyntheticStacks.Kind.EM_MEMBRANES, new long[] { 128, 128, 24 }, 11, new long[] { 128, 128,
				16 }, 12), //
			new SampleSet(SyntheticStacks.Kind.SANDSTONE_CT, new long[] { 80, 80, 80 }, 21, new long[] { 64, 64, 64 },
				22)));
	}

	/** The bundled set of a kind. */
	public static SampleSet bundled(final SyntheticStacks.Kind kind) {
		for (final SampleSet s : bundled())
			if (s.kind == kind) return s;
		throw new AssertionError(kind);
	}

	public SyntheticStacks.Kind kind() {
		return kind;
	}

	/** Folder name of this set, the kind's id (e.g. "nuclei"). */
	public String name() {
		return kind.id();
	}

	/** Training stack size, x, y, z. */
	public long[] trainSize() {
		return trainSize.clone();
	}

	public long trainSeed() {
		return trainSeed;
	}

	/** Test stack size, x, y, z. */
	public long[] testSize() {
		return testSize.clone();
	}

	public long testSeed() {
		return testSeed;
	}

	/** Generates the training stack. */
	public LabeledStack train() {
		return SyntheticStacks.generate(kind, trainSize[0], trainSize[1], trainSize[2], trainSeed);
	}

	/** Generates the test stack. */
	public LabeledStack test() {
		return SyntheticStacks.generate(kind, testSize[0], testSize[1], testSize[2], testSeed);
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof SampleSet)) return false;
		final SampleSet s = (SampleSet) o;
		return kind == s.kind && Arrays.equals(trainSize, s.trainSize) && trainSeed == s.trainSeed && Arrays.equals(
			testSize, s.testSize) && testSeed == s.testSeed;
	}

	@Override
	public int hashCode() {
		return Objects.hash(kind, Arrays.hashCode(trainSize), trainSeed, Arrays.hashCode(testSize), testSeed);
	}

	@Override
	public String toString() {
		return kind.id() + ": train " + trainSize[0] + "x" + trainSize[1] + "x" + trainSize[2] + " seed " + trainSeed +
			", test " + testSize[0] + "x" + testSize[1] + "x" + testSize[2] + " seed " + testSeed;
	}
}
