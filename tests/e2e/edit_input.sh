#!/usr/bin/env bash
# Real input through xdotool on the running viewer (phantom, no labels loaded): B selects
# the brush, a left-drag in the axial view paints a stroke (a first segment is created
# for it) and shows in the axial view, Ctrl+Z undoes it exactly (voxels and pixels), Ctrl+Y
# redoes it, E + a drag erases; [ ] and Shift+wheel resize the brush.
# The app prints (--test-mode) "LABELS id:count ..." after every change of the label map
# and "TOOL name" when the tool changes.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool import

cd "$T"  # Ctrl+S writes phantom_labels.nii.gz into the current folder
start_viewer phantom --size 1280x800
sync_app
rect() { awk -v n="$1" '$1=="VIEW" && $2==n {print $3, $4, $5, $6}' "$T/app.log" | tail -1; }
count1() { last LABELS | tr ' ' '\n' | awk -F: '$1=="1" {print $2}'; }
read -r AX AY AW AH <<< "$(rect axial)"
SX=$((AX + AW * 4 / 10)); SY=$((AY + AH / 2))
# Screen capture of the axial view with the mouse parked at the stroke's start (the brush
# outline then sits at the same place), and how many pixels differ between two captures.
# sync_app: the app has drawn the frame with the mouse there (and every earlier input).
capture() { xdotool mousemove $SX $SY; sync_app; import -window root "$T/$1.png"; }
changed() { HERE="$HERE" $PY - "$T/$1.png" "$T/$2.png" $AX $AY $AW $AH <<'PY'
import sys, os
sys.path.insert(0, os.environ["HERE"])
from viewcheck import read_png
import numpy as np
a, b = read_png(sys.argv[1]), read_png(sys.argv[2]); x, y, w, h = (int(float(v)) for v in sys.argv[3:7])
d = np.abs(a[y:y + h, x:x + w, :3].astype(int) - b[y:y + h, x:x + w, :3].astype(int)).max(axis=2)
print(int((d > 30).sum()))
PY
}
fail=0
[ "$(last LABELS)" = "LABELS" ] || { echo "FAIL: expected no segments at start, got '$(last LABELS)'"; fail=1; }

# 1. B, then drag across the middle of the axial view. The app sees the mouse over the view
# before the press (sync_app), the press at the start, and the end before the release (a
# slow app may merge the motion in between; the stroke joins the points it sees).
xdotool mousemove $SX $SY; sync_app
xdotool key b; sync_app
capture before
[ "$(last TOOL)" = "TOOL brush" ] || { echo "FAIL: B did not select the brush ($(last TOOL))"; fail=1; }
xdotool mousedown 1; sync_app
for i in $(seq 1 8); do xdotool mousemove_relative -- 12 0; sleep 0.05; done
sync_app; xdotool mouseup 1; sync_app
painted=$(count1)
echo "after the stroke: $(last LABELS)"
[ -n "$painted" ] && [ "$painted" -gt 100 ] || { echo "FAIL: the stroke painted no voxels into segment 1"; fail=1; }
capture painted
n=$(changed before painted); echo "overlay: $n axial pixels changed by the stroke"
[ "$n" -gt 300 ] || { echo "FAIL: the stroke does not show in the axial view"; fail=1; }

# 2. Ctrl+Z: back to exactly 0 voxels; Ctrl+Y: exactly the stroke again.
xdotool key ctrl+z; sync_app
undone=$(count1); echo "after ctrl+z: $(last LABELS)"
[ "$undone" = "0" ] || { echo "FAIL: ctrl+z left $undone voxels (expected 0)"; fail=1; }
capture undone
n=$(changed before undone); echo "overlay: $n axial pixels differ from before the stroke after ctrl+z"
[ "$n" -lt 20 ] || { echo "FAIL: the undone stroke still shows"; fail=1; }
xdotool key ctrl+y; sync_app
redone=$(count1); echo "after ctrl+y: $(last LABELS)"
[ "$redone" = "$painted" ] || { echo "FAIL: ctrl+y gave $redone voxels (expected $painted)"; fail=1; }

# 3. Ctrl+S: the saved label map holds exactly the painted voxels as label 1.
save_with_ctrl_s || fail=1
saved=$(label_voxels "$T/phantom_labels.nii.gz" 1)
echo "saved: $saved voxels of label 1 in phantom_labels.nii.gz"
[ "$saved" = "$painted" ] || { echo "FAIL: ctrl+s saved '$saved' voxels of label 1 (expected $painted)"; fail=1; }

# 4. E, then a short drag over the start of the stroke: fewer voxels, and undo restores them.
xdotool key e; sync_app
[ "$(last TOOL)" = "TOOL eraser" ] || { echo "FAIL: E did not select the eraser ($(last TOOL))"; fail=1; }
xdotool mousemove $SX $SY; sync_app
xdotool mousedown 1; sync_app; xdotool mousemove_relative -- 5 0; sync_app; xdotool mouseup 1; sync_app
erased=$(count1); echo "after erasing: $(last LABELS)"
[ -n "$erased" ] && [ "$erased" -lt "$painted" ] || { echo "FAIL: the eraser removed nothing"; fail=1; }
xdotool key ctrl+z; sync_app
[ "$(count1)" = "$painted" ] || { echo "FAIL: undoing the erase gave $(count1) (expected $painted)"; fail=1; }

# 5. Brush size: ] grows the radius by 20 %, [ shrinks it, Shift+wheel over the view too,
#    and Shift+wheel does not step the slice (BRUSH radius-in-mm lines).
brush() { last BRUSH | awk '{print $2}'; }
r0=$(brush); c0=$(last CROSSHAIR)
xdotool key bracketright; sync_app; r1=$(brush)
xdotool key bracketleft bracketleft; sync_app; r2=$(brush)
xdotool keydown shift; sync_app; xdotool click 4; sync_app; xdotool keyup shift; sync_app; r3=$(brush)
echo "brush radius: $r0 -> ] $r1 -> [[ $r2 -> shift+wheel up $r3 mm; crosshair $c0 -> $(last CROSSHAIR)"
$PY -c "import sys; r0, r1, r2, r3 = $r0, $r1, $r2, $r3; ok = lambda a, b: abs(a - b) < 2e-3
sys.exit(0 if ok(r1, r0 * 1.2) and ok(r2, r0 / 1.2) and ok(r3, r0) else 1)" \
    || { echo "FAIL: [, ] and Shift+wheel did not step the brush radius by 20 %"; fail=1; }
[ "$(last CROSSHAIR)" = "$c0" ] || { echo "FAIL: Shift+wheel moved the slice"; fail=1; }

[ $fail = 0 ] && echo "PASS: brush stroke $painted voxels, undo 0, redo $redone, erase -> $erased, undo -> $(count1); brush $r0 -> $r1 -> $r2 -> $r3 mm"
exit $fail
