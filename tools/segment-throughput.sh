#!/bin/sh
# Segmentation throughput as a user sees it, against the PyTorch sliding-window peer, alternating.
#
#   tools/segment-throughput.sh [XxYxZ] [rounds] [tile ZxYxX for the peer, default: the tile ours chose]
#
# Generates a synthetic 8-bit nuclei stack (default 512x512x128), trains a model with the defaults
# for one minute (3 levels, 16 base filters, batch norm; speed does not depend on how well it is
# trained), then alternates: `java -Xmx2g -jar target/unet3d.jar segment` under /usr/bin/time -v
# (wall time, peak RSS) and ../shared/bench/peer_torch.py on the same stack size with the same tile
# and overlap. Prints one line per run and writes them to segment-throughput.csv in the work folder
# (WORK, default /tmp/unet3d-throughput). Needs `mvn package` first and python3-torch for the peer.
set -eu
SIZE=${1:-512x512x128}
ROUNDS=${2:-2}
PEER_TILE=${3:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/unet3d-throughput}
PEER=${PEER:-$ROOT/../shared/bench/peer_torch.py}
PYTHON=${PYTHON:-/usr/bin/python3}
JAVA_OPTS=${JAVA_OPTS:--Xmx2g}
mkdir -p "$WORK"
X=${SIZE%%x*}; REST=${SIZE#*x}; Y=${REST%%x*}; Z=${REST#*x}
IMAGE="$WORK/nuclei-$SIZE-seed1-image.tif"
LABELS="$WORK/nuclei-$SIZE-seed1-labels.tif"
MODEL="$WORK/default-model.zip"
if [ ! -f "$IMAGE" ]; then
	java -Xmx16g -jar "$ROOT/tools/target/unet3d-tools.jar" generate "$WORK" nuclei "$SIZE" 1 > /dev/null
	# as most users' files: ZYX, no calibration (so the network is isotropic, as the peer's)
	"$PYTHON" -c "import sys, tifffile
for f in sys.argv[1:]: tifffile.imwrite(f, tifffile.imread(f), metadata={'axes': 'ZYX'})" "$IMAGE" "$LABELS"
fi
[ -f "$MODEL" ] || java -jar "$ROOT/target/unet3d.jar" train image="$IMAGE" labels="$LABELS" model="$MODEL" \
	minutes=1 > "$WORK/train.log" 2>&1
CLASSES=$(java -jar "$ROOT/target/unet3d.jar" info model="$MODEL" json=true | python3 -c \
	'import json,sys; d=json.load(sys.stdin); n=d.get("network",d); print(n.get("classes",2))' 2>/dev/null || echo 2)
CSV="$WORK/segment-throughput.csv"
echo "run,side,stack,tile,overlap,tiles,seconds,stack_mvox_per_s,peak_rss_mb" > "$CSV"
VOX=$((X * Y * Z))
for r in $(seq 1 "$ROUNDS"); do
	rm -f "$WORK/labels.tif"
	/usr/bin/time -v -o "$WORK/time.txt" java $JAVA_OPTS -jar "$ROOT/target/unet3d.jar" segment image="$IMAGE" \
		model="$MODEL" output="$WORK/labels.tif" > "$WORK/segment.log" 2>&1
	LINE=$(grep -m1 -o '[0-9]* tiles of [0-9,]* (z,y,x), overlap [0-9,]*' "$WORK/segment.log")
	TILES=$(echo "$LINE" | cut -d' ' -f1)
	TILE=$(echo "$LINE" | cut -d' ' -f4 | tr ',' 'x')
	OVERLAP=$(echo "$LINE" | cut -d' ' -f7 | tr -d '\n' | sed 's/,$//' | tr ',' 'x')
	SECONDS_=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$WORK/time.txt")
	RSS=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/time.txt")
	MVOX=$(python3 -c "print(f'{$VOX/$SECONDS_/1e6:.3f}')")
	echo "$r,ours,${Z}x${Y}x${X},$TILE,$OVERLAP,$TILES,$SECONDS_,$MVOX,$RSS" | tee -a "$CSV"
	PT=${PEER_TILE:-$TILE}
	if [ -f "$PEER" ] && "$PYTHON" -c 'import torch' 2> /dev/null; then
		/usr/bin/time -v -o "$WORK/time-peer.txt" "$PYTHON" "$PEER" --patch $(echo "$PT" | tr ',x' '  ') --filters 16 \
			--bn 1 --classes "$CLASSES" --stack "$Z" "$Y" "$X" --overlap $(echo "$OVERLAP" | tr 'x' ' ') \
			> "$WORK/peer.log" 2>&1
		P=$(grep -m1 peer-sliding "$WORK/peer.log")
		PS=$(echo "$P" | sed 's/.*seconds=\([0-9.]*\).*/\1/')
		PTILES=$(echo "$P" | sed 's/.*tiles=\([0-9]*\).*/\1/')
		PM=$(echo "$P" | sed 's/.*stack_mvox_per_s=\([0-9.]*\).*/\1/')
		PRSS=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/time-peer.txt")
		echo "$r,peer,${Z}x${Y}x${X},$PT,$OVERLAP,$PTILES,$PS,$PM,$PRSS" | tee -a "$CSV"
	fi
done
