#!/bin/bash
# marrow compare on synthetic label maps with hand-computed results (see seg/compare.h):
# a 10^3 cube against the cube eroded by one voxel, 1 mm voxels:
#   Dice = 1024/1512 = 0.677249, volumes 1.000 / 0.512 mL, HD95 = sqrt(2) = 1.41421 mm.
# Then bad input (other grid, missing file) must fail with one clear line.
set -u
marrow="$1"
shared="${2:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Raw NRRD writer (stdlib python): cube [lo,hi]^3 of label 1 in a 12^3 grid.
cube() {
    python3 - "$1" "$2" "$3" "$4" <<'PY'
import sys
path, lo, hi, sz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
n = 12
data = bytearray(n * n * n)
for k in range(lo, hi + 1):
    for j in range(lo, hi + 1):
        for i in range(lo, hi + 1):
            data[i + n * (j + n * k)] = 1
hdr = ("NRRD0004\ntype: unsigned char\ndimension: 3\nspace: left-posterior-superior\nsizes: 12 12 12\n"
       "space directions: (1,0,0) (0,1,0) (0,0,%s)\nkinds: domain domain domain\nencoding: raw\n"
       "space origin: (0,0,0)\n\n" % sz)
open(path, "wb").write(hdr.encode() + bytes(data))
PY
}
cube "$tmp/a.nrrd" 1 10 1 || fail "cannot write test input"
cube "$tmp/b.nrrd" 2 9 1
cube "$tmp/c.nrrd" 2 9 2
printf 'label\tname\n1\tcube\n' > "$tmp/names.tsv"

out=$("$marrow" compare "$tmp/a.nrrd" "$tmp/b.nrrd" --labels "$tmp/names.tsv" --json "$tmp/r.json" 2>&1) || fail "compare failed: $out"
echo "$out"
echo "$out" | grep -Eq '^1 +cube +0\.6772 +1\.000 +0\.512 +-0\.488 +1\.41 +1\.73$' || fail "unexpected table row"
python3 - "$tmp/r.json" <<'PY' || fail "unexpected JSON"
import json, math, sys
r = json.load(open(sys.argv[1]))["labels"]
assert len(r) == 1, r
x = r[0]
assert x["name"] == "cube" and x["voxels_a"] == 1000 and x["voxels_b"] == 512 and x["voxels_both"] == 512, x
assert abs(x["dice"] - 1024 / 1512) < 1e-12, x
assert abs(x["hd95_mm"] - math.sqrt(2)) < 1e-6 and abs(x["hd_mm"] - math.sqrt(3)) < 1e-6, x
assert abs(x["volume_diff_ml"] + 0.488) < 1e-12, x
PY

# Without a names file, values within 1..117 take the built-in TotalSegmentator names (1 = spleen), and say so.
same=$("$marrow" compare "$tmp/a.nrrd" "$tmp/a.nrrd" 2>"$tmp/notes") || fail "compare identical failed"
echo "$same" | grep -Eq '^1 +spleen +1\.0000 .* 0\.00 +0\.00$' || fail "identical inputs: $same"
grep -q "built-in TotalSegmentator" "$tmp/notes" || fail "built-in table not reported"

err=$("$marrow" compare "$tmp/a.nrrd" "$tmp/c.nrrd" 2>&1) && fail "different grids accepted"
echo "$err" | grep -q "c.nrrd: label map grid (12x12x12 voxels, spacing 1/1/2 mm" || fail "grid message: $err"
[ "$(echo "$err" | wc -l)" -eq 1 ] || fail "error is not one line: $err"
err=$("$marrow" compare "$tmp/a.nrrd" "$tmp/missing.nii.gz" 2>&1) && fail "missing file accepted"
echo "$err" | grep -q "missing.nii.gz: no such file" || fail "missing-file message: $err"

# Real TotalSegmentator output against itself (needs the shared data).
seg="$shared/data/totalseg/example_seg.nii.gz"
if [ -f "$seg" ]; then
    real=$("$marrow" compare "$seg" "$seg" --only liver,spleen 2>/dev/null) || fail "compare on real data failed"
    echo "$real"
    echo "$real" | grep -Eq '^5 +liver +1\.0000 +' || fail "real data: liver row"
    echo "$real" | grep -Eq '^1 +spleen +1\.0000 +' || fail "real data: spleen row"
fi
echo "PASS"
