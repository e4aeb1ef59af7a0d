#!/usr/bin/env bash
# Real input through xdotool on the running viewer (phantom): a click in the axial view
# moves the crosshair and the coronal and sagittal views follow; the wheel steps one
# slice; a right-drag changes window/level and the image gets darker; M maximises the view
# under the mouse and R resets the views (fast key presses). The app prints
# state lines (--test-mode): VIEW rects, CROSSHAIR x y z (mm), WL window level.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool import

start_viewer --size 1280x800
xdotool mousemove 640 400
sync_app
rect() { awk -v n="$1" '$1=="VIEW" && $2==n {print $3, $4, $5, $6}' "$T/app.log" | tail -1; }
read -r AX AY AW AH <<< "$(rect axial)"
capture() { import -window root "$T/$1.png"; }
# Mean grey of a view's rectangle in a capture, and how many pixels changed between two.
stats() { $PY - "$@" <<'PY'
import sys, os
sys.path.insert(0, os.environ["HERE"])
from viewcheck import read_png
import numpy as np
mode = sys.argv[1]
if mode == "mean":
    img = read_png(sys.argv[2]); x, y, w, h = (int(float(v)) for v in sys.argv[3:7])
    print(f"{img[y + 20:y + h - 20, x + 20:x + w - 20, :3].mean():.2f}")
else:
    a, b = read_png(sys.argv[2]), read_png(sys.argv[3]); x, y, w, h = (int(float(v)) for v in sys.argv[4:8])
    d = np.abs(a[y:y + h, x:x + w, :3].astype(int) - b[y:y + h, x:x + w, :3].astype(int)).max(axis=2)
    print(int((d > 30).sum()))
PY
}
export HERE
fail=0
capture before
C0=$(last CROSSHAIR)

# 1. Click in the axial view, away from the centre: x and y change, z stays.
xdotool mousemove $((AX + AW * 3 / 10)) $((AY + AH * 6 / 10)); sync_app
xdotool click 1; sync_app
C1=$(last CROSSHAIR)
echo "click: $C0 -> $C1"
read -r _ x0 y0 z0 <<< "$C0"; read -r _ x1 y1 z1 <<< "$C1"
$PY -c "import sys; sys.exit(0 if abs($x1-$x0)>5 and abs($y1-$y0)>5 and abs($z1-$z0)<1e-6 and $x1<$x0 else 1)" \
    || { echo "FAIL: the click did not move the crosshair in the axial plane (to the patient's right)"; fail=1; }
capture clicked
for v in coronal sagittal; do
    n=$(stats diff "$T/before.png" "$T/clicked.png" $(rect $v))
    echo "$v: $n pixels changed after the click"
    [ "$n" -gt 500 ] || { echo "FAIL: the $v view did not follow the crosshair"; fail=1; }
done

# 2. Wheel up over the axial view: one slice superior (z grows by one slice step).
xdotool click 4; sync_app
C2=$(last CROSSHAIR)
read -r _ x2 y2 z2 <<< "$C2"
echo "wheel: $C1 -> $C2"
$PY -c "import sys; sys.exit(0 if $z2>$z1 and $z2-$z1<5 and $x2==$x1 and $y2==$y1 else 1)" \
    || { echo "FAIL: the wheel did not step one slice"; fail=1; }

# 3. Right-drag down over the axial view: level rises, the image gets darker.
W0=$(last WL); m0=$(stats mean "$T/clicked.png" $(rect axial))
xdotool mousedown 3; sleep 0.2
for i in $(seq 1 10); do xdotool mousemove_relative -- 0 15; sleep 0.05; done
sleep 0.2; xdotool mouseup 3; sync_app
W1=$(last WL)
capture wl
m1=$(stats mean "$T/wl.png" $(rect axial))
echo "W/L: $W0 -> $W1, axial mean grey $m0 -> $m1"
read -r _ w0 l0 <<< "$W0"; read -r _ w1 l1 <<< "$W1"
$PY -c "import sys; sys.exit(0 if $l1>$l0+50 and $m1<$m0-3 else 1)" \
    || { echo "FAIL: right-drag did not raise the level and darken the image"; fail=1; }

# The app draws a frame or so after each input; a maximised 3D view takes a while on a
# busy llvmpipe, so the checks below wait (up to 60 s) for the state they expect.
wait_layout() {
    for _ in $(seq 1 300); do [ "$(last LAYOUT)" = "LAYOUT $1" ] && return 0; sleep 0.2; done
    return 1
}
# Captures until the view's pixels differing from capture $2 are (lt) below or (gt) above $4.
wait_capture() {  # view ref lt|gt count out
    local n
    for _ in $(seq 1 15); do
        capture "$5"; n=$(stats diff "$T/$2.png" "$T/$5.png" $(rect $1))
        if [ "$3" = lt ] && [ "$n" -lt "$4" ]; then break; fi
        if [ "$3" = gt ] && [ "$n" -gt "$4" ]; then break; fi
        sleep 1
    done
    echo "$n"
}
# 4. Double-click maximises the axial view (two presses 0.12 s apart; the app times them
#    itself, so a slow frame between them does not matter).
xdotool mousemove $((AX + AW / 2)) $((AY + AH / 3)); sync_app
xdotool click --repeat 2 --delay 120 1
wait_layout axial || { echo "FAIL: double-click did not maximise the axial view"; fail=1; }
# 5. M, a fast press and release (xdotool key): the app queues GLFW key events, so no
#    frame misses it. Over the maximised axial view: back to quad.
xdotool key m
wait_layout quad || { echo "FAIL: M did not return to the quad layout"; fail=1; }
# 6. M over the 3D view maximises it, M again goes back.
read -r VX VY VW VH <<< "$(rect 3d)"
xdotool mousemove $((VX + VW / 2)) $((VY + VH / 2)); sync_app
xdotool key m
wait_layout 3d || { echo "FAIL: M over the 3D view did not maximise it: $(last LAYOUT)"; grep -E "^(VIEW|LAYOUT)" "$T/app.log"; echo "mouse at $((VX + VW / 2)) $((VY + VH / 2))"; fail=1; }
xdotool key m
wait_layout quad || { echo "FAIL: M did not return from the 3D view"; fail=1; }
# 7. R resets the views: zoom the axial view (Ctrl+wheel) and the 3D view (wheel), then R
#    over the axial view gives back the picture from before the zoom.
sync_app; capture prezoom
xdotool mousemove $((AX + AW / 2)) $((AY + AH / 2)); sync_app
xdotool keydown ctrl; sync_app
for i in 1 2 3; do xdotool click 4; sleep 0.2; done
sync_app; xdotool keyup ctrl; sync_app
xdotool mousemove $((VX + VW / 2)) $((VY + VH / 2)); sync_app
for i in 1 2 3; do xdotool click 4; sleep 0.2; done
sync_app
z3=$(wait_capture 3d prezoom gt 500 zoomed)
za=$(stats diff "$T/prezoom.png" "$T/zoomed.png" $(rect axial))
xdotool mousemove $((AX + AW / 2)) $((AY + AH / 2)); sync_app
xdotool key r
sync_app
r3=$(wait_capture 3d prezoom lt 50 reset)
ra=$(stats diff "$T/prezoom.png" "$T/reset.png" $(rect axial))
echo "zoom changed axial $za, 3d $z3 pixels; after R they differ from before the zoom by axial $ra, 3d $r3"
[ "$za" -gt 500 ] && [ "$z3" -gt 500 ] || { echo "FAIL: the zoom did not change the views"; fail=1; }
[ "$ra" -lt 50 ] && [ "$r3" -lt 50 ] || { echo "FAIL: R did not reset the views"; fail=1; }
kill "$APP"; wait "$APP" 2>/dev/null || true; APP=
exit $fail
