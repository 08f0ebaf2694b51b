// Makes objects of the bundled nuclei test stack, one id per nucleus, with a trained model, and
// measures them: the object image opens (and is saved here), the measurements go to a CSV file and
// to the results table "3D U-Net Objects", from which the macro reads the count and mean volume.
// Then it labels the connected components of the label image with Label Objects, the command for
// probability or label images saved before.
//
// Arguments (optional): samples=<the sample-stacks folder>  output=<folder>
//   model=<model.zip> (default: <output>/nuclei-model.zip, as written by train.ijm)
//   objects=nuclei (or cells, components)  minvolume=0 (objects below this many cubic microns go)
// Run: xvfb-run imagej -b macros/objects.ijm "output=/tmp/results"
args = getArgument();
here = File.getParent(getInfo("macro.filepath"));
samples = call("ij.Macro.getValue", args, "samples", File.getParent(here) + File.separator + "sample-stacks");
output = call("ij.Macro.getValue", args, "output", getDirectory("temp") + "unet3d-macros");
model = call("ij.Macro.getValue", args, "model", output + File.separator + "nuclei-model.zip");
objects = call("ij.Macro.getValue", args, "objects", "nuclei");
minVolume = call("ij.Macro.getValue", args, "minvolume", "0");
if (!File.exists(model)) exit("No model " + model + ": run train.ijm first, or give model=<model.zip>.");
File.makeDirectory(output);

setBatchMode(true);
open(samples + "/nuclei/test-image.tif");
image = getTitle();
csv = output + File.separator + "objects.csv";
run("Segment with 3D U-Net...", "image=[" + image + "] model=[" + model + "] objects=" + objects
	+ " minvolume=" + minVolume + " measurements=[" + csv + "] overwrite");
// the objects are the new, current image (test-image-objects: 16-bit, one id per nucleus, 0 = background);
// the class labels opened before them (test-image-labels)
saveAs("Tiff", output + File.separator + "test-image-objects.tif");
table = "3D U-Net Objects";
n = Table.size(table);
volumes = Table.getColumn("volume (micron^3)", table);
Array.getStatistics(volumes, min, max, mean);
print(n + " " + objects + " in " + image + ", mean volume " + d2s(mean, 2) + " cubic micron (smallest " + d2s(min, 2)
	+ ", largest " + d2s(max, 2) + "); measurements saved to " + csv);
print("The first object: centroid (z, y, x) " + d2s(Table.get("centroid_z (micron)", 0, table), 2) + ", "
	+ d2s(Table.get("centroid_y (micron)", 0, table), 2) + ", " + d2s(Table.get("centroid_x (micron)", 0, table), 2)
	+ " micron, mean intensity " + d2s(Table.get("mean_intensity", 0, table), 1));

// objects of a label image made earlier: connected components of the nucleus class
selectImage("test-image-labels");
run("Label Objects (3D U-Net)...", "probabilities=[test-image-labels] objects=components output=["
	+ output + File.separator + "test-image-components.tif] overwrite");
print(Table.size(table) + " connected components (touching nuclei stay joined) in test-image-labels");
close("*");
