package org.unet3d.training.loss;

/**
 * Which loss a network is trained with: class-weighted cross-entropy, soft Dice, or their sum
 * (the default; cross-entropy gives well-calibrated voxels, Dice keeps rare classes from being
 * ignored).
 */
public enum LossKind {

	/** Class-weighted cross-entropy, averaged over the labeled voxels. */
	CROSS_ENTROPY(1, 0),
	/** Soft Dice, 1 - mean over classes of the batch's soft Dice coefficient. */
	DICE(0, 1),
	/** Cross-entropy plus soft Dice, equally weighted. */
	CROSS_ENTROPY_AND_DICE(1, 1);

	private final double crossEntropyWeight;
	private final double diceWeight;

	LossKind(final double crossEntropyWeight, final double diceWeight) {
		this.crossEntropyWeight = crossEntropyWeight;
		this.diceWeight = diceWeight;
	}

	/** The loss function for a network with a softmax output. */
	public SegmentationLoss create(final double[] classWeights) {
		return new SegmentationLoss(crossEntropyWeight, diceWeight, classWeights);
	}

	/** Parses a name as users type it: "ce", "dice", "ce+dice", or the enum name (case-insensitive). */
	public static LossKind parse(final String text) {
		final String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace(' ', '_').replace('-', '_');
		switch (t) {
			case "ce":
			case "cross_entropy":
			case "crossentropy":
				return CROSS_ENTROPY;
			case "dice":
				return DICE;
			case "ce+dice":
			case "ce_dice":
			case "cross_entropy_and_dice":
			case "cross_entropy+dice":
			case "":
				return CROSS_ENTROPY_AND_DICE;
			default:
				throw new IllegalArgumentException("Unknown loss \"" + text + "\". Use ce (cross-entropy), dice, or " +
					"ce+dice (the default).");
		}
	}
}
