#!/usr/bin/python3
"""Left-right check with the label overlay: in an axial or coronal screenshot (radiological
convention) the liver (TotalSegmentator label 5, patient's right) must lie on the screen's
LEFT of the spleen (label 1, patient's left). Overlay pixels are found by hue: a label's
colour blended with grey keeps its hue. The hues are the segments' colours from the
viewer's "SEGMENT id r g b name" lines (--test-mode log); without a log, those of
render::defaultLabelColors (golden-angle steps: label n has hue n * 137.508 degrees).

Usage: labelside.py IMAGE.png VIEWNAME [APP.log]
"""
import colorsys
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from viewcheck import read_png  # noqa: E402


def segment_hues(log):
    hues = {}
    for line in open(log):
        f = line.split()
        if len(f) >= 5 and f[0] == "SEGMENT":
            hues[int(f[1])] = colorsys.rgb_to_hsv(*(int(v) / 255.0 for v in f[2:5]))[0] * 360.0
    return hues


def hue_mask(rgb, label, hues, tolerance=4.0):
    target = hues.get(label, (label * 137.508) % 360.0)
    r, g, b = (rgb[..., c] / 255.0 for c in range(3))
    mx, mn = np.maximum(np.maximum(r, g), b), np.minimum(np.minimum(r, g), b)
    sat = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1e-6), 0)
    hue = np.vectorize(lambda a, b_, c: colorsys.rgb_to_hsv(a, b_, c)[0] * 360.0, otypes=[float])(r, g, b)
    diff = np.abs((hue - target + 180) % 360 - 180)
    return (sat > 0.2) & (diff < tolerance)


def main():
    image = read_png(sys.argv[1])[:, :, :3].astype(float)
    name = sys.argv[2]
    hues = segment_hues(sys.argv[3]) if len(sys.argv) > 3 else {}
    liver, spleen = hue_mask(image, 5, hues), hue_mask(image, 1, hues)
    nl, ns = int(liver.sum()), int(spleen.sum())
    if nl < 200 or ns < 50:
        print(f"FAIL {name}: overlay not found (liver {nl} px, spleen {ns} px)")
        sys.exit(1)
    xl = np.argwhere(liver)[:, 1].mean()
    xs = np.argwhere(spleen)[:, 1].mean()
    print(f"{name}: liver at screen x {xl:.0f} ({nl} px), spleen at x {xs:.0f} ({ns} px)")
    if not xl < xs:
        print(f"FAIL {name}: the liver (patient's right) is not on the screen's left: left-right mirrored")
        sys.exit(1)


if __name__ == "__main__":
    main()
