#!/bin/bash
# marrow convert on label maps: NIfTI <-> .seg.nrrd keeps voxels, names and colours; --onto
# checks (or with --resample fixes) the grid against an image.
set -u
marrow="$1"
shared="${2:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# A 4x3x2 raw NRRD with labels 0, 3 and 250, and a names file with colours.
python3 - "$tmp/in.nrrd" <<'PY'
import sys
data = bytes([0, 3, 3, 250] * 6)
hdr = ("NRRD0004\ntype: uint8\ndimension: 3\nspace: left-posterior-superior\nsizes: 4 3 2\n"
       "space directions: (0.5,0,0) (0,0.5,0) (0,0,2)\nencoding: raw\nspace origin: (-10,20,-30)\n\n")
open(sys.argv[1], "wb").write(hdr.encode() + data)
PY
printf 'label\tname\tr\tg\tb\n3\tleft kidney\t10\t20\t30\n250\tlesion\t255\t0\t0\n' > "$tmp/names.tsv"

"$marrow" convert "$tmp/in.nrrd" "$tmp/a.seg.nrrd" --labels "$tmp/names.tsv" >/dev/null 2>&1 || fail "to .seg.nrrd"
grep -aq "^Segment0_Name:=left kidney$" "$tmp/a.seg.nrrd" || fail "segment 0 name"
grep -aq "^Segment0_Color:=0.0392157 0.0784314 0.117647$" "$tmp/a.seg.nrrd" || fail "segment 0 colour"
grep -aq "^Segment1_LabelValue:=250$" "$tmp/a.seg.nrrd" || fail "segment 1 label value"
grep -aq "^space origin: (-10,20,-30)$" "$tmp/a.seg.nrrd" || fail "origin"
"$marrow" convert "$tmp/a.seg.nrrd" "$tmp/b.seg.nrrd" >/dev/null 2>&1 || fail ".seg.nrrd to .seg.nrrd"
cmp <(grep -a "^Segment" "$tmp/a.seg.nrrd") <(grep -a "^Segment" "$tmp/b.seg.nrrd") || fail "segment metadata changed on a round trip"

err=$("$marrow" convert "$tmp/in.nrrd" "$tmp/x.png" --labelmap 2>&1) && fail "png output accepted"
echo "$err" | grep -q "x.png: label maps are saved as .nii, .nii.gz or .seg.nrrd" || fail "bad output message: $err"

seg="$shared/data/totalseg/example_seg.nii.gz"
if [ -f "$seg" ]; then
    "$marrow" convert "$seg" "$tmp/ex.seg.nrrd" >/dev/null 2>&1 || fail "example_seg to .seg.nrrd"
    grep -aq "^Segment4_Name:=liver$" "$tmp/ex.seg.nrrd" || fail "liver segment"
    "$marrow" convert "$tmp/ex.seg.nrrd" "$tmp/back.nii.gz" >/dev/null 2>&1 || fail ".seg.nrrd to NIfTI"
    grep -q "^5	liver	" "$tmp/back.tsv" || fail "names TSV beside the NIfTI"
    out=$("$marrow" compare "$seg" "$tmp/back.nii.gz" --json "$tmp/c.json" 2>/dev/null) || fail "compare after round trip"
    python3 -c "import json,sys; r=json.load(open('$tmp/c.json'))['labels']; assert len(r)==41 and all(x['dice']==1.0 and x['hd95_mm']==0 for x in r), r" \
        || fail "round trip changed voxels"
    "$marrow" convert "$shared/data/totalseg/example_seg_dicom.nii.gz" "$tmp/d.seg.nrrd" --onto "$shared/data/totalseg/example_ct_dicom" >/dev/null \
        || fail "example_seg_dicom does not match the DICOM grid"
    err=$("$marrow" convert "$seg" "$tmp/e.nii.gz" --labelmap --onto "$shared/data/totalseg/example_ct.nii.gz" 2>&1) && fail "grid mismatch accepted"
    echo "$err" | grep -q "label map grid (122x101x30 voxels" || fail "mismatch message: $err"
    "$marrow" convert "$seg" "$tmp/e.nii.gz" --labelmap --onto "$shared/data/totalseg/example_ct.nii.gz" --resample >/dev/null 2>&1 \
        || fail "resample onto example_ct"
fi
echo "PASS"
