package org.unet3d.fiji;

import ij.ImagePlus;

import java.io.File;

import net.imglib2.img.planar.PlanarImg;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;
import org.unet3d.data.Volume;
import org.unet3d.inference.BlendWindow;
import org.unet3d.inference.LabelImageSink;
import org.unet3d.inference.ProbabilityImageSink;
import org.unet3d.inference.SliceSink;
import org.unet3d.inference.TiledPredictor;
import org.unet3d.io.AtomicFiles;
import org.unet3d.io.ImagePlusBridge;
import org.unet3d.io.ModelFile;
import org.unet3d.io.TiffIO;
import org.unet3d.model.SegmentationModel;

/**
 * Segments a stack with a trained model into a new label image (the input is never changed); all
 * work is in {@link TiledPredictor}. Optionally saves the labels and class probabilities.
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Segment_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "Segment with 3D U-Net")
public class SegmentCommand extends ContextCommand {

	@Parameter(label = "Image stack")
	private ImagePlus image;

	@Parameter(label = "Model file", style = FileWidget.OPEN_STYLE)
	private File model;

	@Parameter(label = "Save labels to (optional)", style = FileWidget.SAVE_STYLE, required = false, persist = false)
	private File output;

	@Parameter(label = "Save probabilities to (optional)", style = FileWidget.SAVE_STYLE, required = false,
		persist = false)
	private File probabilities;

	@Parameter(label = "Tile size z,y,x (empty = automatic)", required = false)
	private String tile = "";

	@Parameter(label = "Tile overlap z,y,x (empty = automatic)", required = false)
	private String overlap = "";

	@Parameter(label = "Tiles per batch", min = "1", required = false)
	private int batch = 1;

	@Parameter(label = "Overwrite existing files", required = false, persist = false)
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Labels")
	private ImagePlus labels;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Override
	public void run() {
		try {
			if (output != null) AtomicFiles.checkWritable(output, overwrite);
			if (probabilities != null) AtomicFiles.checkWritable(probabilities, overwrite);
			final SegmentationModel m = ModelFile.read(model, false);
			final Volume<?> volume = ImagePlusBridge.wrap(image);
			final TiledPredictor predictor = TiledPredictor.of(m).tile(Sizes.parseZYX(tile, "Tile size")).overlap(Sizes
				.parseZYX(overlap, "Tile overlap")).batch(batch).blending(BlendWindow.Mode.GAUSSIAN).build();
			final LabelImageSink labelSink = new LabelImageSink(volume.width(), volume.height(), volume.depth(), m
				.config().classes());
			final ProbabilityImageSink probSink = probabilities == null ? null : new ProbabilityImageSink(volume
				.width(), volume.height(), volume.depth(), m.config().classes());
			final SliceSink sink = probSink == null ? labelSink : SliceSink.both(labelSink, probSink);
			predictor.predict(volume, sink, new CommandProgress(status, this));
			labels = ImagePlusBridge.labelImage(labelSink.labels(), baseName(image) + "-labels", image);
			if (output != null) TiffIO.save(labels, output, overwrite);
			if (probSink != null) TiffIO.save(probabilityImage(probSink.probabilities(), m), probabilities, overwrite);
		}
		catch (final Exception | OutOfMemoryError e) {
			if (!UserErrors.isUserError(e)) throw e instanceof RuntimeException ? (RuntimeException) e
				: new RuntimeException(e);
			UserErrors.report(this, "Segmentation", e, ui, log);
		}
	}

	private ImagePlus probabilityImage(final PlanarImg<?, ?> p, final SegmentationModel m) {
		final ij.ImageStack stack = new ij.ImageStack((int) p.dimension(0), (int) p.dimension(1));
		final String[] names = m.metadata().classNames();
		for (int i = 0; i < p.numSlices(); i++)
			stack.addSlice(names[i % names.length], ((net.imglib2.img.basictypeaccess.array.ArrayDataAccess<?>) p
				.getPlane(i)).getCurrentStorageArray());
		final ImagePlus imp = new ImagePlus(baseName(image) + "-probabilities", stack);
		imp.setDimensions(names.length, (int) p.dimension(3), 1);
		imp.setCalibration(image.getCalibration().copy());
		return new ij.CompositeImage(imp, ij.CompositeImage.GRAYSCALE);
	}

	private static String baseName(final ImagePlus imp) {
		final String t = imp.getTitle();
		final int dot = t.lastIndexOf('.');
		return dot > 0 ? t.substring(0, dot) : t;
	}
}
