package org.unet3d.commands;

import java.io.File;
import java.io.IOException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.unet3d.io.ModelFile;
import org.unet3d.model.ModelMetadata;

/**
 * Shows what a model file holds: classes, channels, patch size, voxel size, how it was trained; or,
 * on request, the model's description as stored ({@code unet3d.json}, JSON).
 * <p>No menu path: the menu entry is {@link org.unet3d.ij1.Model_Info_UNet3D} (plugins.config).
 */
@Plugin(type = Command.class, headless = true, label = "3D U-Net Model Info", description = "Shows what a " +
	"model file holds: classes, input channels, patch size, voxel size and how it was trained.")
public class ModelInfoCommand extends PluginCommand {

	@Parameter(label = "Model file", style = ParameterStyles.MODEL_TO_READ)
	private File model;

	@Parameter(label = "Show the stored JSON instead", required = false, persist = false, description = "The model " +
		"file's whole description (unet3d.json), training settings and history included")
	private boolean json = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Model")
	private String info;

	public ModelInfoCommand() {
		super("Reading the model");
	}

	@Override
	protected void execute() throws IOException {
		final ModelMetadata m = ModelFile.readMetadata(model);
		info = json ? m.toJson() : model + "\n" + m.describe();
	}
}
