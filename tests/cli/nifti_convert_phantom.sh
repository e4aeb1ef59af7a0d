#!/usr/bin/env bash
# marrow phantom / convert: good paths write NIfTI files that nibabel (when installed)
# reads with the geometry we promise; bad inputs give one line naming the file and exit 1.
# Args: $1 = marrow binary, $2 = shared data folder.
set -euo pipefail
MARROW=$1
SHARED=$2
DATA=$SHARED/data/totalseg
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Expects: exit status 1, exactly one stderr line, starting "marrow: error: <file>: " and containing <text>.
expect_error() {
  local file=$1 text=$2; shift 2
  set +e; "$MARROW" "$@" >"$T/out" 2>"$T/err"; local rc=$?; set -e
  [ "$rc" -eq 1 ] || fail "$*: exit $rc, expected 1"
  [ "$(wc -l <"$T/err")" -eq 1 ] || fail "$*: expected one error line, got: $(cat "$T/err")"
  grep -qF "marrow: error: $file: " "$T/err" || fail "$*: error does not name $file: $(cat "$T/err")"
  grep -qF "$text" "$T/err" || fail "$*: error lacks '$text': $(cat "$T/err")"
}

# --- phantom: CT and labels, deterministic
"$MARROW" phantom "$T/ph.nii.gz" --labels "$T/bones.nii" --size 64 --seed 3 >/dev/null
"$MARROW" phantom "$T/ph2.nii.gz" --size 64 --seed 3 >/dev/null
cmp -s <(gzip -dc "$T/ph.nii.gz") <(gzip -dc "$T/ph2.nii.gz") || fail "phantom not deterministic"
[ -s "$T/bones.nii" ] || fail "labels not written"
# The label map is named: "1 bone" in a TSV beside it and in the header, so reading it back
# does not fall back to the TotalSegmentator table (where label 1 is "spleen").
[ "$(tail -n +2 "$T/bones.tsv" | cut -f1,2)" = "$(printf '1\tbone')" ] || fail "bones.tsv: $(cat "$T/bones.tsv" 2>&1)"
rm "$T/bones.tsv"  # the header's label table alone must name it too
"$MARROW" convert "$T/bones.nii" "$T/bones.seg.nrrd" >/dev/null || fail "convert the phantom labels"
grep -aq "^Segment0_Name:=bone$" "$T/bones.seg.nrrd" || fail "phantom label 1 read back as $(grep -a '^Segment0_Name' "$T/bones.seg.nrrd")"
expect_error "$T/ph.png" "must end in .nii or .nii.gz" phantom "$T/ph.png"

# --- convert: phantom and NIfTI round trip
"$MARROW" convert phantom "$T/conv.nii" >/dev/null
"$MARROW" convert "$T/ph.nii.gz" "$T/again.nii" >/dev/null
cmp -s <(gzip -dc "$T/ph.nii.gz") "$T/again.nii" || fail "convert .nii.gz -> .nii changed the bytes"

# --- bad inputs
expect_error "$T/none.nii.gz" "no such file" convert "$T/none.nii.gz" "$T/x.nii"
head -c 3000 /dev/urandom >"$T/junk.nii.gz"
expect_error "$T/junk.nii.gz" "not a gzip file" convert "$T/junk.nii.gz" "$T/x.nii"
printf 'garbage%.0s' {1..100} >"$T/junk.nii"
expect_error "$T/junk.nii" "not a valid NIfTI file" convert "$T/junk.nii" "$T/x.nii"
head -c 2000 "$T/again.nii" >"$T/short.nii"
expect_error "$T/short.nii" "need 524288 bytes but the file holds 1648" convert "$T/short.nii" "$T/x.nii"
expect_error "$T/out.txt" "must end in .nii or .nii.gz" convert phantom "$T/out.txt"
[ ! -e "$T/x.nii" ] || fail "a failed convert left an output file"

if [ ! -d "$DATA" ]; then
  [ "${CI:-}" = true ] && fail "shared data missing under CI: $DATA"
  echo "shared data not found ($DATA); real-file checks skipped"; exit 0
fi
head -c 1000000 "$DATA/example_ct.nii.gz" >"$T/cut.nii.gz"
expect_error "$T/cut.nii.gz" "truncated or corrupt" convert "$T/cut.nii.gz" "$T/x.nii.gz"

# --- every shared NIfTI converts; nibabel (an independent reader) agrees on the affine
# and the voxels of what we wrote.
for f in "$DATA"/*.nii.gz; do
  "$MARROW" convert "$f" "$T/$(basename "$f")" >/dev/null || fail "convert $f"
done
if /usr/bin/python3 -c 'import nibabel' 2>/dev/null; then
  /usr/bin/python3 - "$DATA" "$T" <<'PY' || fail "nibabel disagrees with a converted file"
import sys, glob, os
import numpy as np, nibabel as nib
src, out = sys.argv[1], sys.argv[2]
for f in sorted(glob.glob(os.path.join(src, '*.nii.gz'))):
    a, b = nib.load(f), nib.load(os.path.join(out, os.path.basename(f)))
    assert np.allclose(a.affine, b.affine, atol=1e-5), (f, a.affine, b.affine)
    assert np.array_equal(np.asanyarray(a.dataobj), np.asanyarray(b.dataobj)), f
ph = nib.load(os.path.join(out, '..', os.path.basename(out), 'ph.nii.gz'))
# Phantom: identity LPS direction -> RAS affine diag(-s, -s, s), centred on 0.
s = 400.0 / 64
want = np.diag([-s, -s, s, 1.0]); want[:3, 3] = [31.5 * s, 31.5 * s, -31.5 * s]
assert np.allclose(ph.affine, want, atol=1e-5), ph.affine
PY
else
  echo "python3-nibabel not installed: independent affine check skipped"
fi
echo OK
