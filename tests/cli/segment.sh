#!/usr/bin/env bash
# marrow segment: absurd parameters fail with one line and a non-zero exit; a run on the
# embedded phantom writes labels on the input grid and a report with steps in order.
set -u
marrow="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

expect_error() {  # expect_error <what-the-message-must-name> args...
    local name="$1"; shift
    if "$marrow" segment "$@" >"$tmp/out" 2>"$tmp/err"; then fail "accepted: $*"; fi
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line for '$*': $(cat "$tmp/err")"
    grep -q -- "$name" "$tmp/err" || fail "message for '$*' does not name $name: $(cat "$tmp/err")"
}
expect_error "--threshold" phantom -o "$tmp/x.nii.gz" --threshold 500:100
expect_error "--threshold" phantom -o "$tmp/x.nii.gz" --threshold 100
expect_error "--keep-at" phantom -o "$tmp/x.nii.gz" --keep-at 1,2
expect_error "--keep-at" phantom -o "$tmp/x.nii.gz" --keep-at 1,2,abc
expect_error "--close-mm" phantom -o "$tmp/x.nii.gz" --close-mm=-1
expect_error "--crop-box" phantom -o "$tmp/x.nii.gz" --crop-box 1,2,3
expect_error "--connectivity" phantom -o "$tmp/x.nii.gz" --connectivity 8
expect_error "x.vtk" phantom -o "$tmp/x.vtk"
expect_error "no such file" "$tmp/missing.nii.gz" -o "$tmp/x.nii.gz"
[ ! -e "$tmp/x.nii.gz" ] || fail "an output was written despite the error"

# Slicer's .seg.nrrd output carries the segment's name and label value.
"$marrow" segment phantom -o "$tmp/bone.seg.nrrd" >/dev/null || fail ".seg.nrrd output failed"
head -c 4096 "$tmp/bone.seg.nrrd" | grep -a -q "Segment0_Name:=bone" || fail ".seg.nrrd lacks Segment0_Name"
head -c 4096 "$tmp/bone.seg.nrrd" | grep -a -q "Segment0_LabelValue:=1" || fail ".seg.nrrd lacks Segment0_LabelValue"

"$marrow" segment phantom -o "$tmp/bone.nii.gz" --remove-table --threshold 150:3071 --keep-largest \
    --min-island-mm3 100 --fill-holes --close-mm 1.5 --median-mm 1.5 --report "$tmp/r.json" \
    || fail "phantom run failed"
# Debian's python3 has numpy/nibabel (a pyenv python on PATH may not).
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
"$py" - "$tmp/r.json" "$tmp/bone.nii.gz" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
names = [s["name"] for s in r["steps"]]
want = ["remove-table", "threshold", "keep-largest", "min-island", "fill-holes", "close", "median"]
assert names == want, names
assert r["volume_ml"] > 0 and all(s["seconds"] >= 0 for s in r["steps"]), r
try:
    import nibabel, numpy
except ImportError:
    sys.exit(0)
img = nibabel.load(sys.argv[2])
data = numpy.asarray(img.dataobj)
assert list(data.shape) == r["dims"], (data.shape, r["dims"])
assert set(numpy.unique(data)) <= {0, 1}
assert int((data == 1).sum()) == r["segment"]["voxels"]
PY
echo "ok"
