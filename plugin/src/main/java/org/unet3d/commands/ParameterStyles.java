package org.unet3d.commands;

import org.scijava.widget.FileWidget;

/**
 * Widget styles of the commands' parameters that say what a value is beyond its Java type, so the
 * front-ends need not guess from a parameter's name: the ImageJ 1 dialog checks a model file and
 * shows what it holds, and checks a size as it is typed; the command line shows the form a value
 * takes. Style words are comma-separated, as SciJava reads them ({@code WidgetStyle}); Fiji's own
 * widgets ignore the words they do not know and filter the file chooser by {@code extensions:}.
 */
public final class ParameterStyles {

	/** The word that marks a 3D U-Net model file. */
	public static final String MODEL = "model";
	/** The word that marks a size z,y,x (one number for all axes; empty for automatic). */
	public static final String SIZE = "zyx";
	/** A model file to read. */
	public static final String MODEL_TO_READ = FileWidget.OPEN_STYLE + ", " + MODEL + ", extensions:zip";
	/** A model file to write. */
	public static final String MODEL_TO_WRITE = FileWidget.SAVE_STYLE + ", " + MODEL + ", extensions:zip";
	/** A TIFF file to read. */
	public static final String TIFF_TO_READ = FileWidget.OPEN_STYLE + ", extensions:tif/tiff";
	/** A TIFF file to write. */
	public static final String TIFF_TO_WRITE = FileWidget.SAVE_STYLE + ", extensions:tif";
	/** A stack to read: a TIFF file or an OME-Zarr folder. */
	public static final String STACK_TO_READ = FileWidget.FILE_AND_DIRECTORY_STYLE + ", extensions:tif/tiff/zarr";
	/** A stack to write: a TIFF file, or an OME-Zarr folder for a name ending in .zarr. */
	public static final String STACK_TO_WRITE = FileWidget.SAVE_STYLE + ", extensions:tif/zarr";
	/** A CSV table to write. */
	public static final String CSV_TO_WRITE = FileWidget.SAVE_STYLE + ", extensions:csv";

	private ParameterStyles() {}
}
