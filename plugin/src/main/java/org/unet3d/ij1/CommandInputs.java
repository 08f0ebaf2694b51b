package org.unet3d.ij1;

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

/**
 * The inputs of one of the plugin's SciJava commands as ImageJ 1 sees them: one macro key per
 * parameter (its name; macros may write it in any case, since the Recorder writes lower case),
 * with the label, kind of field, default and limits the dialog needs. Services and messages
 * are not inputs.
 */
final class CommandInputs {

	/** What kind of dialog field an input gets. */
	enum Kind {
		/** An open image (a window title in dialogs; a title or a file path in macros). */
		IMAGE,
		/** A file to read. */
		OPEN_FILE,
		/** A file to write. */
		SAVE_FILE,
		/** A folder. */
		FOLDER,
		CHECKBOX,
		INTEGER,
		NUMBER,
		/** Text from a fixed list. */
		CHOICE,
		TEXT
	}

	/** One input. */
	static final class Input {

		final String name;
		final String label;
		final String description;
		final Kind kind;
		final boolean required;
		final boolean persisted;
		/** The default as macro text ("" = none). */
		final String defaultText;
		final Double min;
		final Double max;
		final List<String> choices;

		Input(final String name, final String label, final String description, final Kind kind,
			final boolean required, final boolean persisted, final String defaultText, final Double min,
			final Double max, final List<String> choices)
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
			this.choices = choices;
		}

		/** The key the Macro Recorder writes for this input. */
		String macroKey() {
			return name.toLowerCase(Locale.ROOT);
		}
	}

	private final Class<? extends Command> command;
	private final String title;
	private final List<Input> inputs;

	private CommandInputs(final Class<? extends Command> command, final String title, final List<Input> inputs) {
		this.command = command;
		this.title = title;
		this.inputs = Collections.unmodifiableList(inputs);
	}

	/** Reads the inputs and their defaults (the values a new instance of the command starts with). */
	static CommandInputs of(final Context context, final Class<? extends Command> command) {
		final CommandInfo info = context.service(CommandService.class).getCommand(command);
		if (info == null) throw new IllegalStateException("Command " + command.getName() + " is not registered " +
			"(is the plugin index META-INF/json/org.scijava.plugin.Plugin in the plugin's jar?)");
		final Module defaults = context.service(ModuleService.class).createModule(info);
		final List<Input> list = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (Service.class.isAssignableFrom(item.getType()) || Context.class.isAssignableFrom(item.getType()) ||
				item.getVisibility() == ItemVisibility.MESSAGE || item.getVisibility() == ItemVisibility.INVISIBLE)
				continue;
			final Kind kind = kindOf(item);
			final Object value = defaults.getInput(item.getName());
			final List<String> choices = new ArrayList<>();
			if (item.getChoices() != null) for (final Object c : item.getChoices())
				choices.add(String.valueOf(c));
			list.add(new Input(item.getName(), item.getLabel() == null || item.getLabel().isEmpty() ? item.getName()
				: item.getLabel(), item.getDescription(), kind, item.isRequired(), item.isPersisted(), text(value),
				number(item.getMinimumValue()), number(item.getMaximumValue()), choices));
		}
		return new CommandInputs(command, info.getTitle(), list);
	}

	private static Kind kindOf(final ModuleItem<?> item) {
		final Class<?> type = item.getType();
		final String style = item.getWidgetStyle() == null ? "" : item.getWidgetStyle().toLowerCase(Locale.ROOT);
		if (ImagePlus.class.isAssignableFrom(type)) return Kind.IMAGE;
		if (type == File.class) {
			if (style.contains(FileWidget.DIRECTORY_STYLE)) return Kind.FOLDER;
			return style.contains(FileWidget.SAVE_STYLE) ? Kind.SAVE_FILE : Kind.OPEN_FILE;
		}
		if (type == boolean.class || type == Boolean.class) return Kind.CHECKBOX;
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class ||
			type == short.class || type == Short.class) return Kind.INTEGER;
		if (type == double.class || type == Double.class || type == float.class || type == Float.class)
			return Kind.NUMBER;
		if (item.getChoices() != null && !item.getChoices().isEmpty()) return Kind.CHOICE;
		return Kind.TEXT;
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

	Class<? extends Command> command() {
		return command;
	}

	/** The command's title, e.g. "Train 3D U-Net"; its menu entry adds "...". */
	String title() {
		return title;
	}

	List<Input> all() {
		return inputs;
	}

	/** The input a macro key names: its exact name, else the same name in another case; null if none. */
	Input find(final String key) {
		for (final Input in : inputs)
			if (in.name.equals(key)) return in;
		for (final Input in : inputs)
			if (in.name.equalsIgnoreCase(key)) return in;
		return null;
	}

	/** The valid keys, for messages. */
	String keys() {
		final StringBuilder s = new StringBuilder();
		for (final Input in : inputs)
			s.append(s.length() == 0 ? "" : ", ").append(in.macroKey());
		return s.toString();
	}
}
