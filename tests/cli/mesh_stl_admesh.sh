#!/usr/bin/env bash
# marrow mesh -> STL opens in admesh with no open edges, nothing fixed or reversed, and
# its bounding box equals the mask's physical LPS bounding box within one voxel.
#   1. a synthetic oblique two-label mask written with nibabel (RAS affine in the file);
#   2. the real CT's bone (>= 150 HU, ../shared/data/totalseg/example_ct.nii.gz) via --iso.
# Args: $1 marrow binary, $2 shared folder. Exit 77 (skip) without admesh or nibabel.
set -euo pipefail
MARROW=$1
SHARED=${2:-}
# Debian's python3 (a pyenv shim earlier on PATH may lack numpy/nibabel).
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
missing() { [ "${CI:-}" = true ] && { echo "$1 missing under CI"; exit 1; }; echo "skip: $1 missing"; exit 77; }
command -v admesh >/dev/null || missing admesh
"$PY" -c "import nibabel, numpy" 2>/dev/null || missing python3-nibabel
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# check_stl STL BOXFILE and $TMP/bounds.py (lps_bounds) come from the shared helper.
source "$(dirname "$0")/lib/stl_check.sh"

# 1. Synthetic oblique mask: label 1 a ball, label 2 a box touching the ball by an edge.
"$PY" - "$TMP" <<'PY'
import sys, numpy as np, nibabel as nib
sys.path.insert(0, sys.argv[1]); from bounds import lps_bounds
n = (40, 36, 30)
a = np.zeros(n, np.uint8)
i, j, k = np.indices(n)
a[(i - 15) ** 2 + (j - 16) ** 2 + ((k - 14) * 1.5) ** 2 <= 81] = 1
a[26:34, 8:20, 5:12] = 2
c, s = np.cos(0.3), np.sin(0.3)
aff = np.array([[0.8 * c, -0.9 * s, 0, -20], [0.8 * s, 0.9 * c, 0, 35], [0, 0, 1.2, -7], [0, 0, 0, 1]])
nib.save(nib.Nifti1Image(a, aff), sys.argv[1] + "/labels.nii.gz")
for lab in (1, 2):
    lo, hi = lps_bounds(a == lab, aff)
    open(f"{sys.argv[1]}/box{lab}.txt", "w").write(" ".join(f"{v:.4f}" for v in (lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])) + " 1.2")
PY
"$MARROW" mesh "$TMP/labels.nii.gz" --all -o "$TMP/seg.stl" | tee "$TMP/out.txt"
grep -q "one STL file per label" "$TMP/out.txt"
grep -q "closed yes manifold yes" "$TMP/out.txt"
check_stl "$TMP/seg_1.stl" "$TMP/box1.txt"
check_stl "$TMP/seg_2.stl" "$TMP/box2.txt"
# Smoothed and decimated output is still a clean closed surface.
"$MARROW" mesh "$TMP/labels.nii.gz" --label 1 --smooth 20 --decimate 0.5 -o "$TMP/smooth.stl" > /dev/null
admesh "$TMP/smooth.stl" | grep -qE "Facets with 1 disconnected edge +: +0 "
# Bad input: one-line error, non-zero exit.
if "$MARROW" mesh "$TMP/labels.nii.gz" -o "$TMP/x.vtk" 2> "$TMP/err.txt"; then echo "FAIL: .vtk accepted"; exit 1; fi
grep -q "x.vtk" "$TMP/err.txt"

# 2. Real CT bone (>= 150 HU).
CT="$SHARED/data/totalseg/example_ct.nii.gz"
if [ -f "$CT" ]; then
    "$PY" - "$TMP" "$CT" <<'PY'
import sys, numpy as np, nibabel as nib
sys.path.insert(0, sys.argv[1]); from bounds import lps_bounds
img = nib.load(sys.argv[2])
lo, hi = lps_bounds(np.asarray(img.dataobj) >= 150, img.affine)
vox = float(max(img.header.get_zooms()[:3]))
open(sys.argv[1] + "/bone.txt", "w").write(" ".join(f"{v:.4f}" for v in (lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])) + f" {vox}")
PY
    "$MARROW" mesh "$CT" --iso 150 -o "$TMP/bone.stl"
    check_stl "$TMP/bone.stl" "$TMP/bone.txt"
else
    echo "real CT not found ($CT): skipped that part"
fi
echo PASS
