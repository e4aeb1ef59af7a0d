#!/usr/bin/env bash
# Orbiting the 3D view with segment surfaces (xdotool on the running viewer, the phantom's
# bone labels, `--3d surfaces`): while the left button drags, the view draws each block's
# coarse triangle set (software OpenGL pays per triangle), under half of the full surface,
# and still shows the bone; on release it draws the full surface again. The app prints
# (--test-mode) "SURFACES mode triangles ..." (the full surface) and "SURFACEDRAW n" when
# the number of triangles it drew changes.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool import
"$M" phantom "$T/p.nii.gz" --labels "$T/labels.nii.gz" >/dev/null
start_viewer phantom --seg "$T/labels.nii.gz" --3d surfaces --size 1280x800
for _ in $(seq 1 600); do grep -q '^JOB ok surfaces' "$LOG" && break; sleep 0.1; done
grep -q '^JOB ok surfaces' "$LOG" || { echo "FAIL: no surfaces job ended"; cat "$LOG"; exit 1; }
wait_draw() {  # lt|eq N: until the last SURFACEDRAW count is below / equal to N (60 s)
    local n
    for _ in $(seq 1 600); do
        n=$(last SURFACEDRAW | awk '{print $2}')
        if [ -n "$n" ]; then
            if [ "$1" = lt ] && [ "$n" -lt "$2" ]; then echo "$n"; return 0; fi
            if [ "$1" = eq ] && [ "$n" -eq "$2" ]; then echo "$n"; return 0; fi
        fi
        sleep 0.1
    done
    echo "${n:-none}"; return 1
}
full=0  # the job's blocks are stored (and counted) a frame or so after it ends
for _ in $(seq 1 600); do full=$(last SURFACES | awk '{print $3}'); [ "${full:-0}" -gt 0 ] && break; sleep 0.1; done
fail=0
drawn=$(wait_draw eq "$full") || { echo "FAIL: the still view drew $drawn triangles, not the full $full"; fail=1; }
read -r VX VY VW VH <<< "$(awk '$1=="VIEW" && $2=="3d" {print $3, $4, $5, $6}' "$LOG" | tail -1)"
# Bright (surface) pixels of the 3D view in a capture.
bright() { import -window root "$T/$1.png"; /usr/bin/python3 - "$T/$1.png" $VX $VY $VW $VH <<'PY'
import sys, os
sys.path.insert(0, os.environ["HERE"])
from viewcheck import read_png
img = read_png(sys.argv[1]); x, y, w, h = (int(float(v)) for v in sys.argv[2:6])
print(int((img[y + 20:y + h - 20, x + 5:x + w - 5, :3].max(axis=2) > 60).sum()))
PY
}
export HERE
sync_app
still=$(bright still)
xdotool mousemove $((VX + VW / 2)) $((VY + VH / 2)); sync_app
xdotool mousedown 1; sleep 0.2
for _ in $(seq 1 6); do xdotool mousemove_relative -- 8 0; sleep 0.1; done
coarse=$(wait_draw lt $((full / 2))) || { echo "FAIL: while orbiting it drew $coarse of $full triangles"; fail=1; }
sync_app  # the coarse frame is on screen (the button is still down)
moving=$(bright moving)
xdotool mouseup 1
again=$(wait_draw eq "$full") || { echo "FAIL: after the drag it drew $again triangles, not $full"; fail=1; }
echo "full surface $full triangles; drawn while orbiting $coarse; surface pixels still $still, orbiting $moving"
[ "$still" -gt 2000 ] || { echo "FAIL: the still view shows no surface"; fail=1; }
# A few degrees of orbit: the coarse surface covers about as much of the view as the full one.
/usr/bin/python3 -c "import sys; sys.exit(0 if abs($moving - $still) < 0.2 * $still else 1)" \
    || { echo "FAIL: the coarse surface covers $moving pixels, the full one $still"; fail=1; }
[ $fail = 0 ] && echo "PASS: orbiting drew the coarse surface ($coarse of $full triangles), the still view the full one"
exit $fail
