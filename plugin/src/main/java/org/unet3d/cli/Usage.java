package org.unet3d.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.Command;
import org.unet3d.commands.CommandInputs;
import org.unet3d.commands.CommandInputs.Input;

/**
 * The command line's help, made from the commands' parameters ({@link CommandInputs}, from which
 * the ImageJ 1 dialog and its Help are made too), so keys, defaults and choices are written once,
 * in the commands: for every command what it does and a synopsis of its keys, and for
 * {@code <command> --help} one line per key with its label and description.
 */
final class Usage {

	/** Width the text is wrapped to. */
	private static final int WIDTH = 100;
	private static final String INDENT = "    ";

	private Usage() {}

	/** Help on all commands. */
	static String all(final Context context, final Map<String, Class<? extends Command>> commands) {
		final StringBuilder s = new StringBuilder("3D U-Net for Fiji - command line\n\n");
		s.append("Usage: java -jar unet3d.jar <command> key=value ...\n");
		s.append("       java -jar unet3d.jar <command> --help   (what each key means)\n");
		s.append("Keys in [brackets] are optional and show their default; a|b|c are the choices.\n");
		for (final Map.Entry<String, Class<? extends Command>> e : commands.entrySet()) {
			final CommandInputs in = CommandInputs.of(context, e.getValue());
			s.append('\n').append(wrap(e.getKey() + ": " + in.description(), "", INDENT));
			final List<String> keys = new ArrayList<>();
			for (final Input input : in.all())
				keys.add(synopsis(input));
			s.append(wrap(String.join(" ", keys), INDENT, INDENT));
		}
		s.append('\n').append(wrap("demo: " + Demo.DESCRIPTION, "", INDENT)).append(wrap(Demo.SYNOPSIS, INDENT,
			INDENT));
		s.append("\nDevelopers' tools (benchmarks, the sample generator): java -jar tools/target/unet3d-tools.jar " +
			"--help\n");
		s.append("Fiji style: java -jar unet3d.jar --run \"Train 3D U-Net\" \"image=a.tif labels=b.tif model=m.zip\"\n");
		s.append("Exit status: 0 success, 2 bad input (message on stderr), 3 canceled, 1 internal error.\n");
		return s.toString();
	}

	/** Help on one command: what it does, and each key with its label, description and default. */
	static String of(final Context context, final String name, final Class<? extends Command> command) {
		final CommandInputs in = CommandInputs.of(context, command);
		final StringBuilder s = new StringBuilder(wrap(name + " (" + in.title() + "): " + in.description(), "",
			INDENT)).append('\n');
		int width = 0;
		for (final Input input : in.all())
			width = Math.max(width, keyValue(input).length());
		for (final Input input : in.all()) {
			final String key = "  " + String.format("%-" + width + "s", keyValue(input)) + "  ";
			s.append(wrap(input.help(), key, spaces(key.length())));
		}
		return s.append("Keys are matched ignoring case; values with spaces go in one argument: \"key=my value\".\n")
			.toString();
	}

	/** How a key shows in a synopsis: {@code key=<value>} when needed, else {@code [key=default]}. */
	static String synopsis(final Input in) {
		if (in.needed()) return keyValue(in);
		return "[" + in.name + "=" + (in.kind == CommandInputs.Kind.CHOICE || in.defaultText.isEmpty() ? value(in)
			: in.defaultText) + "]";
	}

	private static String keyValue(final Input in) {
		return in.name + "=" + value(in);
	}

	/** The form a value takes: the choices, a placeholder, z,y,x, true|false. */
	static String value(final Input in) {
		switch (in.kind) {
			case IMAGE:
				return "<tif|zarr>";
			case MODEL_FILE:
			case OPEN_FILE:
			case SAVE_FILE:
				return in.extension.isEmpty() ? "<file>" : "<" + extensions(in.extension) + ">";
			case FOLDER:
				return "<folder>";
			case CHECKBOX:
				return "true|false";
			case CHOICE:
				return String.join("|", in.choices);
			case SIZE:
				return "z,y,x";
			case INTEGER:
			case NUMBER:
				return "<number>";
			default:
				return "<text>";
		}
	}

	/** "tif/tiff/zarr" as "tif|zarr": the file name endings a path may have, tiff being tif. */
	private static String extensions(final String styleExtensions) {
		final java.util.List<String> e = new java.util.ArrayList<>(java.util.Arrays.asList(styleExtensions.split("/")));
		if (e.contains("tif")) e.remove("tiff");
		return String.join("|", e);
	}

	/** Wraps words to {@link #WIDTH}: the first line starts with {@code first}, the others with {@code rest}. */
	private static String wrap(final String text, final String first, final String rest) {
		final StringBuilder s = new StringBuilder();
		StringBuilder line = new StringBuilder(first);
		boolean empty = true;
		for (final String word : text.trim().split("\\s+")) {
			if (!empty && line.length() + 1 + word.length() > WIDTH) {
				s.append(line).append('\n');
				line = new StringBuilder(rest);
				empty = true;
			}
			if (!empty) line.append(' ');
			line.append(word);
			empty = false;
		}
		return s.append(line).append('\n').toString();
	}

	private static String spaces(final int n) {
		return String.format("%" + n + "s", "");
	}
}
