#!/usr/bin/env bash
# The viewer's mesh export as a background job, driven by real input at 1366x768: the
# Export mesh dialog's Export starts it, its progress bar moves (--test-mode "PROGRESS"
# lines) while the window keeps drawing, Cancel mid-export leaves no file (and no
# temporary file), and a second export completes with an STL admesh accepts (closed,
# nothing to fix, the bone mask's bounds). Test hook: MARROW_TEST_EXPORT_STEP_MS slows each
# progress step of the export (ui/panel_export.cpp) so the Cancel click lands mid-export
# on any machine. While the job runs, sync_app (which waits for no job) is not used: the
# script waits on the app's PROGRESS/JOB lines instead.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool admesh
TMP=$T
source "$HERE/../cli/lib/stl_check.sh"

cd "$T"
"$M" phantom "$T/p.nii.gz" --labels "$T/labels.nii.gz" >/dev/null
export MARROW_TEST_EXPORT_STEP_MS=1500
start_viewer phantom --seg "$T/labels.nii.gz" --size 1366x768
sync_app
# A click that starts a job or lands while one runs: no sync_app after the release (it
# waits for the job to end); each half held long enough for a few frames.
click_unsynced() {
    local x y w h
    read -r x y w h <<< "$(widget "$1")"
    [ -n "$x" ] || { echo "FAIL: no WIDGET $1 reported"; exit 1; }
    xdotool mousemove $(( ${x%.*} + ${w%.*} / 2 )) $(( ${y%.*} + ${h%.*} / 2 )); sleep 1
    xdotool mousedown 1; sleep 0.7; xdotool mouseup 1
}
wait_line() {  # wait_line REGEX [count]: until the log has count lines matching REGEX
    for _ in $(seq 1 1200); do
        [ "$(grep -cE "$1" "$LOG" || true)" -ge "${2:-1}" ] && return 0
        sleep 0.1
    done
    echo "FAIL: no '$1' line"; tail -20 "$LOG"; exit 1
}
no_outputs() { ! ls "$T"/*.stl "$T"/.marrow-tmp-* 2>/dev/null | grep -q .; }

panel_click export-stl       # opens the Export mesh dialog
click_unsynced export-go     # the first export...
wait_line '^PROGRESS Export meshes' 2
click_unsynced export-cancel # ...cancelled mid-way
wait_line '^JOB cancelled'
sync_app
fail=0
no_outputs || { echo "FAIL: the cancelled export left files: $(ls -a "$T")"; fail=1; }
progress=$(grep -c '^PROGRESS Export meshes' "$LOG")
echo "cancelled after $progress progress lines"

click_unsynced export-go     # the second export runs to its end
wait_line '^JOB ok'
wait_line '^EXPORT '
sync_app
# The bar only moved forward within each export.
awk '$1=="PROGRESS" {if (prev != "" && $4 < prev && $4 > 0.001) bad=1; prev=$4} $1=="JOB" {prev=""} END {exit bad}' "$LOG" \
    || { echo "FAIL: progress went backwards"; grep PROGRESS "$LOG"; fail=1; }
file=$(grep '^EXPORT ' "$LOG" | tail -1 | sed -E 's/^EXPORT ([^:]+): .*/\1/')
[ -f "$file" ] || { echo "FAIL: $file does not exist"; exit 1; }
$PY - "$T/labels.nii.gz" > "$T/box.txt" <<PY
import sys, numpy as np, nibabel as nib
sys.path.insert(0, "$TMP")
from bounds import lps_bounds
img = nib.load(sys.argv[1])
lo, hi = lps_bounds(np.asanyarray(img.dataobj) == 1, img.affine)
print(lo[0], hi[0], lo[1], hi[1], lo[2], hi[2], float(np.abs(img.affine[:3, :3]).sum(0).max()))
PY
check_stl "$file" "$T/box.txt" || fail=1
[ $fail = 0 ] && echo "PASS: progress shown, Cancel left no file, the second export wrote $file (admesh clean)"
exit $fail
