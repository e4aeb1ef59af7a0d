# Shared by the viewer e2e tests (sourced; named .bash so ctest does not run it as a test).
# Re-runs the calling script under Xvfb (llvmpipe) unless it already is; skips with 77
# when xvfb-run is missing, except under CI=true where a missing tool is a failure.
need_tool() {
    if ! command -v "$1" >/dev/null 2>&1; then
        if [ "${CI:-}" = "true" ]; then echo "FAIL: $1 is missing"; exit 1; fi
        echo "SKIP: $1 is missing"; exit 77
    fi
}
run_under_xvfb() {
    if [ -z "${MARROW_IN_XVFB:-}" ]; then
        need_tool xvfb-run
        MARROW_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 ${MARROW_XVFB_SCREEN:-1280x800x24}" bash "$0" "$@"
    fi
}
need_data() {
    if [ ! -e "$1" ]; then
        if [ "${CI:-}" = "true" ]; then echo "FAIL: missing $1"; exit 1; fi
        echo "SKIP: missing $1"; exit 77
    fi
}
# The start every GUI test script shares: re-runs it under Xvfb, checks the tools named after
# "--", sets M (the marrow binary, the script's first argument) and PY, and makes the work
# folder $T (setup_app_workdir). Call as: gui_test_start "$@" -- xdotool import
gui_test_start() {
    local args=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    [ ${#args[@]} -gt 0 ] || { echo "usage: $0 MARROW_BINARY SHARED_DIR"; exit 2; }
    run_under_xvfb "${args[@]}"
    M=$(realpath "${args[0]}")
    PY=/usr/bin/python3
    local tool
    for tool in "$@"; do need_tool "$tool"; done
    setup_app_workdir
}
# For tests that drive a running app: a work folder $T and the app's pid $APP (set it
# when starting the app); on exit the app is stopped and the folder removed.
setup_app_workdir() {
    T=$(mktemp -d)
    # The app's config (recent files, autosave journals) lives in the test's folder: a
    # journal one test leaves (its app is killed) is never offered to another.
    export MARROW_CONFIG_DIR="$T/config"
    APP=
    trap '[ -n "$APP" ] && kill "$APP" 2>/dev/null; rm -rf "$T"' EXIT
}
# Pixels (of the x y w h rectangle) whose colour differs by more than 30 between two
# screen captures: pixels_changed A.png B.png X Y W H.
pixels_changed() {
    HERE="$(dirname "${BASH_SOURCE[0]}")" /usr/bin/python3 - "$@" <<'PY'
import sys, os
sys.path.insert(0, os.environ["HERE"])
from viewcheck import read_png
import numpy as np
a, b = read_png(sys.argv[1]), read_png(sys.argv[2]); x, y, w, h = (int(float(v)) for v in sys.argv[3:7])
d = np.abs(a[y:y + h, x:x + w, :3].astype(int) - b[y:y + h, x:x + w, :3].astype(int)).max(axis=2)
print(int((d > 30).sum()))
PY
}
# Starts the viewer in --test-mode with the given arguments (those after "view"), its state
# lines going to $LOG (default $T/app.log), sets APP, and waits up to 90 s for READY;
# fails the test when the viewer does not start. Needs M (the binary) and T.
start_viewer() {
    LOG=${LOG:-$T/app.log}
    "$M" view "$@" --test-mode > "$LOG" 2>&1 & APP=$!
    for _ in $(seq 1 900); do grep -q READY "$LOG" && return 0; sleep 0.1; done
    echo "FAIL: the viewer did not start"; cat "$LOG"; exit 1
}
# The last state line of a kind (CROSSHAIR, LABELS, TOOL ...) and a widget's "x y w h".
last() { awk -v k="$1" '$1==k {v=$0} END {print v}' "$LOG"; }
widget() { awk -v n="$1" '$1=="WIDGET" && $2==n {v=$3" "$4" "$5" "$6} END {print v}' "$LOG"; }
# Waits until the running app has handled every input sent so far: F12 makes it print
# "SYNC n" (--test-mode) once a few frames have been drawn after it with no job or load
# running, so the effects (state lines, jobs, the picture on screen) are all there. Use it
# after input and before a check, instead of a fixed sleep: on a loaded machine (CI runs
# every e2e test at once on llvmpipe) a frame can take seconds. Fails the test after 120 s.
sync_app() {
    local before
    before=$(grep -c '^SYNC ' "$LOG" || true)
    xdotool key F12
    for _ in $(seq 1 1200); do
        [ "$(grep -c '^SYNC ' "$LOG" || true)" -gt "$before" ] && return 0
        if [ -n "${APP:-}" ] && ! kill -0 "$APP" 2>/dev/null; then
            echo "FAIL: the app exited"; tail -5 "$LOG"; exit 1
        fi
        sleep 0.1
    done
    echo "FAIL: the app did not answer F12 (SYNC) within 120 s"; exit 1
}
# Keys held across frames: ImGui 1.86 misses a press and release within one frame, and a
# frame can take seconds under load, so each press is seen down (sync_app) before its release.
press() { xdotool keydown "$1"; sync_app; sleep 0.05; xdotool keyup "$1"; sync_app; }
# A left click at x y, each half seen by the app.
click_at() {
    xdotool mousemove "$1" "$2"; sync_app
    xdotool mousedown 1; sync_app; sleep 0.05; xdotool mouseup 1; sync_app
}
# Clicks the middle of a widget (its WIDGET line); fails the test when the app printed none.
click_widget() {
    local x y w h
    read -r x y w h <<< "$(widget "$1")"
    [ -n "$x" ] || { echo "FAIL: no WIDGET $1 line"; exit 1; }
    click_at $((x + w / 2)) $((y + h / 2))
}
# Scrolls the side panel (mouse wheel over it, either way) until widget $1 lies wholly on
# screen above y 740 (clear of the status bar at 1366x768 and taller windows), each step
# seen by the app; fails the test when the app printed no WIDGET line or it never gets there.
scroll_to_widget() {
    local x y w h
    for _ in $(seq 1 60); do
        read -r x y w h <<< "$(widget "$1")"
        [ -n "$x" ] || { echo "FAIL: no WIDGET $1 line"; exit 1; }
        [ "${y%.*}" -ge 0 ] && [ $(( ${y%.*} + ${h%.*} )) -le 740 ] && return 0
        xdotool mousemove 100 400; sync_app
        if [ "${y%.*}" -lt 0 ]; then xdotool click 4; else xdotool click 5; fi
        sync_app
    done
    echo "FAIL: widget $1 is not on screen: $x $y $w $h"; exit 1
}
# A click on a side-panel widget wherever the panel is scrolled.
panel_click() { scroll_to_widget "$1"; click_widget "$1"; }
# Replaces the text of a field widget with $2 and presses Enter.
type_into() {
    click_widget "$1"
    press ctrl+a; press BackSpace
    xdotool type --delay 20 "$2"; sync_app
    press Return
}
# Voxels of label $2 in the label map file $1 (nibabel), or the error.
label_voxels() {
    $PY -c "import sys, nibabel as nib, numpy as np; print(int((np.asarray(nib.load(sys.argv[1]).dataobj) == int(sys.argv[2])).sum()))" "$1" "$2" 2>&1 || true
}
# Ctrl+S, then waits (up to 60 s) for the app's "saved ..." line.
save_with_ctrl_s() {
    xdotool key ctrl+s; sync_app
    for _ in $(seq 1 600); do grep -q "^saved " "$LOG" && return 0; sleep 0.1; done
    echo "FAIL: Ctrl+S saved nothing"; return 1
}
# The Xvfb screen as WxH (MARROW_XVFB_SCREEN, default 1280x800), and a capture of the whole
# screen to $MARROW_SCREENSHOT_DIR/NAME_WxH.png when that folder is set (docs/screenshots).
screen_size() { local s=${MARROW_XVFB_SCREEN:-1280x800x24}; echo "${s%x*}"; }
shot() {
    [ -n "${MARROW_SCREENSHOT_DIR:-}" ] || return 0
    import -window root "$MARROW_SCREENSHOT_DIR/$1_$(screen_size).png"
}
