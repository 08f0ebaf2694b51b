// Installs 3D U-Net into Fiji without a shell (Windows, macOS, Linux); made by mvn package beside
// install-into-fiji.sh, and it follows the same rule:
//   plugins/3D_UNet.jar  -> Fiji.app/plugins/
//   jars/*.jar           -> Fiji.app/jars/, except a jar that Fiji already has in some version (same
//                           name before the version number, anywhere under Fiji.app/jars): Fiji's own
//                           copy is kept, since two versions of one library in Fiji.app/jars break
//                           other plugins.
// In Fiji: Plugins > Macros > Run..., choose this file; it installs into the Fiji that runs it.
// Then restart Fiji. Without a display: ImageJ -batch install-into-fiji.ijm /path/to/Fiji.app

fiji = getArgument();
if (fiji == "") fiji = getDirectory("imagej");
fiji = withSlash(fiji);
if (!File.isDirectory(fiji + "jars") || !File.isDirectory(fiji + "plugins"))
	exit("Error: " + fiji + " is not a Fiji installation: it has no jars/ and plugins/ folders.\n"
		+ "Run this macro from the Fiji to install into (Plugins > Macros > Run...).");

here = "";
macroFile = getInfo("macro.filepath");
if (macroFile != "") here = withSlash(File.getParent(macroFile));
if (here == "" || !File.exists(here + "plugins/3D_UNet.jar")) {
	if (is("batch mode") && getArgument() != "")
		exit("Error: cannot tell which folder this macro is in; run it from the fiji folder of 3D U-Net.");
	here = withSlash(getDirectory("Choose the fiji folder of 3D U-Net (it holds jars and plugins)"));
}
if (!File.exists(here + "plugins/3D_UNet.jar") || !File.isDirectory(here + "jars"))
	exit("Error: " + here + " is not the fiji folder of 3D U-Net: it lacks plugins/3D_UNet.jar or jars/.");

have = "\n" + jarNames(fiji + "jars/", "");
ours = getFileList(here + "jars/");
copied = 0;
kept = "";
for (i = 0; i < ours.length; i++) {
	if (!endsWith(ours[i], ".jar")) continue;
	if (indexOf(have, "\n" + artifact(ours[i]) + "\n") >= 0) {
		kept = kept + " " + ours[i];
	} else {
		copyJar(here + "jars/" + ours[i], fiji + "jars/" + ours[i]);
		copied++;
	}
}
copyJar(here + "plugins/3D_UNet.jar", fiji + "plugins/3D_UNet.jar");
print("Installed " + fiji + "plugins/3D_UNet.jar and " + copied + " jars into " + fiji + "jars.");
if (kept != "") print("Kept Fiji's own version instead of:" + kept);
print("Restart Fiji; the commands are under Plugins > Segmentation > 3D U-Net.");

// The artifact name of a jar file: everything before "-<digit>" (commons-io-2.15.1.jar -> commons-io).
function artifact(jar) {
	name = substring(jar, 0, lengthOf(jar) - lengthOf(".jar"));
	return replace(name, "-[0-9].*$", "");
}

// The artifact names of the jars in dir and its subfolders, one a line, after names.
function jarNames(dir, names) {
	list = getFileList(dir);
	for (i = 0; i < list.length; i++) {
		if (endsWith(list[i], "/")) names = jarNames(dir + list[i], names);
		else if (endsWith(list[i], ".jar")) names = names + artifact(list[i]) + "\n";
	}
	return names;
}

function copyJar(from, to) {
	File.copy(from, to);
	if (!File.exists(to) || File.length(to) != File.length(from))
		exit("Error: could not copy " + from + " to " + to + ". Can this user write into Fiji's folder?");
}

function withSlash(dir) {
	if (endsWith(dir, "/") || endsWith(dir, "\\")) return dir;
	return dir + File.separator;
}
