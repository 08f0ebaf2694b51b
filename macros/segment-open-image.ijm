// Segments the open image with a trained model; the label image opens as a new image, which is then
// saved. Here the open image is the bundled nuclei test stack.
//
// Arguments (optional): samples=<the sample-stacks folder>  output=<folder>
//   model=<model.zip> (default: <output>/nuclei-model.zip, as written by train.ijm)
// Run: xvfb-run imagej -b macros/segment-open-image.ijm "output=/tmp/results"
args = getArgument();
here = File.getParent(getInfo("macro.filepath"));
samples = call("ij.Macro.getValue", args, "samples", File.getParent(here) + File.separator + "sample-stacks");
output = call("ij.Macro.getValue", args, "output", getDirectory("temp") + "unet3d-macros");
model = call("ij.Macro.getValue", args, "model", output + File.separator + "nuclei-model.zip");
if (!File.exists(model)) exit("No model " + model + ": run train.ijm first, or give model=<model.zip>.");

setBatchMode(true);
open(samples + "/nuclei/test-image.tif");
run("Segment with 3D U-Net...", "image=[" + getTitle() + "] model=[" + model + "]");
// the labels are the new, current image: test-image-labels
print("Segmented into " + getTitle() + ": " + getWidth() + " x " + getHeight() + " x " + nSlices);
saveAs("Tiff", output + File.separator + "test-image-labels.tif");
close("*");
