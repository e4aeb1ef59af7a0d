#!/usr/bin/env bash
# Opening a CT whose AI label map lies beside it (example_ct_dicom -> example_seg_dicom.nii.gz):
# the Data panel offers "Load example_seg_dicom.nii.gz"; a real click (xdotool) loads it
# over the CT, and the per-label voxel counts the app prints (LABELS id:count ...) equal
# the file's own counts (nibabel), label for label.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool
SHARED=$(realpath "$2" 2>/dev/null || echo "$2")
CT="$SHARED/data/totalseg/example_ct_dicom"
SEG="$SHARED/data/totalseg/example_seg_dicom.nii.gz"
need_data "$CT"
need_data "$SEG"

start_viewer "$CT" --size 1280x800
sync_app  # after input, sync_app (xvfb_lib.bash): the app has handled it, however slow
[ "$(last LABELS)" = "LABELS" ] || { echo "FAIL: labels before the click: $(last LABELS)"; exit 1; }
read -r X Y W H <<< "$(widget data.labels_beside.example_seg_dicom.nii.gz)"
[ -n "${X:-}" ] || { echo "FAIL: the Data panel does not offer example_seg_dicom.nii.gz"; exit 1; }
xdotool mousemove $((X + W / 2)) $((Y + H / 2)); sync_app  # hovered before the press
xdotool click 1; sync_app
for _ in $(seq 1 600); do [ "$(last LABELS)" != "LABELS" ] && break; sleep 0.1; done
got=$(last LABELS)
want=$($PY - "$SEG" <<'PY'
import sys, nibabel as nib, numpy as np
v = np.asarray(nib.load(sys.argv[1]).dataobj).astype(np.int64)
ids, counts = np.unique(v[v > 0], return_counts=True)
print("LABELS " + " ".join(f"{i}:{c}" for i, c in zip(ids, counts)))
PY
)
echo "app:  ${got:0:120}..."
echo "file: ${want:0:120}..."
[ "$got" = "$want" ] || { echo "FAIL: the loaded labels differ from the file's counts"; exit 1; }
echo "PASS: one click loaded the label map found beside the CT ($(echo "$got" | wc -w) words, counts equal)"
