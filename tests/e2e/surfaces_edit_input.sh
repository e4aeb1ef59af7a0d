#!/usr/bin/env bash
# Painting with the 3D view in "surfaces" mode (xdotool on the running viewer, the phantom,
# no labels yet): each change of the label map re-meshes only the mesh blocks the edit
# touched. The app prints (--test-mode) "SURFACES mode triangles blocks ms" whenever the
# surfaces' triangle count changes: blocks = how many 64^3 blocks the last update re-meshed
# (the phantom has 4 x 4 x 4 = 64). A brush stroke in the axial view must give a surface
# while re-meshing at most 8 blocks; a second stroke must change it, re-meshing at most 8;
# Ctrl+Z must restore the first stroke's exact triangle count.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool
cd "$T"
start_viewer phantom --3d surfaces --size 1280x800
# The first meshing (all 64 blocks) runs as a background job; painting waits for it.
for _ in $(seq 1 600); do grep -q '^JOB ok surfaces' "$T/app.log" && break; sleep 0.1; done
grep '^JOB ok surfaces' "$T/app.log" || { echo "FAIL: no surfaces job ended"; cat "$T/app.log"; exit 1; }
field() { awk -v n="$1" '$1=="SURFACES" {v=$n} END {print v}' "$T/app.log"; }
read -r AX AY AW AH <<< "$(awk '$1=="VIEW" && $2=="axial" {print $3, $4, $5, $6}' "$T/app.log" | tail -1)"
SX=$((AX + AW * 4 / 10)); SY=$((AY + AH / 2))
stroke() {  # a left-drag of 48 pixels to the right from ($1, $2)
    xdotool mousemove "$1" "$2"; sync_app
    xdotool mousedown 1; sleep 0.2
    for _ in $(seq 1 4); do xdotool mousemove_relative -- 12 0; sleep 0.05; done
    sleep 0.2; xdotool mouseup 1; sync_app
}
fail=0
xdotool mousemove $SX $SY; sync_app
xdotool key b; sync_app
stroke $SX $SY
tri1=$(field 3); blocks1=$(field 4)
echo "first stroke: ${tri1:-no} triangles, ${blocks1:-?} blocks re-meshed ($(field 5) ms)"
[ -n "$tri1" ] && [ "$tri1" -gt 100 ] || { echo "FAIL: the stroke made no surface"; fail=1; }
[ -n "$blocks1" ] && [ "$blocks1" -ge 1 ] && [ "$blocks1" -le 8 ] || { echo "FAIL: re-meshed ${blocks1:-?} blocks"; fail=1; }
stroke $SX $((SY + 40))
tri2=$(field 3); blocks2=$(field 4)
echo "second stroke: $tri2 triangles, $blocks2 blocks re-meshed ($(field 5) ms)"
[ "$tri2" != "$tri1" ] || { echo "FAIL: the second stroke did not change the surface"; fail=1; }
[ "$blocks2" -ge 1 ] && [ "$blocks2" -le 8 ] || { echo "FAIL: re-meshed $blocks2 blocks"; fail=1; }
xdotool key ctrl+z; sync_app
[ "$(field 3)" = "$tri1" ] || { echo "FAIL: after Ctrl+Z $(field 3) triangles, expected $tri1"; fail=1; }
[ $fail = 0 ] || grep -E "^(LABELS|TOOL|SURFACES)" "$T/app.log"
[ $fail = 0 ] && echo "PASS: strokes re-meshed $blocks1 and $blocks2 of 64 blocks; undo restored $tri1 triangles"
exit $fail
