#!/usr/bin/env bash
# Click-to-pixels latency of the bone workflow in the real window (issue 12): starts
# `marrow view typical.nii --test-mode` under Xvfb (llvmpipe), drives it with xdotool through
# remove table, apply threshold (bone preset), keep largest island, undo, redo, a brush dab
# and its stroke, surfaces on, and prints the viewer's LATENCY lines (ui/latency_trace.h) as a table.
# Usage: bench/latency_workflow.sh MARROW_BINARY WORK_DIR
# WORK_DIR gets typical.nii (512x512x400 int16, bench/nifti_cli_times.sh makes it) when absent.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
M_ARG=$(realpath "$1"); WORK=$(realpath -m "$2")
source "$HERE/../tests/e2e/xvfb_lib.bash"
run_under_xvfb "$@"
M=$M_ARG; PY=/usr/bin/python3
need_tool xdotool
mkdir -p "$WORK"
if [ ! -f "$WORK/typical.nii" ]; then
    "$HERE/nifti_cli_times.sh" "$M" "$WORK" 1 >/dev/null  # writes typical.nii first
fi
setup_app_workdir
cd "$T"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start_viewer "$WORK/typical.nii" --size 1280x800
latency_count() { grep -c '^LATENCY ' "$LOG" || true; }
# Waits (up to 300 s) for the LATENCY line of the action just started.
wait_latency() {
    local want=$1
    for _ in $(seq 1 3000); do [ "$(latency_count)" -ge "$want" ] && return 0; sleep 0.1; done
    echo "FAIL: no LATENCY line $want"; cp "$LOG" "$WORK/latency_app.log"; exit 1
}
# Scrolls the side panel until the widget is wholly in the window, then clicks it.
click_visible() {
    local x y w h
    for _ in $(seq 1 60); do
        read -r x y w h <<< "$(widget "$1")"
        [ -n "$x" ] || { echo "FAIL: no WIDGET $1 line"; exit 1; }
        [ "${y%.*}" -ge 0 ] && [ $(( ${y%.*} + ${h%.*} )) -le 770 ] && break
        xdotool mousemove 100 400; sync_app
        if [ "${y%.*}" -lt 0 ]; then xdotool click 4; else xdotool click 5; fi; sync_app
    done
    click_widget "$1"
}
sync_app
wait_latency 1  # startup
n=1
act() {  # act DESCRIPTION COMMAND...: runs the input, waits for its LATENCY line(s)
    local lines=$1; shift
    "$@"; n=$((n + lines)); wait_latency $n; sync_app
}
act 1 click_visible threshold.remove_table
act 1 click_visible threshold.apply
click_visible smoothing.header
act 1 click_visible islands.keep_largest
act 1 xdotool key ctrl+z
act 1 xdotool key ctrl+y
# A brush dab in the axial view's centre: the press shows the dab, the release the stroke.
read -r AX AY AW AH <<< "$(awk '$1=="VIEW" && $2=="axial" {print $3, $4, $5, $6}' "$LOG" | tail -1)"
xdotool key b; sync_app
xdotool mousemove $(( ${AX%.*} + ${AW%.*} / 2 )) $(( ${AY%.*} + ${AH%.*} / 2 )); sync_app
act 1 xdotool mousedown 1
act 1 xdotool mouseup 1
# Surfaces on: the 3D view's "show" combo, then its second row ("segment surfaces").
click_visible volume.show
read -r x y w h <<< "$(widget volume.show)"
act 1 click_at $(( ${x%.*} + ${w%.*} / 4 )) $(( ${y%.*} + ${h%.*} * 5 / 2 ))
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cp "$LOG" "$WORK/latency_app.log"  # every state line, for a closer look
grep '^LATENCY ' "$LOG" | $PY -c '
import sys
rows = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in sys.stdin]
cols = ["total_ms", "kernel_ms", "undo_ms", "statistics_ms", "upload_ms", "remesh_ms", "overlay_ms", "frame_ms"]
print("| action | " + " | ".join(c[:-3] + " ms" for c in cols) + " |")
print("|---" * (len(cols) + 1) + "|")
for r in rows:
    print("| " + r["action"] + " | " + " | ".join("%.0f" % float(r[c]) for c in cols) + " |")
'
