// Compares a label image with the ground truth (per-class Dice, IoU, precision, recall) and saves
// the table as CSV; the report and the mean Dice go to the Log (the console in batch runs).
//
// Arguments (optional): samples=<the sample-stacks folder>  output=<folder>
//   prediction=<labels.tif> (default <output>/test-image-labels.tif, from segment-open-image.ijm)
//   truth=<ground truth.tif> (default the bundled sample-stacks/nuclei/test-labels.tif)
// Run: xvfb-run imagej -b macros/evaluate.ijm "output=/tmp/results"
args = getArgument();
here = File.getParent(getInfo("macro.filepath"));
samples = call("ij.Macro.getValue", args, "samples", File.getParent(here) + File.separator + "sample-stacks");
output = call("ij.Macro.getValue", args, "output", getDirectory("temp") + "unet3d-macros");
prediction = call("ij.Macro.getValue", args, "prediction", output + File.separator + "test-image-labels.tif");
truth = call("ij.Macro.getValue", args, "truth", samples + "/nuclei/test-labels.tif");
model = output + File.separator + "nuclei-model.zip";
options = "prediction=[" + prediction + "] truth=[" + truth + "] csv=[" + output + File.separator
	+ "evaluation.csv] overwrite";
if (File.exists(model)) options = options + " model=[" + model + "]"; // for the class names
run("Evaluate Segmentation (3D U-Net)...", options);
