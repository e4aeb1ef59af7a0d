#!/usr/bin/python3
"""Dice of `marrow segment` against TotalSegmentator's bones, stage by stage.

usage: bone_dice.py MARROW SHARED_DIR [CT.nii.gz REF_SEG.nii.gz]

Runs the bone pipeline with more stages each time (threshold; + remove table; + min
island; + fill holes; + closing) and a few variants on the CT and prints the Dice of each
against the union of the reference's bone labels (vertebrae, ribs, hip, femur,
sacrum, humerus, scapula, clavicula, sternum, skull; names from labels_total.tsv).
Both images are brought to nibabel's closest canonical (RAS) orientation and must then
share one affine (a DICOM input is written on the DICOM grid, whose row order may be
flipped against the reference NIfTI), so voxels are compared directly.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

import nibabel
import numpy

BONES = ("vertebrae", "rib", "hip", "femur", "sacrum", "humerus", "scapula", "clavicula", "sternum", "skull")


def main():
    marrow, shared = sys.argv[1], sys.argv[2]
    data = os.path.join(shared, "data", "totalseg")
    ct = sys.argv[3] if len(sys.argv) > 3 else os.path.join(data, "example_ct_sm.nii.gz")
    ref_path = sys.argv[4] if len(sys.argv) > 4 else os.path.join(data, "example_seg.nii.gz")
    with open(os.path.join(data, "labels_total.tsv")) as f:
        ids = [int(r["label"]) for r in csv.DictReader(f, delimiter="\t") if r["name"].startswith(BONES)]
    ref_img = nibabel.as_closest_canonical(nibabel.load(ref_path))
    ref = numpy.isin(numpy.asarray(ref_img.dataobj), ids)
    t = ["--threshold", "150:3071"]
    base = t + ["--remove-table", "--min-island-mm3", "500", "--fill-holes", "--close-mm", "3"]
    runs = [
        ("threshold 150..3071", t),
        ("+ remove table", t + ["--remove-table"]),
        ("+ min island 500 mm3", t + ["--remove-table", "--min-island-mm3", "500"]),
        ("+ fill holes", t + ["--remove-table", "--min-island-mm3", "500", "--fill-holes"]),
        ("+ closing 3 mm (the sequence)", base),
        ("sequence, threshold 120", ["--threshold", "120:3071"] + base[2:]),
        ("sequence, threshold 200", ["--threshold", "200:3071"] + base[2:]),
        ("sequence, closing 2 mm", base[:-1] + ["2"]),
        ("sequence + median 3 mm", base + ["--median-mm", "3"]),
        ("sequence with keep largest", base + ["--keep-largest"]),
    ]
    print("| stages | voxels | reference voxels | Dice | seconds (segment) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in runs:
            out, rep = os.path.join(tmp, "bone.nii.gz"), os.path.join(tmp, "r.json")
            subprocess.run([marrow, "segment", ct, "-o", out, "--report", rep] + args, check=True,
                           stdout=subprocess.DEVNULL)
            img = nibabel.as_closest_canonical(nibabel.load(out))
            assert numpy.allclose(img.affine, ref_img.affine, atol=1e-3), (img.affine, ref_img.affine)
            seg = numpy.asarray(img.dataobj) > 0
            dice = 2.0 * (seg & ref).sum() / max(1, seg.sum() + ref.sum())
            secs = json.load(open(rep))["seconds"]["segment"]
            print(f"| {name} | {int(seg.sum())} | {int(ref.sum())} | {dice:.3f} | {secs:.3f} |")


if __name__ == "__main__":
    main()
