package org.unet3d.commands;

import ij.ImagePlus;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;
import org.scijava.widget.FileWidget;
import org.scijava.widget.WidgetStyle;

/**
 * The inputs of one of the plugin's SciJava commands as every front-end sees them, read from the
 * commands' {@code @Parameter} annotations and the values a new command starts with: one key per
 * parameter (its name; macros may write it in any case, since the Recorder writes lower case),
 * with its label, description, kind of value, default, limits and choices. The ImageJ 1 dialog,
 * its Help, the Macro Recorder and the command line's usage are all made from it, so they say the
 * same. Services and messages are not inputs.
 */
public final class CommandInputs {

	/** What kind of value an input takes (and which field the ImageJ 1 dialog gives it). */
	public enum Kind {
		/** An open image (a window title in dialogs; a title or a file path in macros). */
		IMAGE,
		/** A file to read. */
		OPEN_FILE,
		/** A 3D U-Net model file to read ({@link ParameterStyles#MODEL_TO_READ}). */
		MODEL_FILE,
		/** A file to write. */
		SAVE_FILE,
		/** A folder. */
		FOLDER,
		CHECKBOX,
		INTEGER,
		NUMBER,
		/** Text from a fixed list. */
		CHOICE,
		/** A size z,y,x, one number for all axes, or empty for automatic ({@link ParameterStyles#SIZE}). */
		SIZE,
		TEXT
	}

	/** One input. */
	public static final class Input {

		public final String name;
		public final String label;
		/** What the label does not say, or "". */
		public final String description;
		public final Kind kind;
		public final boolean required;
		/** Whether a dialog remembers the last value. */
		public final boolean persisted;
		/** The default as macro text ("" = none). */
		public final String defaultText;
		/** Limits, or null. */
		public final Double min;
		public final Double max;
		/** The values a {@link Kind#CHOICE} takes (empty for other kinds). */
		public final List<String> choices;
		/** The file name extension of a file input, without the dot (e.g. "zip"), or "". */
		public final String extension;

		Input(final String name, final String label, final String description, final Kind kind,
			final boolean required, final boolean persisted, final String defaultText, final Double min,
			final Double max, final List<String> choices, final String extension)
		{
			this.name = name;
			this.label = label;
			this.description = description;
			this.kind = kind;
			this.required = required;
			this.persisted = persisted;
			this.defaultText = defaultText;
			this.min = min;
			this.max = max;
			this.choices = Collections.unmodifiableList(choices);
			this.extension = extension;
		}

		/** The key the Macro Recorder writes for this input. */
		public String macroKey() {
			return name.toLowerCase(Locale.ROOT);
		}

		/** True for a file or folder input (the Macro Recorder writes these as paths). */
		public boolean isPath() {
			return kind == Kind.OPEN_FILE || kind == Kind.MODEL_FILE || kind == Kind.SAVE_FILE || kind == Kind.FOLDER;
		}

		/** True if a run needs a value from the user: required, with no default. */
		public boolean needed() {
			return required && defaultText.isEmpty() && kind != Kind.CHECKBOX;
		}

		/**
		 * The help line of this input, as the dialog's Help and the command line's usage show it:
		 * label, description, choices, default, and whether it is needed.
		 */
		public String help() {
			final StringBuilder s = new StringBuilder(label);
			if (!description.isEmpty()) s.append(": ").append(description);
			if (!choices.isEmpty()) s.append(" (one of ").append(String.join(", ", choices)).append(')');
			if (needed()) s.append(" (needed)");
			else if (!defaultText.isEmpty()) s.append(" (default ").append(defaultText).append(')');
			return s.toString();
		}
	}

	private final Class<? extends Command> command;
	private final String title;
	private final String description;
	private final List<Input> inputs;

	private CommandInputs(final Class<? extends Command> command, final String title, final String description,
		final List<Input> inputs)
	{
		this.command = command;
		this.title = title;
		this.description = description;
		this.inputs = Collections.unmodifiableList(inputs);
	}

	/** Reads the inputs and their defaults (the values a new instance of the command starts with). */
	public static CommandInputs of(final Context context, final Class<? extends Command> command) {
		final CommandInfo info = context.service(CommandService.class).getCommand(command);
		if (info == null) throw new IllegalStateException("Command " + command.getName() + " is not registered " +
			"(is the plugin index META-INF/json/org.scijava.plugin.Plugin in the plugin's jar?)");
		final Module defaults = context.service(ModuleService.class).createModule(info);
		final List<Input> list = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (Service.class.isAssignableFrom(item.getType()) || Context.class.isAssignableFrom(item.getType()) ||
				item.getVisibility() == ItemVisibility.MESSAGE || item.getVisibility() == ItemVisibility.INVISIBLE)
				continue;
			final List<String> choices = new ArrayList<>();
			if (item.getChoices() != null) for (final Object c : item.getChoices())
				choices.add(String.valueOf(c));
			final String extension = WidgetStyle.getStyleModifier(item.getWidgetStyle(), "extensions");
			list.add(new Input(item.getName(), item.getLabel() == null || item.getLabel().isEmpty() ? item.getName()
				: item.getLabel(), item.getDescription() == null ? "" : item.getDescription(), kindOf(item), item
					.isRequired(), item.isPersisted(), text(defaults.getInput(item.getName())), number(item
						.getMinimumValue()), number(item.getMaximumValue()), choices, extension == null ? "" : extension));
		}
		return new CommandInputs(command, info.getTitle(), info.getDescription() == null ? "" : info.getDescription(),
			list);
	}

	/** The kind an input's type and widget style give; nothing is guessed from its name. */
	private static Kind kindOf(final ModuleItem<?> item) {
		final Class<?> type = item.getType();
		if (ImagePlus.class.isAssignableFrom(type)) return Kind.IMAGE;
		if (type == File.class) {
			if (WidgetStyle.isStyle(item, FileWidget.DIRECTORY_STYLE)) return Kind.FOLDER;
			if (WidgetStyle.isStyle(item, FileWidget.SAVE_STYLE)) return Kind.SAVE_FILE;
			return WidgetStyle.isStyle(item, ParameterStyles.MODEL) ? Kind.MODEL_FILE : Kind.OPEN_FILE;
		}
		if (type == boolean.class || type == Boolean.class) return Kind.CHECKBOX;
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class ||
			type == short.class || type == Short.class) return Kind.INTEGER;
		if (type == double.class || type == Double.class || type == float.class || type == Float.class)
			return Kind.NUMBER;
		if (item.getChoices() != null && !item.getChoices().isEmpty()) return Kind.CHOICE;
		return WidgetStyle.isStyle(item, ParameterStyles.SIZE) ? Kind.SIZE : Kind.TEXT;
	}

	private static String text(final Object value) {
		if (value == null || value instanceof ImagePlus) return "";
		if (value instanceof File) return ((File) value).getPath();
		if (value instanceof Double || value instanceof Float) {
			final double d = ((Number) value).doubleValue();
			if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
			return Double.toString(d).replace("E", "e");
		}
		return String.valueOf(value);
	}

	private static Double number(final Object o) {
		return o instanceof Number ? ((Number) o).doubleValue() : null;
	}

	public Class<? extends Command> command() {
		return command;
	}

	/** The command's title, e.g. "Train 3D U-Net"; its menu entry adds "...". */
	public String title() {
		return title;
	}

	/** What the command does, in a sentence or two (its {@code @Plugin} description), or "". */
	public String description() {
		return description;
	}

	public List<Input> all() {
		return inputs;
	}

	/** The input a macro key names: its exact name, else the same name in another case; null if none. */
	public Input find(final String key) {
		for (final Input in : inputs)
			if (in.name.equals(key)) return in;
		for (final Input in : inputs)
			if (in.name.equalsIgnoreCase(key)) return in;
		return null;
	}

	/** The valid keys, for messages. */
	public String keys() {
		final StringBuilder s = new StringBuilder();
		for (final Input in : inputs)
			s.append(s.length() == 0 ? "" : ", ").append(in.macroKey());
		return s.toString();
	}
}
