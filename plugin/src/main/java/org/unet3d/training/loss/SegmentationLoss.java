package org.unet3d.training.loss;

import java.util.Arrays;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The training loss of a segmentation network with a softmax output: {@code a * CE + b * Dice},
 * where CE is the class-weighted cross-entropy averaged over labeled voxels
 * ({@code sum_v m_v sum_k w_k y_vk (-log p_vk) / sum_v m_v sum_k w_k y_vk}) and Dice is
 * {@code 1 - mean_k (2 I_k + s) / (P_k + G_k + s)} with {@code I_k = sum_v m_v p_vk y_vk},
 * {@code P_k = sum_v m_v p_vk}, {@code G_k = sum_v m_v y_vk}, over the whole batch, s = 1.
 * Voxels with mask 0 (the unlabeled value) contribute nothing to either part, nor to the gradient.
 * <p>
 * DL4J contract ({@code Cnn3DLossLayer}): arrays arrive as rows of {@code [N*D*H*W, K]}
 * (pre-softmax output, one-hot labels) and a mask {@code [N*D*H*W, 1]}; the layer divides the
 * returned score by N and the updater divides the gradient by N. So that the loss does not depend
 * on how many voxels are labeled, the score returned is {@code R * loss} for R rows, and the
 * gradient is its exact derivative with respect to the pre-softmax output. The network's reported
 * score is therefore {@code loss * voxelsPerPatch}. The class name is part of the model file
 * format.
 */
public class SegmentationLoss implements ILossFunction {

	private static final long serialVersionUID = 1L;

	/** Dice smoothing term s. */
	static final double SMOOTH = 1.0;

	@JsonProperty
	private double crossEntropyWeight;
	@JsonProperty
	private double diceWeight;
	@JsonProperty
	private double[] classWeights;

	/** For JSON deserialization. */
	public SegmentationLoss() {
		this(1, 1, null);
	}

	/**
	 * @param classWeights cross-entropy weight per class (null = all 1)
	 */
	public SegmentationLoss(final double crossEntropyWeight, final double diceWeight, final double[] classWeights) {
		if (!(crossEntropyWeight >= 0 && diceWeight >= 0 && crossEntropyWeight + diceWeight > 0))
			throw new IllegalArgumentException("Loss weights must be >= 0 and not both 0, got " + crossEntropyWeight +
				", " + diceWeight);
		if (classWeights != null) for (final double w : classWeights)
			if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("Class weights must be >= 0, got " +
				Arrays.toString(classWeights));
		this.crossEntropyWeight = crossEntropyWeight;
		this.diceWeight = diceWeight;
		this.classWeights = classWeights == null ? null : classWeights.clone();
	}

	public double crossEntropyWeight() {
		return crossEntropyWeight;
	}

	public double diceWeight() {
		return diceWeight;
	}

	/** Cross-entropy weight per class, or null for equal weights. */
	public double[] classWeights() {
		return classWeights == null ? null : classWeights.clone();
	}

	/** The loss of one batch, its parts, and optionally the gradient. */
	static final class Evaluation {

		double crossEntropy;
		double dice;
		double loss;
		double[] rowScores;
		double[] gradient;
	}

	/**
	 * Evaluates the loss on rows of pre-softmax outputs.
	 *
	 * @param labels {@code [R, K]} one-hot (or soft) labels
	 * @param preOutput {@code [R, K]} pre-softmax output
	 * @param mask {@code [R, 1]} or {@code [R]}, 1 = labeled, 0 = ignored; null = all labeled
	 */
	Evaluation evaluate(final INDArray labels, final INDArray preOutput, final IActivation activation,
		final INDArray mask, final boolean withGradient, final boolean withRowScores)
	{
		if (!(activation instanceof ActivationSoftmax)) throw new IllegalArgumentException("SegmentationLoss needs a " +
			"softmax output layer, got " + activation);
		if (!Arrays.equals(labels.shape(), preOutput.shape()) || preOutput.rank() != 2) throw new IllegalArgumentException(
			"Labels " + Arrays.toString(labels.shape()) + " and output " + Arrays.toString(preOutput.shape()) +
			" must both be [rows, classes]");
		final int rows = (int) preOutput.size(0);
		final int k = (int) preOutput.size(1);
		if (classWeights != null && classWeights.length != k) throw new IllegalArgumentException("Got " +
			classWeights.length + " class weights for " + k + " classes");
		final double[] z = doubles(preOutput);
		final double[] y = doubles(labels);
		final double[] m = mask == null ? null : doubles(mask);
		if (m != null && m.length != rows) throw new IllegalArgumentException("Mask has " + m.length + " values for " +
			rows + " voxels; expected one per voxel");
		final double[] w = classWeights != null ? classWeights : ones(k);

		// softmax probabilities and log-probabilities, row by row (stable: shift by the row maximum)
		final double[] p = new double[z.length];
		final double[] ceRow = new double[rows];
		final double[] rowWeight = new double[rows];
		double weightSum = 0;
		final double[] inter = new double[k];
		final double[] pSum = new double[k];
		final double[] gSum = new double[k];
		for (int r = 0; r < rows; r++) {
			final int o = r * k;
			double max = Double.NEGATIVE_INFINITY;
			for (int j = 0; j < k; j++)
				max = Math.max(max, z[o + j]);
			double sum = 0;
			for (int j = 0; j < k; j++) {
				p[o + j] = Math.exp(z[o + j] - max);
				sum += p[o + j];
			}
			final double logSum = Math.log(sum);
			for (int j = 0; j < k; j++)
				p[o + j] /= sum;
			final double mr = m == null ? 1 : m[r];
			if (mr == 0) continue;
			double ce = 0;
			double wy = 0;
			for (int j = 0; j < k; j++) {
				final double yj = y[o + j];
				if (yj != 0) {
					ce -= w[j] * yj * (z[o + j] - max - logSum);
					wy += w[j] * yj;
				}
				inter[j] += mr * p[o + j] * yj;
				pSum[j] += mr * p[o + j];
				gSum[j] += mr * yj;
			}
			ceRow[r] = mr * ce;
			rowWeight[r] = mr * wy;
			weightSum += mr * wy;
		}
		final Evaluation e = new Evaluation();
		double ceTotal = 0;
		for (int r = 0; r < rows; r++)
			ceTotal += ceRow[r];
		e.crossEntropy = weightSum > 0 ? ceTotal / weightSum : 0;
		double diceMean = 0;
		final double[] denom = new double[k];
		final double[] numer = new double[k];
		for (int j = 0; j < k; j++) {
			numer[j] = 2 * inter[j] + SMOOTH;
			denom[j] = pSum[j] + gSum[j] + SMOOTH;
			diceMean += numer[j] / denom[j];
		}
		diceMean /= k;
		e.dice = 1 - diceMean;
		e.loss = crossEntropyWeight * e.crossEntropy + diceWeight * e.dice;
		if (withRowScores) {
			e.rowScores = new double[rows];
			for (int r = 0; r < rows; r++)
				e.rowScores[r] = rows * (crossEntropyWeight * (weightSum > 0 ? ceRow[r] / weightSum : 0)) + diceWeight *
					e.dice;
		}
		if (withGradient) {
			final double[] g = new double[z.length];
			final double ceScale = weightSum > 0 ? rows * crossEntropyWeight / weightSum : 0;
			final double[] dicePG = new double[k]; // d(Dice loss) / d p_vk = -(1/K) m_v (2 y_vk D_k - N_k) / D_k^2
			final double[] diceP = new double[k];
			for (int j = 0; j < k; j++) {
				diceP[j] = rows * diceWeight / k * numer[j] / (denom[j] * denom[j]);
				dicePG[j] = -rows * diceWeight / k * 2 / denom[j];
			}
			final double[] gp = new double[k];
			for (int r = 0; r < rows; r++) {
				final double mr = m == null ? 1 : m[r];
				if (mr == 0) continue;
				final int o = r * k;
				// cross-entropy: d/dz_j of -sum_k w_k y_k log p_k = p_j sum_k w_k y_k - w_j y_j
				double wy = 0;
				for (int j = 0; j < k; j++)
					wy += w[j] * y[o + j];
				// Dice: gradient with respect to p, then through the softmax Jacobian
				double dot = 0;
				for (int j = 0; j < k; j++) {
					gp[j] = mr * (dicePG[j] * y[o + j] + diceP[j]);
					dot += gp[j] * p[o + j];
				}
				for (int j = 0; j < k; j++)
					g[o + j] = ceScale * mr * (p[o + j] * wy - w[j] * y[o + j]) + p[o + j] * (gp[j] - dot);
			}
			e.gradient = g;
		}
		return e;
	}

	@Override
	public double computeScore(final INDArray labels, final INDArray preOutput, final IActivation activationFn,
		final INDArray mask, final boolean average)
	{
		final Evaluation e = evaluate(labels, preOutput, activationFn, mask, false, false);
		return average ? e.loss : e.loss * preOutput.size(0);
	}

	@Override
	public INDArray computeScoreArray(final INDArray labels, final INDArray preOutput, final IActivation activationFn,
		final INDArray mask)
	{
		final Evaluation e = evaluate(labels, preOutput, activationFn, mask, false, true);
		return array(e.rowScores, new long[] { preOutput.size(0), 1 }, preOutput.dataType());
	}

	@Override
	public INDArray computeGradient(final INDArray labels, final INDArray preOutput, final IActivation activationFn,
		final INDArray mask)
	{
		final Evaluation e = evaluate(labels, preOutput, activationFn, mask, true, false);
		return array(e.gradient, preOutput.shape(), preOutput.dataType());
	}

	@Override
	public Pair<Double, INDArray> computeGradientAndScore(final INDArray labels, final INDArray preOutput,
		final IActivation activationFn, final INDArray mask, final boolean average)
	{
		final Evaluation e = evaluate(labels, preOutput, activationFn, mask, true, false);
		return new Pair<>(average ? e.loss : e.loss * preOutput.size(0), array(e.gradient, preOutput.shape(), preOutput
			.dataType()));
	}

	@Override
	public String name() {
		return toString();
	}

	private static double[] doubles(final INDArray a) {
		return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
	}

	private static double[] ones(final int k) {
		final double[] w = new double[k];
		Arrays.fill(w, 1);
		return w;
	}

	private static INDArray array(final double[] values, final long[] shape, final DataType type) {
		if (type == DataType.DOUBLE) return Nd4j.create(values, shape, 'c');
		final float[] f = new float[values.length];
		for (int i = 0; i < f.length; i++)
			f[i] = (float) values[i];
		return Nd4j.create(f, shape, 'c').castTo(type);
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof SegmentationLoss)) return false;
		final SegmentationLoss l = (SegmentationLoss) o;
		return crossEntropyWeight == l.crossEntropyWeight && diceWeight == l.diceWeight && Arrays.equals(classWeights,
			l.classWeights);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(new double[] { crossEntropyWeight, diceWeight }) * 31 + Arrays.hashCode(classWeights);
	}

	@Override
	public String toString() {
		return "SegmentationLoss(crossEntropy=" + crossEntropyWeight + ", dice=" + diceWeight + (classWeights == null ? ""
			: ", classWeights=" + Arrays.toString(classWeights)) + ")";
	}
}
