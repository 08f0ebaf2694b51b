// Trains a small 3D U-Net on the bundled nuclei sample and saves the model.
//
// Arguments (all optional, key=value, values with spaces in [brackets]):
//   samples=<folder>  the sample-stacks folder (default: ../sample-stacks next to this macro)
//   output=<folder>   where the model goes (default: <temp>/unet3d-macros)
//   epochs=4 filters=8 depth=2 patch=16,48,48 minutes=0   a short training (100 steps of two patches);
//   the README demo trains longer
// Run it with ImageJ 1:  xvfb-run imagej -b macros/train.ijm "output=/tmp/results"
// or open it in Fiji / ImageJ (Plugins > Macros > Run...).
args = getArgument();
here = File.getParent(getInfo("macro.filepath"));
samples = call("ij.Macro.getValue", args, "samples", File.getParent(here) + File.separator + "sample-stacks");
output = call("ij.Macro.getValue", args, "output", getDirectory("temp") + "unet3d-macros");
epochs = call("ij.Macro.getValue", args, "epochs", "4");
filters = call("ij.Macro.getValue", args, "filters", "8");
depth = call("ij.Macro.getValue", args, "depth", "2");
patch = call("ij.Macro.getValue", args, "patch", "16,48,48");
minutes = call("ij.Macro.getValue", args, "minutes", "0");
if (!File.exists(samples + "/nuclei/train-image.tif"))
	exit("No nuclei/train-image.tif in " + samples + ": give samples=<the sample-stacks folder>.");
File.makeDirectory(output);

setBatchMode(true);
open(samples + "/nuclei/train-image.tif");
image = getTitle();
open(samples + "/nuclei/train-labels.tif");
labels = getTitle();
model = output + File.separator + "nuclei-model.zip";
run("Train 3D U-Net...", "image=[" + image + "] labels=[" + labels + "] model=[" + model + "]"
	+ " classnames=background,nucleus epochs=" + epochs + " minutes=" + minutes + " filters=" + filters
	+ " depth=" + depth + " patch=" + patch + " seed=1 overwrite");
close("*");
print("Model saved to " + model);
