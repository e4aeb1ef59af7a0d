#!/usr/bin/python3
"""Checks a `marrow view --screenshot --test-mode` image for what it must SHOW.

The viewer prints how each view maps patient millimetres to pixels (VIEWMAP / VIEW3D
lines). This script resamples the volume itself (nibabel + numpy, nearest voxel, with the
radiological convention written out below independently of the C++ code) and compares:

  mpr   : every MPR view's grey levels against the reference resampling (mean absolute
          difference), and against the left-right mirrored reference (must be far worse:
          a mirrored view fails).
  bone3d: in the 3D view, pixels whose rays meet bone (max HU > 500) are lit and pixels
          whose rays meet only soft tissue, the table's foam/plastic or air (max HU < 100)
          are black.

Usage: viewcheck.py mpr IMAGE.png LOG.txt VOLUME.nii.gz WINDOW LEVEL [--min-bright PERCENT]
       viewcheck.py bone3d IMAGE.png LOG.txt VOLUME.nii.gz
       viewcheck.py surface3d IMAGE.png LOG.txt LABELS.nii.gz
  surface3d: the 3D view in "surfaces" mode: pixels onto which label-1 voxels project show
          the segment's colour (SEGMENT 1 line, shaded), pixels far from them are black.
"""
import os
import struct
import subprocess
import sys
import zlib

import numpy as np
import nibabel as nib

# Screen axes of each MPR view as LPS unit vectors: (right, down, normal).
# Radiological convention: axial seen from the feet, coronal from the front (patient's
# left on the screen's right), sagittal from the patient's left (anterior on the left).
FRAMES = {
    "axial": (np.array([1, 0, 0]), np.array([0, 1, 0]), np.array([0, 0, 1])),
    "coronal": (np.array([1, 0, 0]), np.array([0, 0, -1]), np.array([0, 1, 0])),
    "sagittal": (np.array([0, 1, 0]), np.array([0, 0, -1]), np.array([1, 0, 0])),
}


def read_png(path):
    """PNG -> HxWx4 uint8 array. ImageMagick decodes fast when present (/usr/bin/convert;
    /usr/local/bin/convert may be a stand-in); otherwise a pure-Python decoder."""
    if os.path.exists("/usr/bin/convert") and os.path.exists("/usr/bin/identify"):
        w, h = (int(v) for v in subprocess.check_output(["/usr/bin/identify", "-format", "%w %h", path]).split())
        raw = subprocess.check_output(["/usr/bin/convert", path, "-depth", "8", "rgba:-"])
        return np.frombuffer(raw, np.uint8).reshape(h, w, 4)
    return read_png_python(path)


def read_png_python(path):
    """8-bit RGB/RGBA, non-interlaced PNG -> HxWxC uint8 array (what stb writes). Slow."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, "unsupported PNG"
            channels = 4 if ctype == 6 else 3
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + width * channels)
    out = np.zeros((height, width * channels), np.int32)
    bpp = channels
    for y in range(height):
        f, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        prev = out[y - 1] if y else np.zeros_like(line)
        if f == 0:
            cur = line
        elif f == 2:
            cur = (line + prev) & 255
        else:  # 1 (sub), 3 (average), 4 (Paeth) need the running left neighbour
            cur = np.zeros_like(line)
            for x in range(line.size):
                a = cur[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                if f == 1:
                    p = a
                elif f == 3:
                    p = (a + b) >> 1
                else:
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                    p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[x] = (line[x] + p) & 255
        out[y] = cur
    return out.reshape(height, width, channels).astype(np.uint8)


def load_lps(path):
    """Volume voxels and the index -> LPS 4x4 matrix (NIfTI stores RAS: flip x and y)."""
    img = nib.load(path)
    ras_to_lps = np.diag([-1.0, -1.0, 1.0, 1.0])
    return np.asarray(img.dataobj), ras_to_lps @ img.affine


def parse_log(path):
    views, view3d = {}, None
    for line in open(path):
        f = line.split()
        if f and f[0] == "VIEWMAP":
            views[f[1]] = [float(v) for v in f[2:]]
        elif f and f[0] == "VIEW3D":
            view3d = ([float(v) for v in f[1:5]], np.array([float(v) for v in f[5:21]]).reshape(4, 4).T)
    return views, view3d


def crosshair_from_log(path):
    for line in open(path):
        f = line.split()
        if f and f[0] == "CROSSHAIR":
            return np.array([float(v) for v in f[1:4]])
    raise SystemExit("no CROSSHAIR line in the log")


def sample(vol, index_to_lps, points):
    """Nearest-voxel values at LPS points (N x 3); NaN outside."""
    inv = np.linalg.inv(index_to_lps)
    ijk = (inv[:3, :3] @ points.T + inv[:3, 3:4]).T
    idx = np.rint(ijk).astype(int)
    ok = np.all((idx >= 0) & (idx < np.array(vol.shape[:3])), axis=1)
    out = np.full(len(points), np.nan)
    out[ok] = vol[idx[ok, 0], idx[ok, 1], idx[ok, 2]]
    return out


def check_mpr(image, log, vol, m, window, level, min_bright_percent=0.0):
    views, _ = parse_log(log)
    assert views, "no VIEWMAP lines"
    cross = crosshair_from_log(log)
    gray = image[:, :, :3].mean(axis=2)
    failures = 0
    for name, (x, y, w, h, ca, cb, ppm) in views.items():
        right, down, normal = FRAMES[name]
        # Every 4th pixel, away from the edge letters and crosshair lines.
        px, py = np.meshgrid(np.arange(24, w - 24, 4), np.arange(24, h - 24, 4))
        px, py = px.ravel(), py.ravel()
        a = ca + (px + 0.5 - w / 2) / ppm
        b = cb + (py + 0.5 - h / 2) / ppm
        depth = cross @ normal
        pts = a[:, None] * right + b[:, None] * down + depth * normal
        hu = sample(vol, m, pts)
        # The mirror image: the same plane with screen x flipped about the view's centre.
        a_mirror = ca - (px + 0.5 - w / 2) / ppm
        hu_mirror = sample(vol, m, a_mirror[:, None] * right + b[:, None] * down + depth * normal)
        lo = level - window / 2
        expect = np.clip((hu - lo) / window, 0, 1) * 255
        expect_mirror = np.clip((hu_mirror - lo) / window, 0, 1) * 255
        got = gray[(y + py).astype(int), (x + px).astype(int)]
        # Skip the crosshair lines' pixels (coloured, not grey).
        rgb = image[(y + py).astype(int), (x + px).astype(int), :3].astype(int)
        grey_px = (rgb.max(axis=1) - rgb.min(axis=1)) < 12
        inside = ~np.isnan(hu) & ~np.isnan(hu_mirror) & grey_px
        if inside.sum() < 200:
            print(f"FAIL {name}: only {inside.sum()} pixels inside the volume")
            failures += 1
            continue
        err = np.abs(got[inside] - expect[inside]).mean()
        err_mirror = np.abs(got[inside] - expect_mirror[inside]).mean()
        bright = (expect[inside] > 200).mean()
        print(f"{name}: mean |grey - reference| = {err:.1f}, vs mirrored reference = {err_mirror:.1f}, "
              f"{inside.sum()} pixels, {100 * bright:.0f}% bright")
        if 100 * bright < min_bright_percent:
            print(f"FAIL {name}: fewer than {min_bright_percent}% bright (bone) pixels in the reference slice")
            failures += 1
        if err > 12:
            print(f"FAIL {name}: the image does not match the reference resampling")
            failures += 1
        if err_mirror - err < 3 and np.std(expect[inside] - expect_mirror[inside]) > 10:
            print(f"FAIL {name}: the image matches its mirror as well as itself")
            failures += 1
    return failures


def check_bone3d(image, log, vol, m):
    _, view3d = parse_log(log)
    assert view3d is not None, "no VIEW3D line"
    (x, y, w, h), viewproj = view3d
    # Project every voxel centre; per pixel keep the largest HU (a coarse CPU MIP).
    nz = np.argwhere(vol > -300)  # skip air to save time
    hu = vol[nz[:, 0], nz[:, 1], nz[:, 2]]
    lps = (m[:3, :3] @ nz.T + m[:3, 3:4])
    clip = viewproj @ np.vstack([lps, np.ones(lps.shape[1])])
    ndc = clip[:2] / clip[3]
    px = ((ndc[0] * 0.5 + 0.5) * w).astype(int)
    py = ((0.5 - ndc[1] * 0.5) * h).astype(int)
    ok = (px >= 0) & (px < w) & (py >= 0) & (py < h)
    mip = np.full((int(h), int(w)), -np.inf)
    np.maximum.at(mip, (py[ok], px[ok]), hu[ok])
    view = image[int(y):int(y + h), int(x):int(x + w), :3].astype(int)
    lit = view.max(axis=2) > 40
    # Not rendering: the crosshair's solid yellow lines and the preset name (top left).
    decoration = (np.abs(view - np.array([255, 217, 26])).max(axis=2) <= 3)
    decoration[:20, :160] = True
    bone = mip > 500
    # The CPU MIP samples voxel centres only, which land a few pixels apart: widen each
    # pixel's value to its neighbourhood (the projected voxel size) so that "only soft
    # tissue here" means no voxel near this ray is above 100 HU.
    centre = np.array([s // 2 for s in vol.shape[:3]] + [1.0])
    p0 = viewproj @ np.append(m[:3] @ centre, 1.0)
    p1 = viewproj @ np.append(m[:3] @ (centre + np.array([1, 1, 1, 0])), 1.0)
    step_px = np.abs(p1[:2] / p1[3] - p0[:2] / p0[3]).max() * 0.5 * max(w, h)
    r = int(np.ceil(step_px)) + 2
    widened = mip.copy()
    near_bone = bone.copy()
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            shifted = np.roll(np.roll(mip, dy, 0), dx, 1)
            widened = np.maximum(widened, shifted)
            near_bone |= shifted > 500
    hit = mip > -np.inf
    soft_only = hit & (widened < 100) & ~near_bone & ~decoration
    bone_lit = lit[bone].mean() if bone.any() else 0
    soft_lit = lit[soft_only].mean() if soft_only.any() else 0
    print(f"3d: {bone.sum()} bone pixels, {100 * bone_lit:.1f}% lit; {soft_only.sum()} soft-tissue/table-only "
          f"pixels, {100 * soft_lit:.2f}% lit")
    failures = 0
    if bone.sum() < 500 or bone_lit < 0.9:
        print("FAIL 3d: bone is not shown")
        failures += 1
    if soft_only.sum() < 500 or soft_lit > 0.02:
        print("FAIL 3d: soft tissue or the table shows")
        failures += 1
    return failures


def check_surface3d(image, log, labels, m):
    _, view3d = parse_log(log)
    assert view3d is not None, "no VIEW3D line"
    (x, y, w, h), viewproj = view3d
    colour = None
    for line in open(log):
        f = line.split()
        if f[:2] == ["SEGMENT", "1"]:
            colour = np.array([float(v) for v in f[2:5]])
    assert colour is not None, "no SEGMENT 1 line"
    # Footprint: the pixels that label-1 voxel centres project to.
    ijk = np.argwhere(labels == 1)
    lps = m[:3, :3] @ ijk.T + m[:3, 3:4]
    clip = viewproj @ np.vstack([lps, np.ones(lps.shape[1])])
    ndc = clip[:2] / clip[3]
    px = ((ndc[0] * 0.5 + 0.5) * w).astype(int)
    py = ((0.5 - ndc[1] * 0.5) * h).astype(int)
    ok = (px >= 0) & (px < w) & (py >= 0) & (py < h)
    foot = np.zeros((int(h), int(w)), bool)
    foot[py[ok], px[ok]] = True
    def grow(mask, r):
        out = mask.copy()
        for dy in range(-r, r + 1):
            for dx in range(-r, r + 1):
                out |= np.roll(np.roll(mask, dy, 0), dx, 1)
        return out
    inside = grow(foot, 1) & ~grow(~foot, 2)  # the footprint's interior (no rim pixels)
    outside = ~grow(foot, 4)
    view = image[int(y):int(y + h), int(x):int(x + w), :3].astype(float)
    decoration = np.zeros_like(foot)
    decoration[:20, :160] = True  # the 3D view's title text
    decoration[[0, -1], :] = decoration[:, [0, -1]] = True  # its frame
    lit = view.max(axis=2) > 40
    # Shading scales the colour (plus a little white highlight): compare chroma directions.
    chroma = view - view.min(axis=2, keepdims=True)
    want = colour - colour.min()
    cos = (chroma @ want) / (np.linalg.norm(chroma, axis=2) * np.linalg.norm(want) + 1e-9)
    tinted = lit & (cos > 0.9)
    inside &= ~decoration
    outside &= ~decoration
    in_tinted = tinted[inside].mean() if inside.any() else 0
    out_lit = lit[outside].mean() if outside.any() else 1
    print(f"surface3d: {inside.sum()} footprint pixels, {100 * in_tinted:.1f}% in the segment colour "
          f"{colour.astype(int).tolist()}; {outside.sum()} pixels away from it, {100 * out_lit:.2f}% lit")
    failures = 0
    if inside.sum() < 500 or in_tinted < 0.9:
        print("FAIL surface3d: the segment's surface does not show where its voxels are")
        failures += 1
    if outside.sum() < 500 or out_lit > 0.005:
        print("FAIL surface3d: something is drawn away from the segment")
        failures += 1
    return failures


def main():
    mode, png, log, volume = sys.argv[1:5]
    image = read_png(png)
    vol, m = load_lps(volume)
    if mode == "mpr":
        min_bright = float(sys.argv[8]) if len(sys.argv) > 8 and sys.argv[7] == "--min-bright" else 0.0
        failures = check_mpr(image, log, vol, m, float(sys.argv[5]), float(sys.argv[6]), min_bright)
    elif mode == "surface3d":
        failures = check_surface3d(image, log, vol, m)
    else:
        failures = check_bone3d(image, log, vol, m)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
