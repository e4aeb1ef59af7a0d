#!/usr/bin/env bash
# Real input through xdotool on the running viewer (phantom, no labels): the Threshold
# panel's "preview" checkbox tints the axial view live (nothing written), "Apply threshold"
# with the default bone preset (150..3071 HU) makes a "Bone" segment holding exactly the
# voxels `marrow segment phantom --threshold 150:3071` labels, and Ctrl+Z takes it back
# (the new segment and its voxels are one undo step: no segment is left).
# The app prints (--test-mode) "WIDGET id x y w h" for the panel's probed widgets
# (ui/test_probe.h), "LABELS id:count ..." after every change of the label map.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool import

# The reference count: the CLI's threshold of the same phantom.
"$M" segment phantom --threshold 150:3071 -o "$T/cli.nii.gz" --report "$T/cli.json" > /dev/null
expected=$($PY -c "import json; print(json.load(open('$T/cli.json'))['segment']['voxels'])")
echo "CLI: $expected voxels in 150..3071 HU"

cd "$T"
start_viewer phantom --size 1280x800
sync_app
rect() { awk -v n="$1" '$1=="VIEW" && $2==n {print $3, $4, $5, $6}' "$T/app.log" | tail -1; }
count1() { last LABELS | tr ' ' '\n' | awk -F: '$1=="1" {c=$2} END {print (c == "" ? 0 : c)}'; }
# Scrolls the side panel until the widget lies wholly inside the window, then clicks its
# centre; each step waits until the app has handled it (sync_app: frames can take seconds
# under load), so the WIDGET lines are current and the click has taken effect.
click_widget() {
    local x y w h
    for _ in $(seq 1 40); do
        read -r x y w h <<< "$(widget "$1")"
        [ -n "$x" ] || { echo "FAIL: no WIDGET $1 reported"; exit 1; }
        [ "${y%.*}" -ge 0 ] && [ $(( ${y%.*} + ${h%.*} )) -le 770 ] && break
        xdotool mousemove 100 400; sync_app
        xdotool click 5; sync_app  # wheel down over the panel
    done
    xdotool mousemove $(( ${x%.*} + ${w%.*} / 2 )) $(( ${y%.*} + ${h%.*} / 2 )); sync_app
    xdotool mousedown 1; sync_app; sleep 0.05; xdotool mouseup 1; sync_app
}
read -r AX AY AW AH <<< "$(rect axial)"
capture() { import -window root "$T/$1.png"; }
changed() { pixels_changed "$T/$1.png" "$T/$2.png" $AX $AY $AW $AH; }
fail=0
[ "$(last LABELS)" = "LABELS" ] || { echo "FAIL: expected no segments at start, got '$(last LABELS)'"; fail=1; }

# 1. Preview on: the bone range is tinted in the axial view, the label map is untouched.
# Frames can take seconds under load (llvmpipe): click_widget waited for the app (sync_app);
# poll the screen a while more all the same.
sync_app; capture before  # preview off (the panel may scroll below; the axial view does not move)
click_widget threshold.preview
for _ in $(seq 1 60); do capture preview; n=$(changed before preview); [ "$n" -gt 200 ] && break; sleep 1; done
echo "preview: $n axial pixels tinted"
[ "$n" -gt 200 ] || { echo "FAIL: the threshold preview does not show in the axial view"; fail=1; }
[ "$(last LABELS)" = "LABELS" ] || { echo "FAIL: the preview wrote labels: $(last LABELS)"; fail=1; }

# 2. Apply: a Bone segment with exactly the CLI's voxels; the preview is switched off.
click_widget threshold.apply
# The LABELS line follows the job's frame (which re-renders the 3D view: slow on llvmpipe).
for _ in $(seq 1 600); do [ "$(count1)" != 0 ] && break; sleep 0.1; done
grep "^JOB" "$T/app.log" | tail -1
applied=$(count1); echo "after Apply: $(last LABELS)"
[ "$applied" = "$expected" ] || { echo "FAIL: Apply labelled $applied voxels (CLI: $expected)"; fail=1; }

# 3. Ctrl+Z: the step (segment + voxels) is gone.
xdotool key ctrl+z; sync_app
for _ in $(seq 1 600); do [ "$(count1)" = 0 ] && break; sleep 0.1; done
echo "after ctrl+z: $(last LABELS)"
[ "$(count1)" = "0" ] || { echo "FAIL: ctrl+z left $(count1) voxels"; fail=1; }
sync_app
# The latency trace (ui/latency_trace.h) has a line for each action: Apply and the undo.
grep "^LATENCY " "$T/app.log" || true
grep -q "^LATENCY action=Threshold.* total_ms=" "$T/app.log" || { echo "FAIL: no LATENCY line for Apply"; fail=1; }
grep -q "^LATENCY action=undo .*kernel_ms=.*upload_ms=" "$T/app.log" || { echo "FAIL: no LATENCY line for the undo"; fail=1; }
for _ in $(seq 1 60); do capture undone; n=$(changed before undone); [ "$n" -lt 20 ] && break; sleep 1; done
echo "after undo: $n axial pixels differ from before the preview"
[ "$n" -lt 20 ] || { echo "FAIL: the undone threshold (or the preview) still shows"; fail=1; }

[ $fail = 0 ] && echo "PASS: preview tints, Apply = CLI = $applied voxels, Ctrl+Z -> 0"
exit $fail
