#!/usr/bin/env bash
# Correcting AI labels with real input (xdotool): the real CT with TotalSegmentator's label
# map (imported labels start locked). In the Segments panel: search "liver", select it, "Lock
# all others" (the liver unlocks, the rest stays locked), then a brush stroke from inside
# the liver over a neighbouring structure, Ctrl+S. Checks, exactly:
#   - the stroke added liver voxels, and every other label's voxel count is unchanged;
#   - in the saved file (nibabel), every voxel that changed was background and is now liver,
#     every other label is bit-identical to the AI file, including the neighbour's voxels
#     under the stroke; the affine is the input's;
#   - ticking "show changes vs. loaded labels" changes the axial view only around the
#     stroke, to green (voxels added); with it on, Ctrl+Z removes those pixels and Ctrl+Y
#     brings the view back exactly (the overlay is updated by sub-box);
#   - reopening the saved file in the viewer prints the same LABELS counts.
# The app prints (--test-mode) LABELS id:count after every change, WIDGET id x y w h for
# the panel's widgets, VIEWMAP (mm <-> pixels) and CROSSHAIR at start.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool import
DATA=$(cd "$2" 2>/dev/null && pwd)/data/totalseg
need_data "$DATA/example_ct_sm.nii.gz"
need_data "$DATA/example_seg.nii.gz"
$PY -c 'import nibabel' 2>/dev/null || { echo "SKIP: python3-nibabel missing"; exit 77; }

# The CT through a link in the work folder: Ctrl+S writes <stem>_labels.nii.gz beside it.
ln -s "$DATA/example_ct_sm.nii.gz" "$T/ct.nii.gz"
SEG=$DATA/example_seg.nii.gz
SAVED=$T/ct_labels.nii.gz
LOG=$T/app.log
start_viewer "$T/ct.nii.gz" --seg "$SEG" --size 1280x800
sync_app
# Input, then sync_app (xvfb_lib.bash) before the next check: the app has handled it and
# drawn the result, however slow its frames are.
click() {  # click the centre of widget $1 (hovered first, so ImGui sees the press on it)
    local x y w h
    read -r x y w h <<< "$(widget "$1")"
    [ -n "${h:-}" ] || { echo "FAIL: no WIDGET $1 in the log"; exit 1; }
    [ "$y" -ge 0 ] && [ $((y + h)) -le 774 ] || { echo "FAIL: widget $1 is off screen ($x $y $w $h)"; exit 1; }
    xdotool mousemove $((x + w / 2)) $((y + h / 2)); sync_app; xdotool click 1; sync_app
}
count_of() { echo "$1" | tr ' ' '\n' | awk -F: -v id="$2" '$1==id {print $2}'; }
others() { echo "$1" | tr ' ' '\n' | grep -v '^LABELS$' | grep -v "^$2:"; }
fail=0
BEFORE=$(last LABELS)
echo "loaded: $BEFORE"
[ "$(count_of "$BEFORE" 5)" -gt 1000 ] || { echo "FAIL: no liver (label 5) in $BEFORE"; exit 1; }

# 1. Scroll the side panel to its end (wheel over its left margin, not over the list).
xdotool mousemove 3 400; sync_app
for _ in $(seq 1 30); do xdotool click 5; sleep 0.03; done
sync_app
# 2. Search "liver", select it, lock all others.
click segments.search
xdotool type --delay 60 liver; sync_app
click segment.5
grep -q "^WIDGET segment.5 " "$LOG" || { echo "FAIL: the liver row is not listed"; exit 1; }
click segments.lock_others
# The lock change is an edit (the labels' version moves: LABELS printed again, same counts).
[ "$(grep -c '^LABELS' "$LOG")" -ge 2 ] || { echo "FAIL: Lock all others changed nothing"; fail=1; }

# 3. A stroke in the axial view from inside the liver across background into a neighbour.
read -r SX0 SY0 SX1 SY1 NB <<< "$(HERE="$HERE" $PY - "$SEG" "$LOG" <<'PY'
import os, sys
import numpy as np
sys.path.insert(0, os.environ["HERE"])
from viewcheck import load_lps, parse_log, crosshair_from_log, sample
vol, m = load_lps(sys.argv[1])
views, _ = parse_log(sys.argv[2])
x, y, w, h, ca, cb, ppm = views["axial"]
z = crosshair_from_log(sys.argv[2])[2]
best = None
px = np.arange(10, int(w) - 10)
for py in range(int(h * 0.15), int(h * 0.85), 2):
    lab = sample(vol, m, np.stack([ca + (px + 0.5 - w / 2) / ppm, np.full(len(px), cb + (py + 0.5 - h / 2) / ppm),
                                   np.full(len(px), z)], axis=1))
    for step in (1, -1):  # liver, then background, then another label, to the right or the left
        order = range(len(px)) if step == 1 else range(len(px) - 1, -1, -1)
        seq = [(i, lab[i]) for i in order]
        for n in range(len(seq) - 1):
            i, v = seq[n]
            if v != 5 or seq[n + 1][1] == 5:
                continue  # i: the liver's last pixel along the row
            gap = [u for _, u in seq[n + 1:n + 40]]
            for g, u in enumerate(gap):
                if not np.isnan(u) and u not in (0, 5):
                    background = gap[:g].count(0)  # pixels the stroke can paint
                    if background >= 4:
                        run = 0
                        while g + run < len(gap) and gap[g + run] == u:
                            run += 1
                        if run >= 6 and (best is None or background > best[0]):
                            j = seq[n + 1 + g + min(run - 1, 8)][0]
                            best = (background, int(x + px[i] - 8 * step), int(y + py), int(x + px[j]), int(y + py), int(u))
                    break
print(*best[1:] if best else "none")
PY
)"
[ "$SX0" != none ] || { echo "FAIL: no liver/neighbour row found in the axial view"; exit 1; }
echo "stroke: ($SX0,$SY0) -> ($SX1,$SY1), over label $NB"
# The app sees the mouse over the view before the press, the press at the start and the end
# before the release (a slow app may merge the motion in between; the stroke joins its points).
xdotool mousemove "$SX0" "$SY0"; sync_app
xdotool key b; sync_app
[ "$(last TOOL)" = "TOOL brush" ] || { echo "FAIL: B did not select the brush ($(last TOOL))"; fail=1; }
xdotool mousedown 1; sync_app
steps=12
for i in $(seq 1 $steps); do
    xdotool mousemove $((SX0 + (SX1 - SX0) * i / steps)) $((SY0 + (SY1 - SY0) * i / steps)); sleep 0.05
done
sync_app; xdotool mouseup 1; sync_app
AFTER=$(last LABELS)
echo "after the stroke: $AFTER"
added=$(( $(count_of "$AFTER" 5) - $(count_of "$BEFORE" 5) ))
[ "$added" -gt 0 ] || { echo "FAIL: the stroke added no liver voxels ($added)"; fail=1; }
[ "$(others "$AFTER" 5)" = "$(others "$BEFORE" 5)" ] || { echo "FAIL: other labels' counts changed"; fail=1; }

# 4. "show changes vs. loaded labels": the axial view changes exactly around the stroke
# (green = voxels added), nowhere else. Captures with the mouse parked at the same place.
capture() { xdotool mousemove "$SX1" "$SY1"; sync_app; import -window root "$T/$1.png"; }
capture nodiff
click segments.difference
capture diff
HERE="$HERE" $PY - "$T/nodiff.png" "$T/diff.png" "$LOG" "$SX0" "$SX1" "$SY0" <<'PY' || fail=1
import os, sys
import numpy as np
sys.path.insert(0, os.environ["HERE"])
from viewcheck import read_png, parse_log
a, b = read_png(sys.argv[1])[:, :, :3].astype(int), read_png(sys.argv[2])[:, :, :3].astype(int)
views, _ = parse_log(sys.argv[3]); x, y, w, h, ca, cb, ppm = views["axial"]
x0, x1, sy = sorted(map(int, sys.argv[4:6])) + [int(sys.argv[6])]
d = np.abs(a - b).max(axis=2) > 30
d[:, :int(x)] = False; d[:, int(x + w):] = False; d[:int(y), :] = False; d[int(y + h):, :] = False
ys, xs = np.nonzero(d)
r = 5 * ppm + 4  # brush radius in pixels, and a voxel's worth of margin
far = ((xs < x0 - r) | (xs > x1 + r) | (np.abs(ys - sy) > r)).sum()
green = ((b[ys, xs, 1] > b[ys, xs, 0] + 40) & (b[ys, xs, 1] > b[ys, xs, 2] + 40)).sum()
print(f"difference overlay: {len(xs)} axial pixels changed, {green} green, {far} away from the stroke")
ok = len(xs) >= 10 and far == 0 and green >= 0.8 * len(xs)
print("ok" if ok else "FAIL: the difference overlay does not show (only) the stroke")
sys.exit(0 if ok else 1)
PY

# 4b. With the overlay on, undo and redo update it box by box (sub-box uploads of the
# overlay texture): after Ctrl+Z the stroke's overlay pixels are gone, after Ctrl+Y the
# axial view is the "diff" capture again.
xdotool key ctrl+z; sync_app
for _ in $(seq 1 600); do [ "$(last LABELS)" = "$BEFORE" ] && break; sleep 0.1; done
[ "$(last LABELS)" = "$BEFORE" ] || { echo "FAIL: ctrl+z did not undo the stroke: $(last LABELS)"; fail=1; }
capture undone
xdotool key ctrl+y; sync_app
for _ in $(seq 1 600); do [ "$(last LABELS)" = "$AFTER" ] && break; sleep 0.1; done
[ "$(last LABELS)" = "$AFTER" ] || { echo "FAIL: ctrl+y did not redo the stroke: $(last LABELS)"; fail=1; }
capture redone
HERE="$HERE" $PY - "$T/nodiff.png" "$T/diff.png" "$T/undone.png" "$T/redone.png" "$LOG" <<'PY' || fail=1
import os, sys
import numpy as np
sys.path.insert(0, os.environ["HERE"])
from viewcheck import read_png, parse_log
nodiff, diff, undone, redone = (read_png(p)[:, :, :3].astype(int) for p in sys.argv[1:5])
views, _ = parse_log(sys.argv[5]); x, y, w, h, ca, cb, ppm = views["axial"]
def axial(d):
    d[:, :int(x)] = False; d[:, int(x + w):] = False; d[:int(y), :] = False; d[int(y + h):, :] = False
    return d
shown = axial(np.abs(diff - nodiff).max(axis=2) > 30)  # the stroke's overlay pixels
kept = (np.abs(undone - diff).max(axis=2) <= 30) & shown
back = axial(np.abs(redone - diff).max(axis=2) > 30)
print(f"undo/redo with the overlay on: {int(shown.sum())} overlay pixels, {int(kept.sum())} still shown after undo, "
      f"{int(back.sum())} differ from before after redo")
ok = shown.sum() >= 10 and kept.sum() == 0 and back.sum() == 0
print("ok" if ok else "FAIL: the difference overlay did not follow undo/redo")
sys.exit(0 if ok else 1)
PY

# 5. Ctrl+S, then the saved file against the AI's, voxel by voxel.
xdotool key ctrl+s; sync_app
for _ in $(seq 1 600); do grep -q "^saved " "$LOG" && break; sleep 0.1; done
grep -q "^saved $SAVED" "$LOG" || { echo "FAIL: ctrl+s did not save $SAVED: $(grep saved "$LOG")"; exit 1; }
$PY - "$SEG" "$SAVED" "$added" "$NB" "$LOG" "$SX0" "$SY0" "$SX1" "$SY1" "$HERE" <<'PY' || fail=1
import os, sys
import numpy as np, nibabel as nib
sys.path.insert(0, sys.argv[10])
from viewcheck import load_lps, parse_log, crosshair_from_log
a, b = nib.load(sys.argv[1]), nib.load(sys.argv[2])
A, B = np.asarray(a.dataobj), np.asarray(b.dataobj)
added, nb = int(sys.argv[3]), int(sys.argv[4])
bad = 0
def check(ok, what):
    global bad
    print(("ok: " if ok else "FAIL: ") + what)
    bad += not ok
check(np.allclose(a.affine, b.affine, atol=1e-5) and A.shape == B.shape, "same grid and affine")
changed = A != B
check(int(changed.sum()) == added, f"{int(changed.sum())} voxels changed, the app counted {added} added")
check(bool(np.all(A[changed] == 0) and np.all(B[changed] == 5)), "every changed voxel was background and is liver now")
labels = [int(v) for v in np.unique(A) if v not in (0, 5)]
same = [l for l in labels if np.array_equal(A == l, B == l)]
check(len(same) == len(labels), f"{len(same)} of {len(labels)} other labels bit-identical")
# The stroke ran over the neighbour: its voxels within 3 mm of the stroke's line (brush
# radius 5 mm) are still the neighbour's.
vol, m = load_lps(sys.argv[1])
views, _ = parse_log(sys.argv[5]); x, y, w, h, ca, cb, ppm = views["axial"]
z = crosshair_from_log(sys.argv[5])[2]
def lps(px, py): return np.array([ca + (px - x + 0.5 - w / 2) / ppm, cb + (py - y + 0.5 - h / 2) / ppm, z])
p0, p1 = lps(*map(int, sys.argv[6:8])), lps(*map(int, sys.argv[8:10]))
ijk = np.indices(A.shape).reshape(3, -1).T
pts = (m[:3, :3] @ ijk.T).T + m[:3, 3]
t = np.clip(((pts - p0) @ (p1 - p0)) / max((p1 - p0) @ (p1 - p0), 1e-9), 0, 1)
near = (np.linalg.norm(pts - (p0 + t[:, None] * (p1 - p0)), axis=1) <= 3.0).reshape(A.shape)
under = near & (A == nb)
check(int(under.sum()) > 0 and bool(np.all(B[under] == nb)),
      f"{int(under.sum())} voxels of label {nb} under the stroke kept their label")
check(int((near & (B == 5) & (A == 0)).sum()) > 0, "the stroke painted background next to the liver")
sys.exit(1 if bad else 0)
PY
kill "$APP"; wait "$APP" 2>/dev/null || true; APP=

# 6. Reopen the saved labels: the same counts.
LOG=$T/app2.log LOG2=$T/app2.log
start_viewer "$T/ct.nii.gz" --seg "$SAVED" --size 1280x800
sync_app
RELOADED=$(awk '$1=="LABELS" {print; exit}' "$LOG2")
echo "reloaded: $RELOADED"
[ "$RELOADED" = "$AFTER" ] || { echo "FAIL: the reloaded labels differ from the saved session"; fail=1; }
[ $fail = 0 ] && echo "PASS: liver +$added voxels, every other label unchanged, saved and reloaded identically"
exit $fail
