#!/usr/bin/env bash
# `marrow info` on the real JPEG 2000 CT series agrees with an independent decode:
# pydicom reads the headers, numpy sorts the slices along the normal and applies the
# rescale, `gdcmraw -P` decompresses the pixel data (pydicom 2.3 on Debian 12 has no
# JPEG 2000 handler without Pillow/GDCM bindings). Compares geometry, min/max and 60
# voxels (4 fixed, 56 random with a fixed seed). k counts slices sorted ascending along
# the slice normal (row x column = +z here), i.e. k=0 is the most inferior slice
# (z = -804.5), which is the LAST file in file-name order.
set -euo pipefail
MARROW=$1
SHARED=$2
SERIES=$SHARED/data/totalseg/example_ct_dicom
if [ ! -d "$SERIES" ]; then
    [ "${CI:-}" = true ] && { echo "sample missing under CI: $SERIES"; exit 1; }
    echo "skip: $SERIES not found"; exit 77
fi
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if ! "$PY" -c 'import pydicom, numpy' 2>/dev/null || ! command -v gdcmraw >/dev/null; then
    [ "${CI:-}" = true ] && { echo "python3-pydicom/python3-numpy/gdcmraw missing under CI"; exit 1; }
    echo "skip: needs python3-pydicom, python3-numpy and gdcmraw"; exit 77
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$PY" - "$MARROW" "$SERIES" "$WORK" <<'PYEOF'
import glob, json, os, subprocess, sys
import numpy as np
import pydicom

marrow, series, work = sys.argv[1:4]
files = sorted(glob.glob(os.path.join(series, "*")))
slices = []
for n, f in enumerate(files):
    ds = pydicom.dcmread(f)
    iop = np.array([float(v) for v in ds.ImageOrientationPatient])
    ipp = np.array([float(v) for v in ds.ImagePositionPatient])
    normal = np.cross(iop[:3], iop[3:])
    raw = os.path.join(work, "px%d.raw" % n)
    subprocess.run(["gdcmraw", "-i", f, "-P", "-o", raw], check=True)
    dtype = np.int16 if int(ds.PixelRepresentation) else np.uint16
    px = np.fromfile(raw, dtype=dtype).reshape(int(ds.Rows), int(ds.Columns))
    hu = np.rint(px.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept))
    slices.append((float(np.dot(ipp, normal)), ipp, hu, [float(v) for v in ds.PixelSpacing]))
slices.sort(key=lambda s: s[0])
vol = np.stack([s[2] for s in slices])            # [k][j][i]
steps = np.diff([s[0] for s in slices])
expect_origin = slices[0][1]
row_spacing, col_spacing = slices[0][3]

rng = np.random.default_rng(7)
picks = [(256, 256, 0), (100, 100, 5), (300, 200, 10), (256, 300, 19)]
picks += [tuple(int(x) for x in (rng.integers(0, 512), rng.integers(0, 512), rng.integers(0, len(slices))))
          for _ in range(56)]
args = [marrow, "info", series]
for i, j, k in picks:
    args += ["--voxel", "%d,%d,%d" % (i, j, k)]
info = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)

errors = []
def check(what, got, want):
    if not np.allclose(got, want, rtol=0, atol=1e-9):
        errors.append("%s: marrow %s, reference %s" % (what, got, want))
check("dims", info["dims"], [vol.shape[2], vol.shape[1], vol.shape[0]])
check("spacing", info["spacing"], [col_spacing, row_spacing, float(np.median(steps))])
check("origin", info["origin"], list(expect_origin))
check("min", info["values"]["min"], vol.min())
check("max", info["values"]["max"], vol.max())
check("p50", info["values"]["p50"], np.sort(vol, axis=None)[int(np.ceil(0.5 * vol.size)) - 1])
for v in info["voxels"]:
    i, j, k = v["ijk"]
    check("voxel %s" % v["ijk"], v["value"], vol[k, j, i])
    check("lps %s" % v["ijk"], v["lps"], list(slices[k][1] + np.array([i * col_spacing, j * row_spacing, 0])))
# The known values from platform.md, as a guard against both sides drifting together.
known = {(256, 256, 0): 86, (100, 100, 5): -994, (300, 200, 10): -6, (256, 300, 19): 145}
for v in info["voxels"]:
    if tuple(v["ijk"]) in known:
        check("known voxel %s" % v["ijk"], v["value"], known[tuple(v["ijk"])])
check("spacing is 2.0 (not SliceThickness 3)", info["spacing"][2], 2.0)
if errors:
    print("\n".join(errors))
    sys.exit(1)
print("ok: geometry, min/max/median and %d voxels agree with pydicom + gdcmraw" % len(info["voxels"]))
PYEOF
