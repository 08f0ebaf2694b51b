// Segments every image of a folder whose name ends with "-image.tif" and saves each label image as
// <name>-labels.tif in an output folder. Images are read from their files and never opened as
// windows, so this runs over folders of any size.
//
// Arguments (optional): input=<folder> (default: the bundled sample-stacks/nuclei)
//   output=<folder> (labels go to <output>/segmented)  model=<model.zip> (default <output>/nuclei-model.zip)
// Run: xvfb-run imagej -b macros/segment-folder.ijm "input=/data/stacks output=/tmp/results"
args = getArgument();
here = File.getParent(getInfo("macro.filepath"));
samples = File.getParent(here) + File.separator + "sample-stacks";
input = call("ij.Macro.getValue", args, "input", samples + File.separator + "nuclei");
output = call("ij.Macro.getValue", args, "output", getDirectory("temp") + "unet3d-macros");
model = call("ij.Macro.getValue", args, "model", output + File.separator + "nuclei-model.zip");
if (!File.isDirectory(input)) exit("No folder " + input + ": give input=<folder with the stacks>.");
if (!File.exists(model)) exit("No model " + model + ": run train.ijm first, or give model=<model.zip>.");
labelDir = output + File.separator + "segmented";
File.makeDirectory(output);
File.makeDirectory(labelDir);

setBatchMode(true);
files = getFileList(input);
n = 0;
for (i = 0; i < files.length; i++) {
	if (!endsWith(files[i], "-image.tif")) continue;
	name = substring(files[i], 0, lengthOf(files[i]) - lengthOf(".tif"));
	labels = labelDir + File.separator + name + "-labels.tif";
	print("Segmenting " + files[i]);
	run("Segment with 3D U-Net...", "image=[" + input + File.separator + files[i] + "] model=[" + model
		+ "] output=[" + labels + "] overwrite");
	n++;
}
print("Segmented " + n + " stacks into " + labelDir);
