"""Expected voxel counts for slicemark_input.sh (contours drawn with the mouse in an MPR view).

The contour tool fills the voxels of the slice whose centres lie inside the polygon
(seg/tools/scissors.cpp, scanline at voxel centres). A polygon drawn at window pixels maps
to the view plane's mm as the app maps the mouse: a = centreA + (px - view_x - view_w / 2) /
pixelsPerMm, b likewise (VIEWMAP lines); LPS = right * a + down * b (+ the slice along the
normal; frames as in viewcheck.py: axial right +x down +y, coronal right +x down -z).
The views show axis-aligned slices of the phantom: axial = index axis 2, coronal = 1.

Commands (GEOM: `marrow info phantom` JSON; LOG: the app's --test-mode output):
  polygon CX CY R N              N vertices "x,y" (integer window pixels) of a regular N-gon
  count GEOM LOG VIEW K x,y ...  on slice K of the view: voxels inside, voxels within 0.01 mm
                                 of an edge (either way: rounding of the mapping), polygon
                                 area in voxels
  between GEOM LOG VIEW K1 K2 CX CY R1 R2 N
                                 K:expected:tolerance for each slice strictly between K1 and K2
                                 when the N-gon's radius is interpolated linearly (what
                                 signed-distance interpolation gives for two concentric similar
                                 polygons); tolerance: half a voxel along the perimeter (the
                                 interpolated boundary is decided at voxel centres, so it may
                                 sit up to half a voxel off either way)
  check GEOM SAVED VIEW K1 K2 LABEL
                                 on the saved map, along the view's index axis: voxels of LABEL
                                 outside slices K1..K2, voxels of the slices between that break
                                 the nesting slice K1 <= slice <= slice K2 (concentric contours,
                                 K1's the smaller), and the per-slice counts K:N of K1..K2
"""
import json
import math
import sys

import numpy as np


def geometry(path):
    g = json.load(open(path))
    return np.array(g["dims"]), np.array(g["origin"], float), np.array(g["spacing"], float), np.array(g["direction"], float)


FRAMES = {"axial": ((1, 0, 0), (0, 1, 0)), "coronal": ((1, 0, 0), (0, 0, -1))}  # right, down
AXIS = {"axial": 2, "coronal": 1}


def viewmap(log, view):
    vm = None
    for line in open(log):
        f = line.split()
        if f and f[0] == "VIEWMAP" and f[1] == view:
            vm = [float(v) for v in f[2:]]
    return vm


def to_mm(vm, pts):
    rx, ry, w, h, ca, cb, ppm = vm
    return [(ca + (x - rx - int(w) / 2) / ppm, cb + (y - ry - int(h) / 2) / ppm) for x, y in pts]


def slice_centres(geom, view, k):
    """The view-plane coordinates (a, b) in mm of the voxel centres of slice k."""
    dims, origin, spacing, direction = geom
    axis = AXIS[view]
    u, v = [n for n in range(3) if n != axis]
    gu, gv = np.meshgrid(np.arange(dims[u]), np.arange(dims[v]), indexing="ij")
    ijk = np.zeros((3, gu.size))
    ijk[u], ijk[v], ijk[axis] = gu.ravel(), gv.ravel(), k
    lps = origin[:, None] + direction @ (spacing[:, None] * ijk)
    right, down = (np.array(d, float) for d in FRAMES[view])
    return right @ lps, down @ lps


def inside(poly, x, y):
    """Even-odd rule, and the distance of each point to the nearest edge."""
    res = np.zeros(x.shape, bool)
    dist = np.full(x.shape, np.inf)
    n = len(poly)
    for a in range(n):
        (x0, y0), (x1, y1) = poly[a], poly[(a + 1) % n]
        if y0 != y1:
            crosses = (y0 > y) != (y1 > y)
            xc = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            res ^= crosses & (x < xc)
        dx, dy = x1 - x0, y1 - y0
        t = np.clip(((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy), 0, 1)
        dist = np.minimum(dist, np.hypot(x - (x0 + t * dx), y - (y0 + t * dy)))
    return res, dist


def area(poly):
    return 0.5 * abs(sum(poly[a][0] * poly[(a + 1) % len(poly)][1] - poly[(a + 1) % len(poly)][0] * poly[a][1]
                         for a in range(len(poly))))


def ngon(cx, cy, r, n):
    return [(cx + r * math.cos(2 * math.pi * a / n), cy + r * math.sin(2 * math.pi * a / n)) for a in range(n)]


def count(geom, vm, view, k, pts):
    poly = to_mm(vm, pts)
    x, y = slice_centres(geom, view, k)
    ins, dist = inside(poly, x, y)
    voxel_area = np.prod([geom[2][n] for n in range(3) if n != AXIS[view]])
    return int(ins.sum()), int((dist < 0.01).sum()), area(poly) / voxel_area


def main():
    cmd = sys.argv[1]
    if cmd == "polygon":
        cx, cy, r, n = float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
        print(" ".join(f"{round(x)},{round(y)}" for x, y in ngon(cx, cy, r, n)))
    elif cmd == "count":
        geom, view, k = geometry(sys.argv[2]), sys.argv[4], int(sys.argv[5])
        pts = [tuple(float(v) for v in p.split(",")) for p in sys.argv[6:]]
        n, ties, a = count(geom, viewmap(sys.argv[3], view), view, k, pts)
        print(n, ties, f"{a:.1f}")
    elif cmd == "between":
        geom, view = geometry(sys.argv[2]), sys.argv[4]
        vm = viewmap(sys.argv[3], view)
        k1, k2 = int(sys.argv[5]), int(sys.argv[6])
        cx, cy, r1, r2 = (float(v) for v in sys.argv[7:11])
        n = int(sys.argv[11])
        out = []
        for k in range(k1 + 1, k2):
            t = (k - k1) / (k2 - k1)
            r = r1 + t * (r2 - r1)
            expected, _, _ = count(geom, vm, view, k, ngon(cx, cy, r, n))
            voxel_mm = min(geom[2][m] for m in range(3) if m != AXIS[view])
            perimeter_voxels = 2 * n * r * math.sin(math.pi / n) / vm[6] / voxel_mm
            out.append(f"{k}:{expected}:{int(math.ceil(0.5 * perimeter_voxels))}")
        print(" ".join(out))
    elif cmd == "check":
        import nibabel as nib
        geom = geometry(sys.argv[2])
        vol = np.asarray(nib.load(sys.argv[3]).dataobj)
        view, k1, k2, label = sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
        assert tuple(vol.shape) == tuple(geom[0]), f"saved map is {vol.shape}, image {geom[0]}"
        mask = np.moveaxis(vol == label, AXIS[view], 2)  # the slices along the last axis
        per_slice = mask.sum(axis=(0, 1))
        outside = int(per_slice[:k1].sum() + per_slice[k2 + 1:].sum())
        unnested = sum(int((mask[:, :, k1] & ~mask[:, :, k]).sum() + (mask[:, :, k] & ~mask[:, :, k2]).sum())
                       for k in range(k1 + 1, k2))
        print(outside, unnested, " ".join(f"{k}:{int(per_slice[k])}" for k in range(k1, k2 + 1)))


if __name__ == "__main__":
    main()
