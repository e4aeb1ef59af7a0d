#!/usr/bin/env bash
# Headless screenshots of the phantom and the real sample in every layout, checked for
# content (tests/e2e/viewcheck.py): each MPR view matches an independent resampling of the
# volume and not its mirror image, the 3D CT-Bone view lights bone and leaves soft tissue
# and the scan table black, and on the DICOM series the liver label lies on the screen's
# left (the patient's right) and the spleen on the screen's right.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
M=$(realpath "$1"); SHARED=$2
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
run_under_xvfb "$@"
PY=/usr/bin/python3
$PY -c 'import numpy, nibabel' 2>/dev/null || { echo "SKIP: python3-numpy/nibabel missing"; exit 77; }
DATA=$SHARED/data/totalseg
need_data "$DATA/example_ct.nii.gz"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0

shot() {  # name, then view arguments
    local name=$1; shift
    if ! "$M" view "$@" --screenshot "$T/$name.png" --test-mode > "$T/$name.log" 2>&1; then
        echo "FAIL: marrow view $* exited non-zero"; cat "$T/$name.log"; fail=1; return 1
    fi
}
check() {  # mode name volume [window level]
    local mode=$1 name=$2 vol=$3; shift 3
    echo "-- $name"
    $PY "$HERE/viewcheck.py" "$mode" "$T/$name.png" "$T/$name.log" "$vol" "$@" || fail=1
}

# 1. The embedded phantom (written to NIfTI by `marrow phantom` for the reference).
"$M" phantom "$T/phantom.nii.gz" > /dev/null
for layout in quad axial coronal sagittal; do
    shot phantom-$layout "" --layout $layout --window bone && check mpr phantom-$layout "$T/phantom.nii.gz" 1000 400
done
shot phantom-3d "" --layout 3d --preset ct-bone && check bone3d phantom-3d "$T/phantom.nii.gz"

# 2. The real CT (NIfTI), every layout, two windows. The slices pass through the most bone
#    (the plane along each axis with the most voxels above 300 HU), so the bone window has
#    bright bone to match.
CT=$DATA/example_ct.nii.gz
BONE=$($PY - "$CT" <<'PY'
import sys, numpy as np, nibabel as nib
img = nib.load(sys.argv[1]); v = np.asarray(img.dataobj) > 300
ijk = [int(np.argmax(v.sum(axis=tuple(a for a in range(3) if a != b)))) for b in range(3)]
ras = img.affine @ np.array(ijk + [1.0])
print(f"{-ras[0]:.3f},{-ras[1]:.3f},{ras[2]:.3f}")
PY
)
echo "-- bone-rich slices at LPS $BONE mm"
for layout in quad axial coronal sagittal; do
    shot ct-$layout "$CT" --layout $layout --window bone --size 1000x700 --slice "$BONE" &&
        check mpr ct-$layout "$CT" 1000 400 --min-bright 0.5
done
shot ct-soft "$CT" --layout axial --window soft-tissue && check mpr ct-soft "$CT" 350 40
shot ct-3d "$CT" --layout 3d --preset ct-bone && check bone3d ct-3d "$CT"
shot ct-quad3d "$CT" --layout quad --preset ct-bone && check bone3d ct-quad3d "$CT"
for preset in ct-aaa ct-soft-tissue ct-lung ct-muscle ct-mip; do
    shot ct-$preset "$CT" --layout 3d --preset $preset --size 400x300 || true
done

# 3. The DICOM series with its label map: anatomy on the correct side of the screen.
DICOM=$DATA/example_ct_dicom
SEG=$DATA/example_seg_dicom.nii.gz
need_data "$DICOM"
# A slice through both the liver (label 5) and the spleen (label 1), in LPS mm.
SLICE=$($PY - "$SEG" <<'PY'
import sys, numpy as np, nibabel as nib
img = nib.load(sys.argv[1]); lab = np.asarray(img.dataobj)
k = int(np.argmax([((lab[:, :, z] == 5).sum() > 500) * ((lab[:, :, z] == 1).sum() > 500) * (1 + z) for z in range(lab.shape[2])]))
c = np.argwhere(lab[:, :, k] > 0).mean(axis=0)
ras = img.affine @ np.array([c[0], c[1], k, 1.0])
print(f"{-ras[0]:.3f},{-ras[1]:.3f},{ras[2]:.3f}")
PY
)
echo "-- DICOM with labels, slice $SLICE"
for layout in axial coronal; do
    shot dicom-$layout "$DICOM" --seg "$SEG" --layout $layout --window soft-tissue --slice "$SLICE" || continue
    $PY "$HERE/labelside.py" "$T/dicom-$layout.png" "$layout" "$T/dicom-$layout.log" || fail=1
done
shot dicom-quad "$DICOM" --layout quad --window bone || true
exit $fail
