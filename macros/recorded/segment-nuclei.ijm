// Recorded by ImageJ's Macro Recorder (Plugins > Macros > Record...) in Debian's ImageJ 1.53t, from
// the dialogs, by .ci/record-dialog-macro: File > Open... of the nuclei test stack, then Plugins >
// Segmentation > 3D U-Net > Segment with 3D U-Net... with the model file and "Save labels to" typed
// in and "Overwrite existing files" ticked, OK. The lines below are the Recorder's text, unchanged.
// The real-client test (.ci/real-client-test) records them again, checks they are these, and replays
// this file with "imagej -b" into the same label image, voxel for voxel. To replay it yourself, put
// test-image.tif (sample-stacks/nuclei) and a model from macros/train.ijm, nuclei-model.zip, into
// /tmp/unet3d-recording.
open("/tmp/unet3d-recording/test-image.tif");
run("Segment with 3D U-Net...", "image=test-image.tif model=/tmp/unet3d-recording/nuclei-model.zip output=/tmp/unet3d-recording/recorded-labels.tif batch=0 blending=gaussian nan=refuse objects=none seeds=auto seeddistance=0 minvolume=0 connectivity=6 threshold=0.5 backgroundclass=auto boundaryclass=auto overwrite");
