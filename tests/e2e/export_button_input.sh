#!/usr/bin/env bash
# A real click on the side panel's "Export mesh..." button, then on the dialog's Export (xdotool) of the running viewer
# (phantom with its bone labels): the app says where it wrote each STL (--test-mode line
# "EXPORT path: N triangles, ..."), the file is there, admesh finds it closed with nothing
# to fix, and its bounding box equals the bone mask's physical LPS bounds within one voxel.
# The button's rectangle comes from the app ("WIDGET export-stl x y w h", ui/test_probe.h).
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool admesh
TMP=$T
source "$HERE/../cli/lib/stl_check.sh"

cd "$T"  # the phantom's export folder is the current one
"$M" phantom "$T/p.nii.gz" --labels "$T/labels.nii.gz" >/dev/null
start_viewer phantom --seg "$T/labels.nii.gz" --size 1280x800
sync_app  # after input, sync_app (xvfb_lib.bash): the app has handled it, however slow
button() { awk '$1=="WIDGET" && $2=="export-stl" {print $3, $4, $5, $6}' "$T/app.log" | tail -1; }
read -r BX BY BW BH <<< "$(button)"
[ -n "${BX:-}" ] || { echo "FAIL: no WIDGET export-stl line"; cat "$T/app.log"; exit 1; }
# The segments section sits low in the side panel: scroll it (mouse wheel) until the
# button is on screen; the app reports the moved rectangle.
xdotool mousemove 150 400; sync_app
for _ in $(seq 1 30); do
    [ $((BY + BH)) -lt 760 ] && break
    xdotool click 5; sync_app
    read -r BX BY BW BH <<< "$(button)"
done
[ "$BW" -gt 0 ] && [ $((BY + BH)) -lt 774 ] || { echo "FAIL: the button is not on screen: $BX $BY $BW $BH"; exit 1; }
ls "$T"/*.stl 2>/dev/null && { echo "FAIL: an STL exists before the click"; exit 1; }
# Hovered before the press, the press seen before the release (ImGui clicks on release).
xdotool mousemove $((BX + BW / 2)) $((BY + BH / 2)); sync_app
xdotool mousedown 1; sync_app; xdotool mouseup 1; sync_app
# The button opens the Export mesh dialog (defaults: STL, 10 smoothing steps, every visible
# segment); its Export button starts the background export.
read -r GX GY GW GH <<< "$(awk '$1=="WIDGET" && $2=="export-go" {print $3, $4, $5, $6}' "$T/app.log" | tail -1)"
[ -n "${GX:-}" ] || { echo "FAIL: the Export mesh dialog did not open"; tail -20 "$T/app.log"; exit 1; }
xdotool mousemove $((GX + GW / 2)) $((GY + GH / 2)); sync_app
xdotool mousedown 1; sync_app; xdotool mouseup 1; sync_app
for _ in $(seq 1 600); do grep -q '^EXPORT ' "$T/app.log" && break; sleep 0.1; done
grep '^EXPORT ' "$T/app.log" || { echo "FAIL: no EXPORT line after the click"; tail -20 "$T/app.log"; exit 1; }
line=$(grep '^EXPORT ' "$T/app.log" | head -1)
file=$(echo "$line" | sed -E 's/^EXPORT ([^:]+): .*/\1/')
fail=0
[ "$(grep -c '^EXPORT ' "$T/app.log")" = 1 ] || { echo "FAIL: expected one STL (one bone label)"; fail=1; }
[ -f "$T/$file" ] || [ -f "$file" ] || { echo "FAIL: the message names $file, which does not exist"; exit 1; }
[ -f "$file" ] || file="$T/$file"
[ "$(realpath "$(dirname "$file")")" = "$(realpath "$T")" ] || { echo "FAIL: not next to the input: $file"; fail=1; }
echo "$line" | grep -q 'closed yes, manifold yes' || { echo "FAIL: the report does not say closed/manifold"; fail=1; }
# The mask's bounds in LPS (the surface passes half a voxel outside the voxel centres, so
# the voxels' corners bound it exactly); tolerance one voxel.
$PY - "$T/labels.nii.gz" > "$T/box.txt" <<PY
import sys, numpy as np, nibabel as nib
sys.path.insert(0, "$TMP")
from bounds import lps_bounds
img = nib.load(sys.argv[1])
mask = np.asanyarray(img.dataobj) == 1
lo, hi = lps_bounds(mask, img.affine)
tol = float(np.abs(img.affine[:3, :3]).sum(0).max())
print(lo[0], hi[0], lo[1], hi[1], lo[2], hi[2], tol)
PY
check_stl "$file" "$T/box.txt" || fail=1
[ $fail = 0 ] && echo "PASS: the click wrote $file ($(stat -c %s "$file") bytes), closed, bbox matches"
exit $fail
