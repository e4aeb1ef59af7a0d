#!/usr/bin/env bash
# A real click on the side panel's "Export DICOM-SEG" button (xdotool) of the running
# viewer (phantom with its bone labels, a NIfTI source: the SEG gets new UIDs and the app
# prints that warning): the app says it wrote phantom_seg.dcm in the current folder, pydicom
# reads it as a BINARY Segmentation with the segment "bone", and `marrow compare` finds
# it equal (Dice 1) to the label map it came from, once read back onto the phantom's grid.
# The button's rectangle comes from the app ("WIDGET export-dicom-seg x y w h"; xvfb_lib.bash).
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool

cd "$T"  # the default export path for the phantom, phantom_seg.dcm, is in the current folder
"$M" phantom "$T/p.nii.gz" --labels "$T/labels.nii.gz" >/dev/null
start_viewer phantom --seg "$T/labels.nii.gz" --size 1280x800
sync_app
[ ! -e "$T/phantom_seg.dcm" ] || { echo "FAIL: phantom_seg.dcm exists before the click"; exit 1; }
panel_click export-dicom-seg
for _ in $(seq 1 600); do grep -q '^wrote DICOM-SEG ' "$T/app.log" && break; sleep 0.1; done
grep -q '^wrote DICOM-SEG phantom_seg.dcm' "$T/app.log" || { echo "FAIL: no 'wrote DICOM-SEG' line"; tail -20 "$T/app.log"; exit 1; }
grep -q 'new study' "$T/app.log" || { echo "FAIL: no warning about new UIDs for a NIfTI source"; exit 1; }
$PY - "$T/phantom_seg.dcm" <<'PY'
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
assert ds.SOPClassUID == "1.2.840.10008.5.1.4.1.1.66.4" and ds.SegmentationType == "BINARY"
assert [str(s.SegmentLabel) for s in ds.SegmentSequence] == ["bone"], [s.SegmentLabel for s in ds.SegmentSequence]
assert ds.SegmentSequence[0].SegmentAlgorithmType == "SEMIAUTOMATIC"
PY
# Read back onto the phantom's grid (a SEG alone only spans the slices holding its frames).
"$M" convert "$T/phantom_seg.dcm" "$T/back.nii.gz" --reference "$T/p.nii.gz" >/dev/null 2>&1 || { echo "FAIL: convert back"; exit 1; }
"$M" compare "$T/labels.nii.gz" "$T/back.nii.gz" --no-distances > "$T/compare.txt" 2>&1 || { echo "FAIL: compare"; cat "$T/compare.txt"; exit 1; }
awk '$1 == "1" && $3 == "1.0000" {ok = 1} END {exit !ok}' "$T/compare.txt" || { echo "FAIL: not equal:"; cat "$T/compare.txt"; exit 1; }
echo "PASS: the click wrote phantom_seg.dcm ($(stat -c %s "$T/phantom_seg.dcm") bytes), read back equal"
