#!/bin/sh
# Installs 3D U-Net into a Fiji installation (made by mvn package as target/fiji/install-into-fiji.sh):
#   plugins/3D_UNet.jar  -> Fiji.app/plugins/
#   jars/*.jar           -> Fiji.app/jars/, except a jar that Fiji already has in some version
#                           (same name before the version number): Fiji's own copy is kept, since
#                           two versions of one library in Fiji.app/jars break other plugins.
# Usage: sh target/fiji/install-into-fiji.sh /path/to/Fiji.app
set -e
fiji=$1
if [ -z "$fiji" ] || [ ! -d "$fiji/jars" ] || [ ! -d "$fiji/plugins" ]; then
  echo "Usage: $0 /path/to/Fiji.app   (the folder that holds Fiji's jars/ and plugins/ folders)" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# artifact name of a jar file: everything before "-<digit>" (commons-io-2.15.1.jar -> commons-io)
name() { basename "$1" .jar | sed 's/-[0-9].*$//'; }
have=$(find "$fiji/jars" -name '*.jar' | while read -r j; do name "$j"; done | sort -u)
copied=0; kept=""
for j in "$here"/jars/*.jar; do
  n=$(name "$j")
  if printf '%s\n' "$have" | grep -qx -- "$n"; then
    kept="$kept $(basename "$j")"
  else
    cp "$j" "$fiji/jars/"; copied=$((copied + 1))
  fi
done
cp "$here/plugins/3D_UNet.jar" "$fiji/plugins/"
echo "Installed $fiji/plugins/3D_UNet.jar and $copied jars into $fiji/jars."
[ -z "$kept" ] || echo "Kept Fiji's own version instead of:$kept"
echo "Restart Fiji; the commands are under Plugins > Segmentation > 3D U-Net."
