#!/usr/bin/env bash
# marrow segment --stl: the bone sequence on the real CT (the DICOM series and the 3 mm
# NIfTI crop) writes an STL that opens in admesh with no open edges, and whose bounding
# box equals the physical LPS bounding box of the written bone mask within one voxel.
# Smoothing and decimation keep it closed. Args: $1 marrow, $2 shared folder.
# Exit 77 (skip) without admesh, nibabel or the data (a failure under CI=true).
set -euo pipefail
MARROW=$1
SHARED=${2:-}
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
missing() { [ "${CI:-}" = true ] && { echo "$1 missing under CI"; exit 1; }; echo "skip: $1 missing"; exit 77; }
command -v admesh >/dev/null || missing admesh
"$PY" -c "import nibabel, numpy" 2>/dev/null || missing python3-nibabel
DATA="$SHARED/data/totalseg"
[ -d "$DATA/example_ct_dicom" ] || missing "$DATA/example_ct_dicom"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
source "$(dirname "$0")/lib/stl_check.sh"

SEQUENCE=(--remove-table --threshold 150:3071 --min-island-mm3 500 --fill-holes --close-mm 3)
for ct in "$DATA/example_ct_dicom" "$DATA/example_ct_sm.nii.gz"; do
    "$MARROW" segment "$ct" -o "$TMP/bone.nii.gz" "${SEQUENCE[@]}" --stl "$TMP/bone.stl" --report "$TMP/r.json" \
        | tee "$TMP/out.txt"
    grep -qE "^bone +[0-9]+ triangles .* closed yes manifold yes" "$TMP/out.txt" || { echo "FAIL: no closed-manifold report line"; exit 1; }
    grep -q "wrote $TMP/bone.stl (STL, 1 segment(s), LPS millimetres" "$TMP/out.txt" || { echo "FAIL: no 'wrote' line"; exit 1; }
    "$PY" - "$TMP" "$TMP/bone.nii.gz" "$TMP/r.json" <<'PY'
import json, sys, numpy as np, nibabel as nib
sys.path.insert(0, sys.argv[1]); from bounds import lps_bounds
img = nib.load(sys.argv[2])
mask = np.asarray(img.dataobj) == 1
r = json.load(open(sys.argv[3]))
assert r["stl"]["triangles"] > 1000 and int(mask.sum()) == r["segment"]["voxels"], r
lo, hi = lps_bounds(mask, img.affine)
vox = float(max(img.header.get_zooms()[:3]))
open(sys.argv[1] + "/box.txt", "w").write(" ".join(f"{v:.4f}" for v in (lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])) + f" {vox}")
PY
    check_stl "$TMP/bone.stl" "$TMP/box.txt"
done

# Smoothed, decimated, and both: still no open edges. (Both together on this CT leave
# non-manifold vertices, 15 parts from 24: a decimation finding, seen with `marrow mesh`
# too; so only "closed" is required of the combination.)
for opts in "--smooth 20" "--decimate 0.5" "--smooth 20 --decimate 0.5"; do
    # shellcheck disable=SC2086
    "$MARROW" segment "$DATA/example_ct_sm.nii.gz" -o "$TMP/bone.nii.gz" "${SEQUENCE[@]}" --stl "$TMP/smooth.stl" \
        $opts > "$TMP/out.txt"
    want="closed yes manifold yes"; [ "$opts" = "--smooth 20 --decimate 0.5" ] && want="closed yes"
    grep -q "$want" "$TMP/out.txt" || { echo "FAIL: $opts: not '$want'"; cat "$TMP/out.txt"; exit 1; }
    admesh "$TMP/smooth.stl" | grep -qE "Facets with 1 disconnected edge +: +0 " || { echo "FAIL: open edges with $opts"; exit 1; }
done

# Bad options: one-line errors, nothing written.
if "$MARROW" segment phantom -o "$TMP/x.nii.gz" --stl "$TMP/x.obj" 2> "$TMP/err.txt"; then echo "FAIL: .obj accepted"; exit 1; fi
grep -q "x.obj" "$TMP/err.txt"
if "$MARROW" segment phantom -o "$TMP/x.nii.gz" --stl "$TMP/x.stl" --decimate 0 2> "$TMP/err.txt"; then echo "FAIL: --decimate 0 accepted"; exit 1; fi
grep -q -- "--decimate" "$TMP/err.txt"
if "$MARROW" segment phantom -o "$TMP/x.nii.gz" --smooth 5 2> /dev/null; then echo "FAIL: --smooth without --stl accepted"; exit 1; fi
[ ! -e "$TMP/x.nii.gz" ] && [ ! -e "$TMP/x.stl" ] || { echo "FAIL: output written despite an error"; exit 1; }
echo PASS
