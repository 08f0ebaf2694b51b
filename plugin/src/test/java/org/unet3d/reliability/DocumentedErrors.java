package org.unet3d.reliability;

import java.util.Locale;

/**
 * The rows of the table of bad inputs and faults in {@code docs/errors.md}: each with its id, the
 * stable part of the message a user gets, and the test that proves it. The tests assert these
 * texts, {@link DocumentedErrorsTest} checks that the table lists them, and {@link FuzzTest}
 * accepts no other failure.
 */
enum DocumentedErrors {

	IMAGE_2D("I1", "ErrorTableTest#twoDimensionalImage", "is 2D (a single slice)"),
	TIME_SERIES("I2", "ErrorTableTest#timeSeries", "is a time series", "time frames and 1 z-slice"),
	RGB("I3", "ErrorTableTest#rgbImage", "is RGB color"),
	CHANNELS("I4", "ErrorTableTest#channelsTheModelWasNotTrainedFor", "The model was trained on"),
	SHAPES_DIFFER("I5", "ErrorTableTest#imageAndLabelsOfDifferentShape", "differ in size",
		"they must be the same size"),
	NOT_CLASS_IDS("I6", "ErrorTableTest#labelsThatAreNotIntegerClassIds", "Labels must be whole-number class ids",
		"Labels must be class ids 0, 1, 2", "which is not a class id: class ids are whole numbers",
		"labels must be a single-channel stack"),
	IDS_BEYOND_CLASSES("I7", "ErrorTableTest#classIdsBeyondTheDeclaredCount", "is not a class id: ",
		"which is not a class id: class ids are 0 to", "class ids must be consecutive"),
	SINGLE_CLASS("I8", "ErrorTableTest#singleClassLabels", "The labels contain only one class"),
	STACK_TOO_SMALL("I9", "ErrorTableTest#stackSmallerThanTheNetwork", "smaller than this network's minimum stack size"),
	SIZE_NOT_DIVISIBLE("I10", "ErrorTableTest#patchOrTileNotDivisibleByThePooling", "does not fit the network"),
	MODEL_DAMAGED("I11", "ErrorTableTest#corruptOrTruncatedModel", "it is not a zip file, or it is truncated or corrupt"),
	MODEL_TOO_NEW("I12", "ErrorTableTest#modelFromANewerFormatVersion", "Update the 3D U-Net plugin to use it"),
	MODEL_CHANNELS("I13", "ErrorTableTest#modelForAnotherNumberOfChannels", "-channel images, but this image has"),
	OUTPUT_EXISTS("I14", "ErrorTableTest#outputThatAlreadyExists", "already exists. Choose another name, or allow " +
		"overwriting (overwrite=true)"),
	OUTPUT_NOT_WRITABLE("I15", "ErrorTableTest#outputThatIsNotWritable", "is not writable. Choose another output path",
		"does not exist. Create it or choose another output path"),
	PATCH_TOO_BIG("I16", "ErrorTableTest#patchAndBatchThatDoNotFitInMemory", "of memory for training, but about"),
	TILE_TOO_BIG("I17", "ErrorTableTest#tileThatDoesNotFitInMemory", "GB of memory, but about"),
	NOT_A_NUMBER("I18", "ErrorTableTest#nanOrInfiniteVoxels", "has a voxel that is not a number",
		"is not understood: use nan=refuse"),
	ZARR_NOT_READ("I19", "ErrorTableTest#omeZarrThatIsNotRead", "which this plugin does not read"),
	ZARR_DAMAGED("I20", "ErrorTableTest#damagedOmeZarr", "is damaged or not a Zarr v2 description",
		"is damaged: ", "does not exist or is not a folder", "is not an OME-Zarr image"),
	NO_FOREGROUND_CLASS("O1", "ObjectErrorsTest#classesThatObjectsCannotBeMadeOf", "there is no foreground class",
		"no class is marked as background", "classes is marked as boundary", "is not one of the"),
	INSTANCES_SHAPE("O2", "ObjectErrorsTest#instancesOfAnotherShape", "The instance image of",
		"give the image they were made from"),
	IDS_PAST_2_31("O3", "ObjectErrorsTest#idsOfTwoToThe31OrMore", "ids of 2^31 (2147483648) or more are not supported",
		"object scores need object label images of whole numbers"),
	OBJECT_SETTINGS("O4", "ObjectErrorsTest#objectSettingsThatDoNotParse", "is not a way of making objects",
		"is not a seed source", "is not a connectivity", "is not a number: give h",
		"are saved only when objects are made", "it is neither a probability"),
	CANCELED("F1", "TrainerTest#cancelStopsAfterTheCurrentStepAndKeepsALoadableBestModel", "canceled"),
	KILLED_TRAINING("F2", "FaultsTest#killDuringTrainingLeavesALoadableCheckpoint"),
	KILLED_SAVE("F3", "FaultsTest#killDuringSaveLeavesTheOldModelIntact"),
	DIVERGED("F4", "FaultsTest#divergedLossStopsAndKeepsTheLastGoodFiles", "Training diverged"),
	DISK_FULL("F5", "FaultsTest#fullDiskLeavesNoHalfWrittenFile", "the disk is full"),
	OUT_OF_MEMORY("F6", "FaultsTest#outOfMemoryInTheNetworkNamesASmallerTile", "ran out of memory"),
	INPUTS_UNCHANGED("N1", "InputsUnchangedTest#noCommandChangesItsInputImages"),
	FUZZ("N2", "FuzzTest#randomInputsSucceedOrFailWithADocumentedMessage");

	final String id;
	final String test;
	final String[] fragments;

	DocumentedErrors(final String id, final String test, final String... fragments) {
		this.id = id;
		this.test = test;
		this.fragments = fragments;
	}

	/** The row whose message {@code message} is, or null for a message no row documents. */
	static DocumentedErrors of(final String message) {
		if (message == null) return null;
		for (final DocumentedErrors row : values())
			for (final String f : row.fragments)
				if (message.contains(f)) return row;
		return null;
	}

	@Override
	public String toString() {
		return id + " " + name().toLowerCase(Locale.ROOT);
	}
}
