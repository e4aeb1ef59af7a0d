#!/usr/bin/env bash
# Real input through xdotool on the running viewer (phantom, no labels loaded):
#   setup  the brush paints two separate blobs A and B of segment 1 on the axial slice;
#   (b)    I + a click on blob B keeps only that island: exactly B's voxel count; Ctrl+Z
#          restores A + B;
#   (a)    S + a rectangular lasso (press at one corner, moves to the other three, release)
#          over part of blob A erases exactly the voxels whose centres lie inside it: the
#          expected count comes from the label map saved before (Ctrl+S) and the lasso
#          corners mapped to mm with the app's VIEWMAP line; the map saved after must equal
#          the one before with exactly those voxels cleared (nothing outside touched);
#          Ctrl+Z restores the exact count;
#   (c0)   with the scissors selected, a drag in the 3D view orbits and cuts nothing until
#          "Cut in 3D" is ticked in that view (VIEWMODE3D says which);
#   (c)    the same with a rectangle lasso in the 3D view: the voxels whose centres project
#          inside it (VIEW3D matrix) are erased through the whole depth, Ctrl+Z restores.
#   (d)    I + a click in the 3D view on blob B (the pixel where a voxel of B projects with
#          the VIEW3D matrix, checked by marching the ray through that pixel in Python: its
#          first labelled voxel is one of B's) keeps exactly B; Ctrl+Z restores A + B; a click
#          beside the blobs and a drag from B and back (it orbits) change nothing.
# The app prints (--test-mode) "LABELS id:count ..." after every change of the label map,
# "TOOL name" when the tool changes and VIEWMAP (mm <-> pixels) per view.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool

cd "$T"  # Ctrl+S writes phantom_labels.nii.gz into the current folder
start_viewer phantom --size 1280x800
sync_app
rect() { awk -v n="$1" '$1=="VIEW" && $2==n {print $3, $4, $5, $6}' "$T/app.log" | tail -1; }
count1() { last LABELS | tr ' ' '\n' | awk -F: '$1=="1" {print $2}'; }
# Waits until the app has handled the input so far (sync_app: its job has ended and the
# LABELS line is out), then up to 60 s more for the LABELS line to change from $1.
wait_labels() { sync_app; for _ in $(seq 1 600); do [ "$(last LABELS)" != "$1" ] && break; sleep 0.1; done; }
# A click the app sees as a press and then a release (each handled before the next), then
# everything it started (a job) has ended: a frame can take seconds under load.
press_release() { xdotool mousedown 1; sync_app; sleep 0.1; xdotool mouseup 1; sync_app; }
# Moves the mouse and waits until the app has seen it there (a slow app merges motions).
move_to() { xdotool mousemove "$1" "$2"; sync_app; }
# A lasso: press at the first point, visit the others (each seen by the app while the
# button is down, so the polygon has exactly these corners), release, wait for the cut.
lasso() {
    move_to $1 $2; shift 2
    xdotool mousedown 1; sync_app
    while [ $# -ge 2 ]; do xdotool mousemove "$1" "$2"; sleep 0.05; sync_app; shift 2; done
    xdotool mouseup 1; sync_app
}
read -r AX AY AW AH <<< "$(rect axial)"
fail=0

# Setup: two brush strokes far apart on the axial slice.
AXX=$((AX + AW * 35 / 100)); BXX=$((AX + AW * 62 / 100)); YY=$((AY + AH / 2))
stroke() {
    local before; before=$(last LABELS)
    move_to "$1" "$YY"
    xdotool mousedown 1; sync_app
    for _ in 1 2 3 4 5; do xdotool mousemove_relative -- 6 0; sleep 0.05; sync_app; done
    xdotool mouseup 1
    wait_labels "$before"
}
move_to "$AXX" "$YY"
xdotool key b; sync_app
[ "$(last TOOL)" = "TOOL brush" ] || { echo "FAIL: B did not select the brush ($(last TOOL))"; exit 1; }
stroke "$AXX"; nA=$(count1)
stroke "$BXX"; nAB=$(count1)
echo "blob A: $nA voxels, A + B: $nAB"
[ -n "$nA" ] && [ "$nA" -gt 20 ] && [ "$nAB" -gt $((nA + 20)) ] || { echo "FAIL: the brush strokes did not paint two blobs"; exit 1; }
nB=$((nAB - nA))

# (b) Island click on B.
xdotool key i; sync_app
[ "$(last TOOL)" = "TOOL island" ] || { echo "FAIL: I did not select the island tool ($(last TOOL))"; fail=1; }
move_to $((BXX + 15)) "$YY"
before=$(last LABELS); press_release; wait_labels "$before"
echo "after the island click: $(last LABELS)"
[ "$(count1)" = "$nB" ] || { echo "FAIL: the island click left $(count1) voxels (expected B's $nB)"; fail=1; }
xdotool key ctrl+z; sync_app
[ "$(count1)" = "$nAB" ] || { echo "FAIL: ctrl+z after the island click gave $(count1) (expected $nAB)"; fail=1; }
# A click on the background changes nothing.
move_to $((AX + AW / 2)) $((AY + 30))
press_release
[ "$(count1)" = "$nAB" ] || { echo "FAIL: an island click on the background changed the labels ($(count1))"; fail=1; }

# (a) Scissors: save, then a rectangle lasso over the left part of blob A.
xdotool key ctrl+s; sync_app
cp "$T/phantom_labels.nii.gz" "$T/before.nii.gz" || { echo "FAIL: ctrl+s wrote no label map"; exit 1; }
xdotool key s; sync_app
[ "$(last TOOL)" = "TOOL scissors" ] || { echo "FAIL: S did not select the scissors ($(last TOOL))"; fail=1; }
X0=$((AXX - 12)); Y0=$((YY - 14)); X1=$((AXX + 13)); Y1=$((YY + 14))
before=$(last LABELS)
lasso $X0 $Y0 $X1 $Y0 $X1 $Y1 $X0 $Y1
wait_labels "$before"
cut=$(count1); echo "after the lasso: $(last LABELS)"
xdotool key ctrl+s; sync_app
cp "$T/phantom_labels.nii.gz" "$T/after.nii.gz"
check=$($PY - "$T/before.nii.gz" "$T/after.nii.gz" "$T/app.log" $X0 $Y0 $X1 $Y1 <<'PY' 2>&1
import sys
import numpy as np
import nibabel as nib
before_img = nib.load(sys.argv[1])
before = np.asarray(before_img.dataobj)
after = np.asarray(nib.load(sys.argv[2]).dataobj)
x0, y0, x1, y1 = (float(v) for v in sys.argv[4:8])
vm = None
for line in open(sys.argv[3]):
    f = line.split()
    if f and f[0] == "VIEWMAP" and f[1] == "axial":
        vm = [float(v) for v in f[2:]]
rx, ry, w, h, ca, cb, ppm = vm
# Axial view: screen right = LPS +x, screen down = LPS +y (see viewcheck.py FRAMES); the
# app maps the mouse pixel (window coordinates) with mm = centre + (px - rx - w/2) / ppm.
def mm(px, py):
    return ca + (px - rx - int(w) / 2) / ppm, cb + (py - ry - int(h) / 2) / ppm
(ax0, ay0), (ax1, ay1) = mm(x0, y0), mm(x1, y1)
lps = np.diag([-1.0, -1.0, 1.0, 1.0]) @ before_img.affine  # NIfTI RAS -> LPS
ijk = np.argwhere(before == 1)
centres = (lps[:3, :3] @ ijk.T + lps[:3, 3:4]).T
x, y = centres[:, 0], centres[:, 1]
inside = (x > min(ax0, ax1)) & (x < max(ax0, ax1)) & (y > min(ay0, ay1)) & (y < max(ay0, ay1))
expected = before.copy()
sel = ijk[inside]
expected[sel[:, 0], sel[:, 1], sel[:, 2]] = 0
print(int(inside.sum()), int((before == 1).sum()) - int(inside.sum()), int((expected != after).sum()))
PY
) || { echo "FAIL: the python check failed: $check"; exit 1; }
read -r inside expect_count mismatches <<< "$check"
echo "lasso: $inside voxels of segment 1 inside, expected count $expect_count, voxels differing from the expectation: $mismatches"
[ "$inside" -gt 0 ] && [ "$inside" -lt "$nA" ] || { echo "FAIL: the test lasso should cover part of blob A ($inside of $nA)"; fail=1; }
[ "$cut" = "$expect_count" ] || { echo "FAIL: the lasso left $cut voxels (expected $expect_count)"; fail=1; }
[ "$mismatches" = 0 ] || { echo "FAIL: the saved map differs from the expected cut in $mismatches voxels"; fail=1; }
xdotool key ctrl+z; sync_app
[ "$(count1)" = "$nAB" ] || { echo "FAIL: ctrl+z after the lasso gave $(count1) (expected $nAB)"; fail=1; }

# (c) Scissors in the 3D view: a rectangle over the left part of the blobs' projection
# erases (erase inside) exactly the voxels whose centres project inside it along the view
# rays (the VIEW3D line gives the app's world -> clip matrix).
view3d() { HERE="$HERE" $PY - "$T/before.nii.gz" "$T/app.log" "$@" <<'PY'
import sys, os
import numpy as np
import nibabel as nib
sys.path.insert(0, os.environ["HERE"])
from viewcheck import load_lps, parse_log
vol, m = load_lps(sys.argv[1])
_, (r, clip_m) = parse_log(sys.argv[2])
rx, ry, w, h = r
ijk = np.argwhere(vol == 1)
world = m[:3, :3] @ ijk.T + m[:3, 3:4]
clip = clip_m @ np.vstack([world, np.ones(len(ijk))])
px = rx + (clip[0] / clip[3] + 1) * 0.5 * w
py = ry + (1 - clip[1] / clip[3]) * 0.5 * h
if sys.argv[3] == "plan":  # a rectangle over the left 20 % of the projected voxels (part of blob A)
    x0, x1, y0, y1 = px.min(), px.max(), py.min(), py.max()
    print(int(x0) - 3, int(y0) - 3, int(x0 + 0.2 * (x1 - x0)), int(y1) + 4)
else:  # expected count and mismatches against the saved map
    X0, Y0, X1, Y1 = (float(v) for v in sys.argv[4:8])
    inside = (px > X0) & (px < X1) & (py > Y0) & (py < Y1)
    expected = vol.copy()
    sel = ijk[inside]
    expected[sel[:, 0], sel[:, 1], sel[:, 2]] = 0
    after = np.asarray(nib.load(sys.argv[8]).dataobj)
    print(int(inside.sum()), int(len(ijk) - inside.sum()), int((expected != after).sum()))
PY
}
# (c0) With the scissors selected, a left drag in the 3D view orbits and cuts nothing until
# "Cut in 3D" is ticked in that view, and the view says so (a drag meant to orbit once cut
# the segmentation with no sign that it would).
case "$(last VIEWMODE3D)" in *"Left drag: orbit"*) ;; *) echo "FAIL: with scissors, the 3D view should say a drag orbits ($(last VIEWMODE3D))"; fail=1 ;; esac
read -r VX VY VW VH <<< "$(rect 3d)"
before=$(last LABELS); camera=$(last VIEW3D)
lasso $((VX + VW / 3)) $((VY + VH / 2)) $((VX + VW / 2)) $((VY + VH / 2)) $((VX + VW / 2)) $((VY + VH * 2 / 3))
sync_app
[ "$(last LABELS)" = "$before" ] || { echo "FAIL: a drag in the 3D view with scissors (Cut in 3D off) changed the labels: $(last LABELS)"; fail=1; }
[ "$(last VIEW3D)" != "$camera" ] || { echo "FAIL: the drag in the 3D view did not orbit"; fail=1; }
echo "scissors selected, Cut in 3D off: the drag orbited, labels unchanged"
press r  # back to the camera the 3D checks below were planned for
click_widget view3d.cut_in_3d
case "$(last VIEWMODE3D)" in *"CUT"*) ;; *) echo "FAIL: after ticking Cut in 3D the view should say a drag cuts ($(last VIEWMODE3D))"; fail=1 ;; esac
read -r P0 Q0 P1 Q1 <<< "$(view3d plan)"
echo "3D lasso rectangle: ($P0,$Q0)-($P1,$Q1)"
before=$(last LABELS)
lasso $P0 $Q0 $P1 $Q0 $P1 $Q1 $P0 $Q1
wait_labels "$before"
cut3d=$(count1); echo "after the 3D lasso: $(last LABELS)"
xdotool key ctrl+s; sync_app
read -r inside3d expect3d mismatch3d <<< "$(view3d check $P0 $Q0 $P1 $Q1 "$T/phantom_labels.nii.gz")"
echo "3D lasso: $inside3d voxels project inside, expected count $expect3d, voxels differing: $mismatch3d"
[ "$inside3d" -gt 0 ] && [ "$inside3d" -lt "$nAB" ] || { echo "FAIL: the 3D test lasso should cover part of the blobs ($inside3d of $nAB)"; fail=1; }
[ "$cut3d" = "$expect3d" ] || { echo "FAIL: the 3D lasso left $cut3d voxels (expected $expect3d)"; fail=1; }
[ "$mismatch3d" = 0 ] || { echo "FAIL: the saved map differs from the expected 3D cut in $mismatch3d voxels"; fail=1; }
xdotool key ctrl+z; sync_app
[ "$(count1)" = "$nAB" ] || { echo "FAIL: ctrl+z after the 3D lasso gave $(count1) (expected $nAB)"; fail=1; }

# (d) Island click in the 3D view on blob B (B lies at larger LPS x than A: screen right in
# the axial view). Prints the pixel to click and B's voxel count.
pick3d() { HERE="$HERE" $PY - "$T/before.nii.gz" "$T/app.log" <<'PY'
import sys, os
import numpy as np
sys.path.insert(0, os.environ["HERE"])
from viewcheck import load_lps, parse_log
vol, m = load_lps(sys.argv[1])
_, (r, clip_m) = parse_log(sys.argv[2])
rx, ry, w, h = r
ijk = np.argwhere(vol == 1)
world = (m[:3, :3] @ ijk.T + m[:3, 3:4]).T
xs = np.sort(world[:, 0])
gap = np.argmax(np.diff(xs))
is_b = world[:, 0] > 0.5 * (xs[gap] + xs[gap + 1])  # the blobs are separated by the widest gap in x
inv_clip, inv_m = np.linalg.inv(clip_m), np.linalg.inv(m)
def first_label_along(px, py):
    # The app's ray: the mouse pixel -> NDC, unprojected at the near and far planes.
    nx, ny = 2 * (px - rx) / w - 1, 1 - 2 * (py - ry) / h
    a, b = (inv_clip @ np.array([nx, ny, z, 1.0]) for z in (-1.0, 1.0))
    a, b = a[:3] / a[3], b[:3] / b[3]
    n = int(np.linalg.norm(b - a) / 0.02)
    pts = a + np.outer(np.linspace(0, 1, n), b - a)
    idx = np.rint((inv_m[:3, :3] @ pts.T + inv_m[:3, 3:4]).T).astype(int)
    ok = np.all((idx >= 0) & (idx < np.array(vol.shape)), axis=1)
    idx = idx[ok]
    hit = np.nonzero(vol[idx[:, 0], idx[:, 1], idx[:, 2]] == 1)[0]
    return tuple(idx[hit[0]]) if len(hit) else None
b_set = {tuple(v) for v in ijk[is_b]}
centre = world[is_b].mean(axis=0)
for i in np.argsort(np.linalg.norm(world - centre, axis=1) + 1e9 * ~is_b)[:40]:
    c = clip_m @ np.append(world[i], 1.0)
    px, py = round(rx + (c[0] / c[3] + 1) * 0.5 * w), round(ry + (1 - c[1] / c[3]) * 0.5 * h)
    if first_label_along(px, py) in b_set:
        miss = (int(rx + w - 12), int(ry + h - 12))
        assert first_label_along(*miss) is None
        print(px, py, int(is_b.sum()), *miss)
        break
PY
}
read -r BPX BPY nB3d MPX MPY <<< "$(pick3d)"
echo "3D island click on B at ($BPX,$BPY), B has $nB3d voxels; a miss at ($MPX,$MPY)"
[ -n "${MPY:-}" ] && [ "$nB3d" = "$nB" ] || { echo "FAIL: no pixel of the 3D view shows blob B first (or B has $nB3d != $nB voxels)"; fail=1; }
xdotool key i; sync_app
[ "$(last TOOL)" = "TOOL island" ] || { echo "FAIL: I did not select the island tool ($(last TOOL))"; fail=1; }
move_to "$MPX" "$MPY"
press_release
[ "$(count1)" = "$nAB" ] || { echo "FAIL: a 3D island click beside the blobs changed the labels ($(count1))"; fail=1; }
move_to "$BPX" "$BPY"
before=$(last LABELS); press_release; wait_labels "$before"
island3d=$(count1); echo "after the 3D island click: $(last LABELS)"
[ "$island3d" = "$nB" ] || { echo "FAIL: the 3D island click left $island3d voxels (expected B's $nB)"; fail=1; }
xdotool key ctrl+z; sync_app
[ "$(count1)" = "$nAB" ] || { echo "FAIL: ctrl+z after the 3D island click gave $(count1) (expected $nAB)"; fail=1; }
# A drag from B and back (it orbits the camera there and back) keeps every island: only a
# press and release without movement picks, though the release is over B again.
# Each step is seen by the app while the button is down (a merged "there and back" would
# look like a click).
move_to "$BPX" "$BPY"
xdotool mousedown 1; sync_app
for dx in 6 6 6 6 -6 -6 -6 -6; do xdotool mousemove_relative -- "$dx" 0; sleep 0.05; sync_app; done
xdotool mouseup 1; sync_app
[ "$(count1)" = "$nAB" ] || { echo "FAIL: a drag in the 3D view with the island tool changed the labels ($(count1))"; fail=1; }

[ $fail = 0 ] && echo "PASS: island click kept $nB of $nAB voxels, undo -> $nAB; lasso erased $inside -> $cut, undo -> $nAB; 3D lasso erased $inside3d -> $cut3d, undo -> $nAB; 3D island click kept $island3d, undo and drag -> $(count1)"
exit $fail
