#!/usr/bin/env bash
# DICOM-SEG export and import on the real CT (TotalSegmentator sample: example_ct_dicom and
# its label map example_seg_dicom.nii.gz, stored RAS-first over the LPS series):
#   1. `marrow convert LABELS out.dcm --reference CT_DIR` writes a SEG;
#   2. dciodvfy (dicom3tools) reports no Error. Its only warnings are "Missing attribute or
#      value that would be needed to build DICOMDIR" for Patient ID / Study ID: the sample
#      is de-identified (those are empty in the source and type 2 in the IOD);
#   3. pydicom reads it independently: every frame's bits, placed by ImagePositionPatient
#      through nibabel's affine of the original NIfTI, equal that label's voxels there,
#      each label's voxel count matches, and SegmentLabel is the TotalSegmentator name;
#   4. the round trip labels -> SEG -> labels through marrow is exact (voxels, names;
#      colours within 1 of 255 after CIELab rounding);
#   5. a FRACTIONAL SEG (pydicom turns the BINARY one into 8-bit values: 255 or 128 inside,
#      0 or 127 outside, MaximumFractionalValue 255) reads as the same labels (>= 50%).
set -euo pipefail
MARROW=$1
SHARED=$2
DATA=$SHARED/data/totalseg
if [ ! -d "$DATA/example_ct_dicom" ]; then
    [ "${CI:-}" = true ] && { echo "sample missing under CI: $DATA"; exit 1; }
    echo "skip: $DATA not found"; exit 77
fi
PY=/usr/bin/python3
if ! "$PY" -c 'import pydicom, numpy, nibabel' 2>/dev/null || ! command -v dciodvfy >/dev/null; then
    [ "${CI:-}" = true ] && { echo "python3-pydicom/numpy/nibabel or dciodvfy (dicom3tools) missing under CI"; exit 1; }
    echo "skip: needs python3-pydicom, python3-numpy, python3-nibabel and dciodvfy"; exit 77
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CT=$DATA/example_ct_dicom
LABELS=$DATA/example_seg_dicom.nii.gz

"$MARROW" convert "$LABELS" "$WORK/seg.dcm" --reference "$CT" --seg-algorithm AUTOMATIC \
    --seg-algorithm-name TotalSegmentator 2>"$WORK/convert.err"
dciodvfy "$WORK/seg.dcm" >"$WORK/dciodvfy.txt" 2>&1 || true
cat "$WORK/dciodvfy.txt"
if grep -q "Error" "$WORK/dciodvfy.txt"; then echo "FAIL: dciodvfy reports errors"; exit 1; fi
if grep "^Warning" "$WORK/dciodvfy.txt" | grep -v "needed to build DICOMDIR - \(Patient ID\|Study ID\)"; then
    echo "FAIL: unexpected dciodvfy warnings"; exit 1
fi

"$PY" - "$WORK/seg.dcm" "$LABELS" "$DATA/labels_total.tsv" <<'PYEOF'
import sys
import numpy as np, nibabel as nib, pydicom
seg_path, labels_path, names_path = sys.argv[1:4]
ds = pydicom.dcmread(seg_path)
assert ds.SOPClassUID == "1.2.840.10008.5.1.4.1.1.66.4" and ds.SegmentationType == "BINARY"
rows, cols, n = int(ds.Rows), int(ds.Columns), int(ds.NumberOfFrames)
bits = np.unpackbits(np.frombuffer(ds.PixelData, np.uint8), bitorder="little")[: rows * cols * n]
frames = bits.reshape(n, rows, cols)
img = nib.load(labels_path)
lab = np.asarray(img.dataobj).astype(np.int64)
inv = np.linalg.inv(img.affine)
names = dict(l.rstrip("\n").split("\t")[:2] for l in open(names_path) if l[0].isdigit())
shared = ds.SharedFunctionalGroupsSequence[0]
iop = np.array([float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient])
row_sp, col_sp = (float(v) for v in shared.PixelMeasuresSequence[0].PixelSpacing)
value_of = {}
for s in ds.SegmentSequence:
    value = int(str(s.SegmentDescription).split()[1])  # Marrow records the label value there
    assert s.SegmentLabel == names[str(value)], (s.SegmentLabel, names[str(value)])
    value_of[int(s.SegmentNumber)] = value
r, c = np.mgrid[0:rows, 0:cols]
counts = {}
for f, item in enumerate(ds.PerFrameFunctionalGroupsSequence):
    number = int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
    ipp = np.array([float(v) for v in item.PlanePositionSequence[0].ImagePositionPatient])
    lps = ipp[None, None, :] + c[..., None] * col_sp * iop[None, None, :3] + r[..., None] * row_sp * iop[None, None, 3:]
    ras = lps * np.array([-1, -1, 1])
    ijk = np.einsum("ab,rcb->rca", inv[:3, :3], ras) + inv[:3, 3]
    idx = np.rint(ijk).astype(int)
    assert np.abs(ijk - idx).max() < 1e-3, "frame %d is off the NIfTI grid" % f
    truth = lab[idx[..., 0], idx[..., 1], idx[..., 2]] == value_of[number]
    assert np.array_equal(truth, frames[f].astype(bool)), "frame %d differs" % f
    counts[number] = counts.get(number, 0) + int(frames[f].sum())
for number, value in value_of.items():
    assert counts.get(number, 0) == int((lab == value).sum()), "segment %d voxel count" % number
print("pydicom: %d segments, %d frames match the NIfTI voxels and names" % (len(value_of), n))
PYEOF

# Round trip through marrow: the SEG read back onto the CT equals the labels placed there directly.
"$MARROW" convert "$LABELS" "$WORK/direct.nii.gz" --onto "$CT" 2>/dev/null
"$MARROW" convert "$WORK/seg.dcm" "$WORK/back.nii.gz" --reference "$CT" 2>/dev/null
"$PY" - "$WORK/direct.nii.gz" "$WORK/back.nii.gz" "$WORK/direct.tsv" "$WORK/back.tsv" <<'PYEOF'
import sys
import numpy as np, nibabel as nib
a, b = (nib.load(p) for p in sys.argv[1:3])
assert np.allclose(a.affine, b.affine), (a.affine, b.affine)
assert np.array_equal(np.asarray(a.dataobj), np.asarray(b.dataobj)), "voxels differ after the round trip"
def table(p):
    return {l.split("\t")[0]: l.rstrip("\n").split("\t")[1:] for l in open(p) if l[0].isdigit()}
ta, tb = table(sys.argv[3]), table(sys.argv[4])
present = {str(v) for v in np.unique(np.asarray(a.dataobj)) if v}
for v in present:
    assert ta[v][0] == tb[v][0], (v, ta[v], tb[v])
    assert all(abs(int(x) - int(y)) <= 1 for x, y in zip(ta[v][1:4], tb[v][1:4])), (v, ta[v], tb[v])
print("round trip exact: %d labels" % len(present))
PYEOF

"$PY" - "$WORK/seg.dcm" "$WORK/fractional.dcm" <<'PYEOF'
import sys
import numpy as np, pydicom
ds = pydicom.dcmread(sys.argv[1])
rows, cols, n = int(ds.Rows), int(ds.Columns), int(ds.NumberOfFrames)
on = np.unpackbits(np.frombuffer(ds.PixelData, np.uint8), bitorder="little")[: rows * cols * n].astype(bool)
rng = np.random.default_rng(7)
values = np.where(on, np.where(rng.random(on.size) < 0.5, 255, 128), np.where(rng.random(on.size) < 0.5, 0, 127))
ds.SegmentationType = "FRACTIONAL"
ds.SegmentationFractionalType = "PROBABILITY"
ds.MaximumFractionalValue = 255
ds.BitsAllocated, ds.BitsStored, ds.HighBit = 8, 8, 7
ds.PixelData = values.astype(np.uint8).tobytes()
ds.save_as(sys.argv[2])
PYEOF
"$MARROW" convert "$WORK/fractional.dcm" "$WORK/fractional.nii.gz" --reference "$CT" 2>/dev/null
"$PY" - "$WORK/back.nii.gz" "$WORK/fractional.nii.gz" <<'PYEOF'
import sys
import numpy as np, nibabel as nib
a, b = (np.asarray(nib.load(p).dataobj) for p in sys.argv[1:3])
assert np.array_equal(a, b), "FRACTIONAL SEG read differently from the BINARY one"
print("FRACTIONAL SEG thresholded at 50%: same labels")
PYEOF
echo "PASS"
