package org.unet3d.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import ij.gui.MultiLineLabel;
import ij.io.SaveDialog;

import java.awt.AWTEvent;
import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Label;
import java.awt.TextField;
import java.awt.event.ActionListener;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.unet3d.commands.CommandInputs;
import org.unet3d.commands.CommandInputs.Input;
import org.unet3d.commands.CommandInputs.Kind;
import org.unet3d.data.ZyxSize;
import org.unet3d.formats.VolumeFiles;

/**
 * The ImageJ 1 dialog of a command, built from its SciJava parameters: open images as choices,
 * files with a Browse button, numbers and text as fields, checkboxes. Fields start with what was
 * last used in this dialog (Edit > Options are not involved), else the command's defaults. A note
 * under the fields shows what the chosen model file holds (classes, patch size, voxel size) or
 * what is wrong with the input, as it is typed; OK with a problem left shows it and reopens the
 * dialog, so long work never starts on input that is known to be bad. Returns the values as the
 * same key=value text a macro gives.
 */
final class CommandDialog implements DialogListener {

	/** Lines reserved for the note under the fields. */
	private static final int NOTE_LINES = 5;

	private static final class Field {

		final Input input;
		final Component component;

		Field(final Input input, final Component component) {
			this.input = input;
			this.component = component;
		}
	}

	private final CommandInputs inputs;
	private final List<Field> fields = new ArrayList<>();
	private Component note;
	/** What the last model file checked holds, or why it cannot be used. */
	private ModelCheck modelCheck;

	CommandDialog(final CommandInputs inputs) {
		this.inputs = inputs;
	}

	/**
	 * Shows the dialog until the input has no problem or the user cancels.
	 *
	 * @return the values by input name (empty fields left out), or null if canceled
	 * @throws IllegalArgumentException if the command needs open images and there are too few
	 */
	Map<String, String> show() {
		final String[] titles = imageTitles();
		int imageInputs = 0;
		for (final Input in : inputs.all())
			if (in.kind == Kind.IMAGE && in.required) imageInputs++;
		if (imageInputs > 0 && titles.length == 0) throw new IllegalArgumentException(inputs.title() + " works on " +
			"open images: open the image stack" + (imageInputs > 1 ? "s" : "") + " first (File > Open), then run it " +
			"again.");
		Map<String, String> values = initialValues(titles);
		while (true) {
			final GenericDialog gd = build(values, titles);
			gd.showDialog();
			if (gd.wasCanceled()) return null;
			values = read();
			final String problem = problem(values);
			if (problem == null) break;
			IJ.error(inputs.title(), problem);
		}
		remember(values);
		final Map<String, String> given = new LinkedHashMap<>();
		for (final Map.Entry<String, String> e : values.entrySet())
			if (!e.getValue().isEmpty()) given.put(e.getKey(), e.getValue());
		return given;
	}

	private GenericDialog build(final Map<String, String> values, final String[] titles) {
		final GenericDialog gd = new GenericDialog(inputs.title());
		fields.clear();
		for (final Input in : inputs.all()) {
			final String v = values.get(in.name) == null ? "" : values.get(in.name);
			switch (in.kind) {
				case IMAGE:
					gd.addChoice(in.label, in.required ? titles : withNone(titles), v.isEmpty() && !in.required ? NO_IMAGE : v);
					fields.add(new Field(in, last(gd.getChoices())));
					break;
				case CHOICE:
					gd.addChoice(in.label, in.choices.toArray(new String[0]), v);
					fields.add(new Field(in, last(gd.getChoices())));
					break;
				case CHECKBOX:
					gd.addCheckbox(in.label, Boolean.parseBoolean(v));
					fields.add(new Field(in, last(gd.getCheckboxes())));
					break;
				case OPEN_FILE:
				case MODEL_FILE:
					gd.addFileField(in.label, v, 32);
					fields.add(new Field(in, last(gd.getStringFields())));
					break;
				case FOLDER:
					gd.addDirectoryField(in.label, v, 32);
					fields.add(new Field(in, last(gd.getStringFields())));
					break;
				case SAVE_FILE: {
					gd.addFileField(in.label, v, 32);
					final TextField text = (TextField) last(gd.getStringFields());
					fields.add(new Field(in, text));
					browseForSaving(in, text);
					break;
				}
				case INTEGER:
				case NUMBER:
				case SIZE:
					gd.addStringField(in.label, v, in.kind == Kind.SIZE ? 12 : 8);
					fields.add(new Field(in, last(gd.getStringFields())));
					break;
				default:
					gd.addStringField(in.label, v, 16);
					fields.add(new Field(in, last(gd.getStringFields())));
			}
		}
		gd.addMessage(pad(noteText(values)));
		note = gd.getMessage();
		gd.addHelp(help());
		gd.addDialogListener(this);
		return gd;
	}

	/** The choice of an optional image input that means "no image" (e.g. train from a folder instead). */
	static final String NO_IMAGE = "(none)";

	private static String[] withNone(final String[] titles) {
		final String[] t = new String[titles.length + 1];
		t[0] = NO_IMAGE;
		System.arraycopy(titles, 0, t, 1, titles.length);
		return t;
	}

	private static Component last(final java.util.Vector<?> v) {
		return (Component) v.lastElement();
	}

	/** Makes the Browse button next to a file field ask where to save (ImageJ's own asks for an existing file). */
	private static void browseForSaving(final Input in, final TextField text) {
		if (text.getParent() == null || text.getParent() instanceof java.awt.Window) return; // not the field's panel
		for (final Component c : text.getParent().getComponents())
			if (c instanceof Button) {
				final Button b = (Button) c;
				for (final ActionListener l : b.getActionListeners())
					b.removeActionListener(l);
				b.addActionListener(e -> browseForSave(in, text));
			}
	}

	private static void browseForSave(final Input in, final TextField text) {
		final File current = new File(text.getText().trim());
		final String name = current.getName().isEmpty() ? in.name + "." + (in.extension.isEmpty() ? "tif"
			: in.extension.split("/")[0]) : current.getName();
		final int dot = name.lastIndexOf('.');
		final SaveDialog sd = new SaveDialog(in.label, name.substring(0, dot > 0 ? dot : name.length()), dot > 0
			? name.substring(dot) : "");
		if (sd.getFileName() != null) text.setText(new File(sd.getDirectory(), sd.getFileName()).getPath());
	}

	@Override
	public boolean dialogItemChanged(final GenericDialog gd, final AWTEvent e) {
		final Map<String, String> values = read();
		setNote(noteText(values));
		return problem(values) == null;
	}

	/** The values in the fields now, by input name ("" for empty fields; "true"/"false" for checkboxes). */
	private Map<String, String> read() {
		final Map<String, String> values = new LinkedHashMap<>();
		for (final Field f : fields) {
			final String v;
			if (f.component instanceof Checkbox) v = Boolean.toString(((Checkbox) f.component).getState());
			else if (f.component instanceof Choice) {
				final String item = ((Choice) f.component).getSelectedItem();
				v = f.input.kind == Kind.IMAGE && NO_IMAGE.equals(item) ? "" : item;
			}
			else v = ((TextField) f.component).getText().trim();
			values.put(f.input.name, v == null ? "" : v);
		}
		return values;
	}

	/** The first problem with the values, or null. */
	String problem(final Map<String, String> values) {
		final Set<String> images = new HashSet<>();
		for (final Input in : inputs.all()) {
			final String v = values.getOrDefault(in.name, "");
			if (v.isEmpty()) {
				if (in.required && in.kind != Kind.CHECKBOX) return in.label + ": this is needed.";
				continue;
			}
			switch (in.kind) {
				case IMAGE:
					if (!images.add(v)) return "\"" + v + "\" is chosen twice: choose a different image for " + in.label +
						".";
					break;
				case INTEGER:
				case NUMBER: {
					final String p = numberProblem(in, v);
					if (p != null) return p;
					break;
				}
				case OPEN_FILE:
				case MODEL_FILE:
					if (!new File(v).isFile() && !(VolumeFiles.isZarr(new File(v)) && new File(v).isDirectory())) return in.label +
						": there is no file " + v + ".";
					if (in.kind == Kind.MODEL_FILE) {
						modelCheck = ModelCheck.of(new File(v), modelCheck);
						if (modelCheck.problem != null) return modelCheck.problem;
					}
					break;
				case FOLDER:
					if (!new File(v).isDirectory()) return in.label + ": there is no folder " + v + ".";
					break;
				case SAVE_FILE: {
					final String p = saveProblem(in, new File(v), "true".equals(values.get("overwrite")));
					if (p != null) return p;
					break;
				}
				case SIZE:
					try {
						ZyxSize.parseOrAuto(v, in.label);
					}
					catch (final IllegalArgumentException e) {
						return e.getMessage();
					}
					break;
				default:
					break;
			}
		}
		return null;
	}

	/**
	 * What keeps a file from being written: it exists and overwriting is not checked, or what
	 * {@link VolumeFiles#checkWritable} finds (no such folder, a folder, not writable).
	 */
	private String saveProblem(final Input in, final File f, final boolean overwrite) {
		final boolean exists = f.isFile() || VolumeFiles.isZarr(f) && f.isDirectory();
		if (exists && !overwrite && inputs.find("overwrite") != null) return in.label + ": " + f.getName() + " exists. " +
			"Check \"" + inputs.find("overwrite").label + "\" or choose another file.";
		try {
			VolumeFiles.checkWritable(f, true);
			return null;
		}
		catch (final IOException e) {
			return in.label + ": " + e.getMessage();
		}
	}

	private static String numberProblem(final Input in, final String v) {
		final double d;
		try {
			d = in.kind == Kind.INTEGER ? Long.parseLong(v) : Double.parseDouble(v);
		}
		catch (final NumberFormatException e) {
			return in.label + ": \"" + v + "\" is not " + (in.kind == Kind.INTEGER ? "a whole number." : "a number.");
		}
		if (in.min != null && d < in.min) return in.label + " must be at least " + format(in.min) + ".";
		if (in.max != null && d > in.max) return in.label + " must be at most " + format(in.max) + ".";
		return null;
	}

	private static String format(final double d) {
		return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
	}

	/** The note: the first problem, else what the chosen model holds, else nothing. */
	private String noteText(final Map<String, String> values) {
		final String problem = problem(values);
		if (problem != null) return problem;
		for (final Input in : inputs.all())
			if (in.kind == Kind.MODEL_FILE && !values.getOrDefault(in.name, "").isEmpty()) {
				modelCheck = ModelCheck.of(new File(values.get(in.name)), modelCheck);
				return modelCheck.note();
			}
		return "";
	}

	private void setNote(final String text) {
		final String t = pad(text);
		if (note instanceof MultiLineLabel) ((MultiLineLabel) note).setText(t);
		else if (note instanceof Label) ((Label) note).setText(t.replace('\n', ' '));
	}

	/** Wraps to lines of at most 70 characters, exactly {@link #NOTE_LINES} of them, so the dialog keeps its size. */
	private static String pad(final String text) {
		final List<String> lines = new ArrayList<>();
		for (final String para : text.split("\n")) {
			String rest = para;
			while (rest.length() > 70) {
				int cut = rest.lastIndexOf(' ', 70);
				if (cut <= 0) cut = 70;
				lines.add(rest.substring(0, cut));
				rest = rest.substring(cut).trim();
			}
			lines.add(rest);
		}
		while (lines.size() < NOTE_LINES)
			lines.add(" ");
		return String.join("\n", lines.subList(0, NOTE_LINES));
	}

	/** The dialog's Help: what the command does, and each field's macro key and help line. */
	private String help() {
		final StringBuilder s = new StringBuilder("<html><h3>").append(inputs.title()).append("</h3>");
		if (!inputs.description().isEmpty()) s.append("<p>").append(escape(inputs.description())).append("</p>");
		s.append("<p>In a macro: <tt>run(\"").append(inputs.title()).append("...\", \"key=value ...\");</tt> ")
			.append("Images are window titles or file paths; values with spaces go in [brackets].</p><table>");
		for (final Input in : inputs.all()) {
			s.append("<tr><td><tt>").append(in.macroKey()).append("</tt></td><td>").append(escape(in.help())).append(
				"</td></tr>");
		}
		return s.append("</table></html>").toString();
	}

	private static String escape(final String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	/** Titles of the open images (windows). */
	private static String[] imageTitles() {
		final String[] t = WindowManager.getImageTitles();
		return t == null ? new String[0] : t;
	}

	private String prefKey(final Input in) {
		return "unet3d." + inputs.command().getSimpleName() + "." + in.name;
	}

	/** Last used values (remembered inputs only), else the defaults; images: the last used if open, else a guess. */
	private Map<String, String> initialValues(final String[] titles) {
		final Map<String, String> values = new LinkedHashMap<>();
		final Set<String> used = new HashSet<>();
		for (final Input in : inputs.all()) {
			final String last = in.persisted ? Prefs.get(prefKey(in), null) : null;
			if (in.kind == Kind.IMAGE) {
				final String title = last != null && Arrays.asList(titles).contains(last) && !used.contains(last) ? last
					: guessImage(in, titles, used);
				used.add(title);
				values.put(in.name, title);
			}
			else values.put(in.name, last != null ? last : in.defaultText);
		}
		return values;
	}

	/** Label-like inputs take an image whose title says labels, others the current image; else the first unused. */
	private static String guessImage(final Input in, final String[] titles, final Set<String> used) {
		final boolean wantsLabels = looksLikeLabels(in.name + " " + in.label);
		final ImagePlus current = WindowManager.getCurrentImage();
		if (!wantsLabels && current != null && !used.contains(current.getTitle()) && !looksLikeLabels(current
			.getTitle())) return current.getTitle();
		for (final String t : titles)
			if (!used.contains(t) && wantsLabels == looksLikeLabels(t)) return t;
		for (final String t : titles)
			if (!used.contains(t)) return t;
		return titles[0];
	}

	private static boolean looksLikeLabels(final String title) {
		return title.toLowerCase(Locale.ROOT).matches(".*(label|truth|mask|seg).*");
	}

	private void remember(final Map<String, String> values) {
		for (final Input in : inputs.all())
			if (in.persisted && values.containsKey(in.name)) Prefs.set(prefKey(in), values.get(in.name));
	}
}
