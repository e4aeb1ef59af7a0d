#!/usr/bin/env bash
# Real input through xdotool on the running viewer: the joined-bones phantom (two bone balls
# of radius 7 and 13 mm joined by a neck; `marrow phantom --joined-bones`) with its bone
# label map. Ctrl+click selects the bone, "Unlock all" unlocks it (loaded labels start
# locked), the Split segment panel's "Click markers" mode takes one click on each ball in the
# axial view, Preview reports two parts and draws the cut at the neck without editing, Apply makes them two segments in
# one undo step: the voxel counts (LABELS lines) must equal what `marrow split` gives for
# the same marker points (printed by the preview), and add up to the bone; Ctrl+Z restores
# the single segment exactly.
# The app prints (--test-mode) "WIDGET id x y w h", "LABELS id:count ...", "TOOL name",
# "VIEWMAP view x y w h centre_a centre_b px_per_mm" and "JOB ok name: message".
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool import

"$M" phantom "$T/ct.nii.gz" --joined-bones --labels "$T/bones.nii.gz" > "$T/phantom.out"
A=$(sed -n 's/^centre A: //p' "$T/phantom.out")
B=$(sed -n 's/^centre B: //p' "$T/phantom.out")
mid=$($PY -c "a=[float(v) for v in '$A'.split(',')]; b=[float(v) for v in '$B'.split(',')]; print(','.join(str((x+y)/2) for x,y in zip(a,b)))")

cd "$T"
start_viewer "$T/ct.nii.gz" --seg "$T/bones.nii.gz" --size 1280x800 --layout axial --slice "$mid"
sync_app
count() { last LABELS | tr ' ' '\n' | awk -F: -v id="$1" '$1==id {c=$2} END {print (c == "" ? 0 : c)}'; }
wait_labels() { sync_app; for _ in $(seq 1 600); do [ "$(last LABELS)" != "$1" ] && break; sleep 0.1; done; }
press_release() { xdotool mousedown 1; sync_app; sleep 0.1; xdotool mouseup 1; sync_app; }
move_to() { xdotool mousemove "$1" "$2"; sync_app; }
# Window pixel of an LPS point on the axial view (screen right = +x, down = +y).
pixel() {
    awk -v p="$1" '$1=="VIEWMAP" && $2=="axial" {v=$0} END {
        split(v, f, " "); split(p, q, ",");
        printf "%d %d\n", f[3] + int(f[5] / 2) + (q[1] - f[7]) * f[9], f[4] + int(f[6] / 2) + (q[2] - f[8]) * f[9] }' "$LOG"
}
fail=0
total=$(count 1)
echo "bone: $total voxels; $(last LABELS)"
[ "$total" -gt 1000 ] || { echo "FAIL: the bone labels did not load ($(last LABELS))"; exit 1; }

# Select the bone (Ctrl+click on ball B) and unlock it.
read -r BX BY <<< "$(pixel "$B")"
read -r AXp AYp <<< "$(pixel "$A")"
move_to "$BX" "$BY"
xdotool keydown ctrl; sync_app; press_release; xdotool keyup ctrl; sync_app
panel_click segments.unlock_all

# Open the panel, enter the click-marker mode, click a marker on each ball.
panel_click split.header
panel_click split.click_markers
[ "$(last TOOL)" = "TOOL split" ] || { echo "FAIL: Click markers did not enter the split click mode ($(last TOOL))"; fail=1; }
move_to "$AXp" "$AYp"; press_release
move_to "$BX" "$BY"; press_release
before=$(last LABELS)
# The preview draws the cut (the voxels next to another part) over the slice: the pixels
# around the neck change, nothing else is edited.
neck=$($PY -c "a=[float(v) for v in '$A'.split(',')]; b=[float(v) for v in '$B'.split(',')]; print(','.join(str(x) for x in [(a[0]+7+b[0]-13)/2, a[1], a[2]]))")
read -r NX NY <<< "$(pixel "$neck")"
PPM=$(awk '$1=="VIEWMAP" && $2=="axial" {v=$9} END {print int(v * 6)}' "$LOG")
move_to 5 5  # the cursor hint must not cover the neck
import -window root "$T/before.png"
panel_click split.preview
move_to 5 5; sync_app
import -window root "$T/preview.png"
changed=$(pixels_changed "$T/before.png" "$T/preview.png" $((NX - PPM)) $((NY - PPM)) $((2 * PPM)) $((2 * PPM)))
echo "preview: $changed pixels changed around the neck"
[ "$changed" -gt 0 ] || { echo "FAIL: the preview drew no cut at the neck"; fail=1; }
preview=$(grep '^JOB ok Split preview: ' "$LOG" | tail -1 || true)
echo "$preview"
case "$preview" in *"2 parts"*) ;; *) echo "FAIL: the preview did not report 2 parts"; fail=1 ;; esac
[ "$(last LABELS)" = "$before" ] || { echo "FAIL: the preview changed the labels"; fail=1; }
markers=$(echo "$preview" | sed -n 's/.*; markers //p')

panel_click split.apply
wait_labels "$before"
echo "after apply: $(last LABELS)"
n1=$(count 1); n2=$(last LABELS | tr ' ' '\n' | awk -F: '$1!="1" && $1!="LABELS" {print $2}')
[ "$(last LABELS | wc -w)" -eq 3 ] || { echo "FAIL: expected two segments after the split"; fail=1; }
[ $((n1 + n2)) -eq "$total" ] || { echo "FAIL: the parts ($n1 + $n2) do not add up to the bone ($total)"; fail=1; }

# The same markers through the CLI give the same parts.
"$M" split "$T/bones.nii.gz" --label 1 --markers "$markers" -o "$T/cli.nii.gz" > "$T/cli.out"
c1=$(sed -n "s/^part 1: label [0-9]* '[^']*', \([0-9]*\) voxels.*/\1/p" "$T/cli.out")
c2=$(sed -n "s/^part 2: label [0-9]* '[^']*', \([0-9]*\) voxels.*/\1/p" "$T/cli.out")
echo "CLI with markers $markers: $c1 + $c2"
[ "$n1" = "$c1" ] && [ "$n2" = "$c2" ] || { echo "FAIL: the window's split ($n1, $n2) differs from the CLI's ($c1, $c2)"; fail=1; }
[ "$n1" -lt "$n2" ] || { echo "FAIL: the first marker (small ball) should keep the smaller part"; fail=1; }

# Undo: one step restores the single segment.
after=$(last LABELS)
xdotool key ctrl+z; wait_labels "$after"
echo "after ctrl+z: $(last LABELS)"
[ "$(last LABELS)" = "LABELS 1:$total" ] || { echo "FAIL: ctrl+z did not restore the bone ($(last LABELS))"; fail=1; }
[ $fail -eq 0 ] && echo "ok"
exit $fail
