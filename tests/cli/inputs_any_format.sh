#!/usr/bin/env bash
# info / mesh / compare read every format any command reads (.nii, .seg.nrrd, .nrrd, a
# mask folder, 'phantom'); text from files is bytes (a Latin-1 NIfTI descrip and Latin-1
# label names give valid UTF-8 JSON, not a JSON library exception); mesh refuses a CT
# without --iso and more than 32 files without --all, and meshes negative labels.
set -u
marrow="$1"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
mk() { python3 "$here/lib/make_nifti.py" "$@" || { echo "FAIL: make_nifti $*"; exit 1; }; }
json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1" 2>/dev/null; }
run() {  # run <name> marrow-args...: must exit 0
    local name="$1"; shift
    "$marrow" "$@" >out.txt 2>err.txt || fail "$name: exit $? ($(head -c 300 err.txt))"
}

"$marrow" phantom CT.nii --size 24 --labels L.nii >/dev/null || { echo "FAIL: phantom"; exit 1; }
run "convert to .seg.nrrd" convert L.nii L.seg.nrrd
# A plain NRRD label volume (marrow writes only .seg.nrrd): header + raw bytes.
python3 - <<'PY'
data = bytes(1 if i < 4 and j < 6 else 0 for k in range(8) for j in range(8) for i in range(8))
hdr = ("NRRD0004\ntype: uint8\ndimension: 3\nsizes: 8 8 8\nspace: left-posterior-superior\n"
       "space directions: (2,0,0) (0,2,0) (0,0,2)\nspace origin: (0,0,0)\nencoding: raw\n\n")
open("plain.nrrd", "wb").write(hdr.encode() + data)
PY
mkdir masks && cp L.nii masks/bone.nii

# Every reader through the one dispatch.
for input in L.nii L.seg.nrrd plain.nrrd masks phantom; do
    run "info $input" info "$input"
    json_ok out.txt || fail "info $input: not JSON"
    grep -q '"dims"' out.txt || fail "info $input: no dims"
    [ "$input" = phantom ] && continue
    run "mesh $input" mesh "$input" -o "m_$(basename $input).stl"
    run "compare $input itself" compare "$input" "$input" --no-distances
    grep -qE '^1 .* 1\.0000 ' out.txt || fail "compare $input $input: Dice is not 1: $(cat out.txt)"
done
for input in L.seg.nrrd masks; do
    run "compare L.nii $input" compare L.nii "$input" --no-distances
    grep -qE '^1 +bone +1\.0000 ' out.txt || fail "compare L.nii $input: Dice is not 1: $(cat out.txt)"
done
# 'phantom' is its bone label map (256^3): a clean one-line refusal against the 24^3 map.
"$marrow" compare phantom L.nii >out.txt 2>err.txt
[ $? -eq 1 ] && [ "$(wc -l <err.txt)" -eq 1 ] && grep -q "grid" err.txt || fail "compare phantom vs 24^3: $(cat err.txt)"

# Latin-1 bytes: a NIfTI descrip "Müller, épaule" and a label name "fémur".
mk latin1.nii 8 int16 "(i // 4) + 2 * (j // 4)" "4dfc6c6c65722c20e97061756c65"
run "info Latin-1 descrip" info latin1.nii
json_ok out.txt || fail "info Latin-1: JSON is not valid UTF-8"
grep -q '"description": "Müller, épaule"' out.txt || fail "info Latin-1: descrip not shown as Latin-1: $(grep descrip out.txt)"
printf '1\tf\xe9mur\n2\tc\xf4te\n3\tbassin\n' >latin1_names.tsv
run "compare --json Latin-1 names" compare latin1.nii latin1.nii --labels latin1_names.tsv --json c.json
json_ok c.json || fail "compare --json Latin-1: not valid UTF-8 JSON"
grep -q '"name": "fémur"' c.json || fail "compare --json: Latin-1 name lost: $(grep name c.json)"

# mesh: a CT without --iso is refused clearly (was: 835 STL files for a 64^3 phantom).
"$marrow" mesh CT.nii -o ct.stl >out.txt 2>err.txt
[ $? -eq 1 ] && [ "$(wc -l <err.txt)" -eq 1 ] && grep -q "looks like a CT, not a label map.*--iso" err.txt ||
    fail "mesh CT: $(cat err.txt)"
[ -z "$(ls ct*.stl 2>/dev/null)" ] || fail "mesh CT wrote files"
run "mesh CT --iso" mesh CT.nii --iso 300 -o ct.stl

# 40 labels: refused without --all, 40 files with it, one with --single-file.
mk forty.nii 20 uint8 "min(40, 1 + (i // 4) + 5 * (j // 4) + 25 * (k // 10))"
"$marrow" mesh forty.nii -o many.stl >out.txt 2>err.txt
[ $? -eq 1 ] && grep -q "40 labels would be 40 STL files (more than 32): use --all" err.txt || fail "40 labels: $(cat err.txt)"
[ -z "$(ls many*.stl 2>/dev/null)" ] || fail "refused mesh wrote files"
run "mesh --all" mesh forty.nii --all -o many.stl
[ "$(ls many_*.stl | wc -l)" -eq 40 ] || fail "--all did not write 40 files"
run "mesh --single-file" mesh forty.nii --single-file -o one.stl
"$marrow" mesh --help | grep -q "at most 32" || fail "mesh --help does not document the limit"

# Negative labels (UBSan: labelColour indexed before its table).
mk negative.nii 8 int16 "-3 if i < 4 else (5 if j < 4 else 0)"
run "mesh negative labels" mesh negative.nii --single-file -o neg.ply
grep -q "^element face" neg.ply || fail "negative labels: no PLY faces"

[ $failures -eq 0 ] || exit 1
echo "ok"
