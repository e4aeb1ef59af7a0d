#!/usr/bin/env bash
# "Save labels as" through the file dialog with a typed path (real input, 1366x768), and
# the "changes vs loaded labels" baseline kept with the saved labels: "AI" labels (the
# phantom's bone + a 10^3 cube as label 2) are loaded, label 2 is deleted (its voxels
# "removed" against the loaded labels), the labels are saved as a new file typed into the
# dialog, and a new viewer opening the saved file shows the same difference (its
# <file>.marrow.json names the loaded labels as the baseline).
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool

cd "$T"
"$M" phantom "$T/p.nii.gz" --labels "$T/bone.nii.gz" >/dev/null
$PY - "$T/bone.nii.gz" "$T/labels.nii.gz" <<'PY'
import sys, numpy as np, nibabel as nib
img = nib.load(sys.argv[1])
a = np.asanyarray(img.dataobj).astype(np.uint8)
a[100:110, 100:110, 100:110] = 2
nib.save(nib.Nifti1Image(a, img.affine), sys.argv[2])
PY
mkdir -p "$T/corrected"
start_viewer phantom --seg "$T/labels.nii.gz" --size 1366x768
sync_app
panel_click segments.unlock_all     # AI labels start locked
panel_click segment.2               # select label 2...
panel_click segment.delete          # ...and delete it
panel_click segments.difference
before=$(last DIFFERENCE)
[ -n "$before" ] || { echo "FAIL: no DIFFERENCE line after enabling the overlay"; tail -20 "$LOG"; exit 1; }
echo "before saving: $before"
panel_click save-labels-as
grep -q 'WIDGET file-dialog.path' "$LOG" || { echo "FAIL: the Save labels as dialog did not open"; exit 1; }
type_into file-dialog.path "$T/corrected/fixed.nii.gz"
sync_app
fail=0
[ -f "$T/corrected/fixed.nii.gz" ] || { echo "FAIL: nothing saved at the typed path"; last MESSAGE; exit 1; }
[ -f "$T/corrected/fixed.nii.gz.marrow.json" ] || { echo "FAIL: no baseline sidecar"; fail=1; }
last MESSAGE
kill "$APP"; wait "$APP" 2>/dev/null || true

LOG=$T/app2.log
start_viewer phantom --seg "$T/corrected/fixed.nii.gz" --size 1366x768
sync_app
panel_click segments.difference
after=$(last DIFFERENCE)
echo "after reopening: $after"
[ "$before" = "$after" ] || { echo "FAIL: the difference changed: '$before' vs '$after'"; fail=1; }
removed=$(echo "$before" | awk '{print $3}')
[ "${removed:-0}" -gt 0 ] || { echo "FAIL: the difference is empty"; fail=1; }
[ $fail = 0 ] && echo "PASS: saved as a typed path; reopened, the same difference ($after) against the loaded labels"
exit $fail
