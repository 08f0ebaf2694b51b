package org.unet3d.ij1;

import ij.plugin.frame.Recorder;

import java.util.Map;

import org.unet3d.commands.CommandInputs;
import org.unet3d.commands.CommandInputs.Input;
import org.unet3d.commands.CommandInputs.Kind;

/**
 * Writes the options of a command run from its dialog into ImageJ's Macro Recorder, which then
 * records {@code run("Title...", "key=value ...")} when the command ends. Every value given is
 * recorded, defaults included, so the line replays the same run even if defaults change; a
 * checked checkbox is a bare key, as in all ImageJ macros.
 */
final class MacroRecording {

	private MacroRecording() {}

	/** Records the values (by input name) if the Recorder is on. */
	static void record(final CommandInputs inputs, final Map<String, String> values) {
		if (!Recorder.record) return;
		for (final Input in : inputs.all()) {
			final String v = values.get(in.name);
			if (v == null || v.isEmpty()) continue;
			if (in.kind == Kind.CHECKBOX) {
				if (Boolean.parseBoolean(v)) Recorder.recordOption(in.macroKey());
				else if (Boolean.parseBoolean(in.defaultText)) Recorder.recordOption(in.macroKey(), "false");
			}
			else if (in.isPath()) Recorder.recordPath(in.macroKey(), v);
			else Recorder.recordOption(in.macroKey(), v);
		}
	}

	/** Keeps a failed or canceled run out of the recording. */
	static void drop() {
		if (Recorder.record) Recorder.disableCommandRecording();
	}
}
