package org.unet3d.training.loss;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.unet3d.network.UNet3DBuilder;
import org.unet3d.network.UNet3DConfig;

/**
 * The loss against hand-computed values, central-difference gradient checks of the loss alone and
 * of a whole U-Net trained with it, and the masking of unlabeled voxels.
 */
public class SegmentationLossTest {

	private DataType savedDefault;

	@Before
	public void doublePrecision() {
		savedDefault = Nd4j.dataType();
		Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
	}

	@After
	public void restorePrecision() {
		Nd4j.setDefaultDataTypes(savedDefault, savedDefault);
	}

	private static INDArray oneHotRows(final int rows, final int k, final long seed) {
		final INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, k);
		final Random r = new Random(seed);
		for (int i = 0; i < rows; i++)
			y.putScalar(i, r.nextInt(k), 1.0);
		return y;
	}

	private static INDArray mask(final int rows, final long seed) {
		final INDArray m = Nd4j.ones(DataType.DOUBLE, rows, 1);
		final Random r = new Random(seed);
		for (int i = 0; i < rows; i++)
			if (r.nextInt(3) == 0) m.putScalar(i, 0, 0.0);
		return m;
	}

	/** Central differences of computeScore(average=false) against computeGradient, every entry. */
	private static void checkGradient(final SegmentationLoss loss, final INDArray y, final INDArray z,
		final INDArray m)
	{
		final ActivationSoftmax softmax = new ActivationSoftmax();
		final INDArray g = loss.computeGradient(y, z.dup(), softmax, m);
		final double eps = 1e-6;
		double maxErr = 0;
		for (int i = 0; i < z.rows(); i++)
			for (int j = 0; j < z.columns(); j++) {
				final INDArray plus = z.dup();
				plus.putScalar(i, j, z.getDouble(i, j) + eps);
				final INDArray minus = z.dup();
				minus.putScalar(i, j, z.getDouble(i, j) - eps);
				final double numeric = (loss.computeScore(y, plus, softmax, m, false) - loss.computeScore(y, minus, softmax,
					m, false)) / (2 * eps);
				final double analytic = g.getDouble(i, j);
				// relative error, or an absolute one where central differences lose precision (score ~ 100)
				final double abs = Math.abs(numeric - analytic);
				final double rel = abs / Math.max(1e-12, Math.abs(numeric) + Math.abs(analytic));
				maxErr = Math.max(maxErr, Math.min(rel, abs));
				assertTrue("row " + i + " class " + j + ": numeric " + numeric + " analytic " + analytic, rel < 1e-5 ||
					abs < 1e-7);
			}
		assertTrue("largest error " + maxErr, maxErr < 1e-5);
	}

	@Test
	public void gradientOfEachPartAndTheSum() {
		Nd4j.getRandom().setSeed(12);
		final int rows = 40;
		final int k = 3;
		final INDArray z = Nd4j.randn(DataType.DOUBLE, rows, k).muli(2);
		final INDArray y = oneHotRows(rows, k, 1);
		final INDArray m = mask(rows, 2);
		final double[] w = { 0.5, 2, 3.5 };
		for (final LossKind kind : LossKind.values()) {
			checkGradient(kind.create(null), y, z, null);
			checkGradient(kind.create(w), y, z, m);
		}
		checkGradient(new SegmentationLoss(0.3, 1.7, w), y, z, m);
	}

	@Test
	public void valuesMatchHandComputation() {
		// two voxels, two classes; p = softmax(z)
		final INDArray z = Nd4j.createFromArray(new double[][] { { 0, 1 }, { 2, 0 } });
		final INDArray y = Nd4j.createFromArray(new double[][] { { 0, 1 }, { 0, 1 } });
		final double p01 = Math.exp(1) / (1 + Math.exp(1));
		final double p11 = 1 / (Math.exp(2) + 1);
		final double ce = (-Math.log(p01) - Math.log(p11)) / 2;
		final ActivationSoftmax s = new ActivationSoftmax();
		assertEquals(ce, LossKind.CROSS_ENTROPY.create(null).computeScore(y, z, s, null, true), 1e-12);
		// Dice: class 0 has I=0, P=(1-p01)+(1-p11), G=0; class 1 has I=P=p01+p11, G=2
		final double d0 = 1 / ((1 - p01) + (1 - p11) + 1);
		final double d1 = (2 * (p01 + p11) + 1) / (p01 + p11 + 2 + 1);
		assertEquals(1 - (d0 + d1) / 2, LossKind.DICE.create(null).computeScore(y, z, s, null, true), 1e-12);
		// weights normalize: weighted mean over labeled voxels, so weighting the only class present changes nothing
		assertEquals(ce, LossKind.CROSS_ENTROPY.create(new double[] { 1, 7 }).computeScore(y, z, s, null, true), 1e-12);
		// the sum, and the not-averaged score is rows times the loss (the Cnn3DLossLayer contract)
		final SegmentationLoss sum = LossKind.CROSS_ENTROPY_AND_DICE.create(null);
		assertEquals(ce + 1 - (d0 + d1) / 2, sum.computeScore(y, z, s, null, true), 1e-12);
		assertEquals(2 * (ce + 1 - (d0 + d1) / 2), sum.computeScore(y, z, s, null, false), 1e-12);
		assertEquals(sum.computeScore(y, z, s, null, false), sum.computeScoreArray(y, z, s, null).sumNumber()
			.doubleValue(), 1e-12);
	}

	@Test
	public void maskedRowsHaveZeroGradientAndDoNotChangeTheScore() {
		final int rows = 30;
		final int k = 3;
		final INDArray z = Nd4j.randn(DataType.DOUBLE, rows, k);
		final INDArray y = oneHotRows(rows, k, 5);
		final INDArray m = mask(rows, 6);
		final INDArray y2 = y.dup();
		final INDArray z2 = z.dup();
		for (int i = 0; i < rows; i++)
			if (m.getDouble(i, 0) == 0) { // change labels and outputs of unlabeled voxels
				y2.getRow(i).assign(0).putScalar((y.getRow(i).argMax().getInt(0) + 1) % k, 1.0);
				z2.getRow(i).assign(Nd4j.randn(DataType.DOUBLE, k).muli(5));
			}
		final ActivationSoftmax s = new ActivationSoftmax();
		final SegmentationLoss loss = LossKind.CROSS_ENTROPY_AND_DICE.create(new double[] { 1, 2, 3 });
		assertEquals(loss.computeScore(y, z, s, m, false), loss.computeScore(y2, z2, s, m, false), 1e-12);
		final INDArray g = loss.computeGradient(y, z, s, m);
		final INDArray g2 = loss.computeGradient(y2, z2, s, m);
		for (int i = 0; i < rows; i++)
			if (m.getDouble(i, 0) == 0) {
				assertEquals(0, g.getRow(i).norm1Number().doubleValue(), 0);
				assertEquals(0, g2.getRow(i).norm1Number().doubleValue(), 0);
			}
			else assertArrayEquals(g.getRow(i).toDoubleVector(), g2.getRow(i).toDoubleVector(), 1e-12);
	}

	private static ComputationGraph tinyUNet(final SegmentationLoss loss) {
		final UNet3DConfig config = UNet3DConfig.builder().depth(1).baseFilters(1).classes(3).build();
		return UNet3DBuilder.of(config).dataType(DataType.DOUBLE).updater(new NoOp()).activation(Activation.TANH).seed(
			5).loss(loss).build(new int[] { 4, 4, 4 });
	}

	private static INDArray oneHot5d(final int n, final int k, final int s, final long seed) {
		final INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, k, s, s, s);
		final Random r = new Random(seed);
		for (int i = 0; i < n; i++)
			for (int z = 0; z < s; z++)
				for (int y = 0; y < s; y++)
					for (int x = 0; x < s; x++)
						labels.putScalar(new long[] { i, r.nextInt(k), z, y, x }, 1.0);
		return labels;
	}

	private static INDArray mask5d(final int n, final int s, final long seed) {
		final INDArray m = Nd4j.ones(DataType.DOUBLE, n, 1, s, s, s);
		final Random r = new Random(seed);
		for (int i = 0; i < n; i++)
			for (int z = 0; z < s; z++)
				for (int y = 0; y < s; y++)
					for (int x = 0; x < s; x++)
						if (r.nextInt(3) == 0) m.putScalar(new long[] { i, 0, z, y, x }, 0.0);
		return m;
	}

	@Test
	public void wholeNetworkGradientCheckWithMask() {
		final ComputationGraph g = tinyUNet(LossKind.CROSS_ENTROPY_AND_DICE.create(new double[] { 1, 2, 0.5 }));
		final INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 1, 4, 4, 4);
		final boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(
			new INDArray[] { in }).labels(new INDArray[] { oneHot5d(2, 3, 4, 7) }).labelMask(new INDArray[] { mask5d(2,
				4, 8) }).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-7));
		assertTrue("Gradient check of a U-Net trained with CE + Dice and a label mask failed", ok);
	}

	@Test
	public void ignoredVoxelsContributeZeroGradientToTheWeights() {
		final ComputationGraph g = tinyUNet(LossKind.CROSS_ENTROPY_AND_DICE.create(null));
		final INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 1, 4, 4, 4);
		final INDArray labels = oneHot5d(2, 3, 4, 9);
		final INDArray m = mask5d(2, 4, 10);
		final INDArray other = oneHot5d(2, 3, 4, 11); // different labels everywhere
		final INDArray mixed = labels.mul(m).addi(other.mul(m.rsub(1.0))); // same labels where labeled
		final Gradient a = gradient(g, in, labels, m);
		final Gradient b = gradient(g, in, mixed, m);
		final Gradient c = gradient(g, in, other, m);
		double total = 0;
		for (final String key : a.gradientForVariable().keySet()) {
			final INDArray ga = a.getGradientFor(key);
			assertArrayEquals(key, ga.dup().data().asDouble(), b.getGradientFor(key).dup().data().asDouble(), 1e-12);
			total += ga.sub(c.getGradientFor(key)).norm1Number().doubleValue();
		}
		assertTrue("changing labeled voxels must change the gradient", total > 1e-6);
	}

	private static Gradient gradient(final ComputationGraph g, final INDArray in, final INDArray labels,
		final INDArray m)
	{
		g.setInputs(in);
		g.setLabels(labels);
		g.setLayerMaskArrays(null, new INDArray[] { m });
		g.computeGradientAndScore();
		final Gradient grad = g.gradient();
		final Gradient copy = new org.deeplearning4j.nn.gradient.DefaultGradient();
		for (final java.util.Map.Entry<String, INDArray> e : grad.gradientForVariable().entrySet())
			copy.setGradientFor(e.getKey(), e.getValue().dup());
		g.clearLayerMaskArrays();
		return copy;
	}

	@Test
	public void crossEntropyPartEqualsDl4jCrossEntropyScaledToTheMean() {
		final INDArray z = Nd4j.randn(DataType.DOUBLE, 25, 4);
		final INDArray y = oneHotRows(25, 4, 3);
		final ActivationSoftmax s = new ActivationSoftmax();
		final double dl4j = new LossMCXENT().computeScore(y, z.dup(), s, null, false);
		assertEquals(dl4j, LossKind.CROSS_ENTROPY.create(null).computeScore(y, z, s, null, false), 1e-9);
		assertArrayEquals(new LossMCXENT().computeGradient(y, z.dup(), s, null).data().asDouble(), LossKind.CROSS_ENTROPY
			.create(null).computeGradient(y, z, s, null).data().asDouble(), 1e-9);
	}

	@Test
	public void jsonRoundTripInsideTheNetworkConfiguration() {
		final SegmentationLoss loss = LossKind.CROSS_ENTROPY_AND_DICE.create(new double[] { 0.25, 4 });
		final ComputationGraphConfiguration conf = UNet3DBuilder.of(UNet3DConfig.builder().depth(1).baseFilters(2)
			.build()).loss(loss).configuration(new int[] { 4, 4, 4 });
		final ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
		assertEquals(conf, back);
		assertEquals(LossKind.CROSS_ENTROPY_AND_DICE, LossKind.parse("ce+dice"));
		assertEquals(LossKind.DICE, LossKind.parse("Dice"));
	}

	@Test
	public void trainingStepWorksInFloat() {
		Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
		final ComputationGraph g = UNet3DBuilder.of(UNet3DConfig.builder().depth(1).baseFilters(2).classes(2).build())
			.loss(LossKind.CROSS_ENTROPY_AND_DICE.create(null)).build(new int[] { 4, 4, 4 });
		final INDArray in = Nd4j.rand(DataType.FLOAT, 2, 1, 4, 4, 4);
		final INDArray labels = oneHot5d(2, 2, 4, 1).castTo(DataType.FLOAT);
		g.fit(new MultiDataSet(new INDArray[] { in }, new INDArray[] { labels }));
		final double first = g.score();
		for (int i = 0; i < 10; i++)
			g.fit(new MultiDataSet(new INDArray[] { in }, new INDArray[] { labels }));
		assertTrue(g.score() + " < " + first, g.score() < first);
	}
}
