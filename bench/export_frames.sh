#!/usr/bin/env bash
# The viewer's mesh export as a background job: how long the export takes (what the old
# code froze the window for: it ran the same work inside one frame) and the frame-to-frame
# times while it runs (--test-mode JOBFRAMES line). Phantom bone (256^3), the Export mesh
# dialog's defaults (STL, 10 Taubin steps), Xvfb + llvmpipe at 1366x768.
# Usage: [RUNS=3] bench/export_frames.sh path/to/marrow
set -euo pipefail
HERE=$(cd "$(dirname "$0")/../tests/e2e" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$1" "${SHARED:-/nonexistent}" -- xdotool
cd "$T"
"$M" phantom "$T/p.nii.gz" --labels "$T/labels.nii.gz" >/dev/null
# The old path, for reference: the same export on the calling thread (headless).
s=$(date +%s.%N); "$M" view phantom --seg "$T/labels.nii.gz" --export-stl "$T/headless" >/dev/null; e=$(date +%s.%N)
echo "headless view --export-stl (load + export, one thread of control): $(echo "$e - $s" | bc) s"
start_viewer phantom --seg "$T/labels.nii.gz" --size 1366x768
sync_app
panel_open() {
    local x y w h
    for _ in $(seq 1 40); do
        read -r x y w h <<< "$(widget export-stl)"
        [ $(( ${y%.*} + ${h%.*} )) -le 740 ] && break
        xdotool mousemove 100 400; sync_app; xdotool click 5; sync_app
    done
    click_at $(( ${x%.*} + ${w%.*} / 2 )) $(( ${y%.*} + ${h%.*} / 2 ))
}
panel_open
for run in $(seq 1 "${RUNS:-3}"); do
    read -r x y w h <<< "$(widget export-go)"
    before=$(grep -c '^JOB ' "$LOG" || true)
    xdotool mousemove $((x + w / 2)) $((y + h / 2)); sync_app
    xdotool mousedown 1; sleep 0.3; s=$(date +%s.%N); xdotool mouseup 1
    while [ "$(grep -c '^JOB ' "$LOG" || true)" -le "$before" ]; do sleep 0.05; done
    e=$(date +%s.%N)
    echo "run $run: export job $(echo "$e - $s" | bc) s (click to JOB line); $(last JOBFRAMES)"
    sync_app
done
