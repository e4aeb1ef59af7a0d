"""Expected voxel counts for slicemark_input.sh (contours drawn with the mouse in the axial view).

The contour tool fills the voxels of the slice whose centres lie inside the polygon
(seg/tools/scissors.cpp, scanline at voxel centres). A polygon drawn at window pixels maps
to LPS mm as the app maps the mouse: mm = centre + (px - view_x - view_w / 2) / pixelsPerMm
(VIEWMAP axial line; axial view: screen right = LPS +x, screen down = LPS +y).

Commands (GEOM: `marrow info phantom` JSON; LOG: the app's --test-mode output):
  polygon CX CY R N              N vertices "x,y" (integer window pixels) of a regular N-gon
  count GEOM LOG K x,y ...       on axial slice K: voxels inside, voxels within 0.01 mm of an
                                 edge (either way: rounding of the mapping), polygon area in voxels
  between GEOM LOG K1 K2 CX CY R1 R2 N
                                 expected count of each slice strictly between K1 and K2 when
                                 the N-gon's radius is interpolated linearly (what
                                 signed-distance interpolation gives for two concentric similar
                                 polygons), and the tolerance per slice: half a voxel along the
                                 perimeter (the interpolated boundary is decided at voxel
                                 centres, so it may sit up to half a voxel off either way)
  check GEOM SAVED K1 K2 LABEL   on the saved map: voxels of LABEL outside slices K1..K2, voxels of
                                 the slices between that break the nesting slice K1 <= slice <=
                                 slice K2 (concentric contours, K1's the smaller), and the per-slice
                                 counts K:N of K1..K2
"""
import json
import math
import sys

import numpy as np


def geometry(path):
    g = json.load(open(path))
    return np.array(g["dims"]), np.array(g["origin"], float), np.array(g["spacing"], float), np.array(g["direction"], float)


def viewmap(log):
    vm = None
    for line in open(log):
        f = line.split()
        if f and f[0] == "VIEWMAP" and f[1] == "axial":
            vm = [float(v) for v in f[2:]]
    return vm


def to_mm(vm, pts):
    rx, ry, w, h, ca, cb, ppm = vm
    return [(ca + (x - rx - int(w) / 2) / ppm, cb + (y - ry - int(h) / 2) / ppm) for x, y in pts]


def slice_centres(geom, k):
    dims, origin, spacing, direction = geom
    i, j = np.meshgrid(np.arange(dims[0]), np.arange(dims[1]), indexing="ij")
    ijk = np.stack([i.ravel(), j.ravel(), np.full(i.size, k)]).astype(float)
    lps = origin[:, None] + direction @ (spacing[:, None] * ijk)
    return lps[0], lps[1]


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


def count(geom, vm, k, pts):
    poly = to_mm(vm, pts)
    x, y = slice_centres(geom, k)
    ins, dist = inside(poly, x, y)
    voxel_area = geom[2][0] * geom[2][1]
    return int(ins.sum()), int((dist < 0.01).sum()), area(poly) / voxel_area


def main():
    cmd = sys.argv[1]
    if cmd == "polygon":
        cx, cy, r, n = float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
        print(" ".join(f"{round(x)},{round(y)}" for x, y in ngon(cx, cy, r, n)))
    elif cmd == "count":
        geom, vm, k = geometry(sys.argv[2]), viewmap(sys.argv[3]), int(sys.argv[4])
        pts = [tuple(float(v) for v in p.split(",")) for p in sys.argv[5:]]
        n, ties, a = count(geom, vm, k, pts)
        print(n, ties, f"{a:.1f}")
    elif cmd == "between":
        geom, vm = geometry(sys.argv[2]), viewmap(sys.argv[3])
        k1, k2 = int(sys.argv[4]), int(sys.argv[5])
        cx, cy, r1, r2 = (float(v) for v in sys.argv[6:10])
        n = int(sys.argv[10])
        out = []
        for k in range(k1 + 1, k2):
            t = (k - k1) / (k2 - k1)
            r = r1 + t * (r2 - r1)
            expected, _, _ = count(geom, vm, k, ngon(cx, cy, r, n))
            perimeter_voxels = 2 * n * r * math.sin(math.pi / n) / vm[6] / geom[2][0]
            out.append(f"{k}:{expected}:{int(math.ceil(0.5 * perimeter_voxels))}")
        print(" ".join(out))
    elif cmd == "check":
        import nibabel as nib
        geom = geometry(sys.argv[2])
        vol = np.asarray(nib.load(sys.argv[3]).dataobj)
        k1, k2, label = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
        assert tuple(vol.shape) == tuple(geom[0]), f"saved map is {vol.shape}, image {geom[0]}"
        mask = vol == label
        per_slice = mask.sum(axis=(0, 1))
        outside = int(per_slice[:k1].sum() + per_slice[k2 + 1:].sum())
        unnested = sum(int((mask[:, :, k1] & ~mask[:, :, k]).sum() + (mask[:, :, k] & ~mask[:, :, k2]).sum())
                       for k in range(k1 + 1, k2))
        print(outside, unnested, " ".join(f"{k}:{int(per_slice[k])}" for k in range(k1, k2 + 1)))


if __name__ == "__main__":
    main()
