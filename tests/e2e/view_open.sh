#!/usr/bin/env bash
# Opening data from the GUI loads it in the background: typed into the data panel's path
# field with xdotool (real input), a bad file gives the one-line error (JOB failed), the
# app stays alive and keeps the old data; a good file then replaces the data (SOURCE line
# with the new path and its dimensions). The app prints state lines (--test-mode): WIDGET
# path x y w h (the path field), SOURCE path i j k, JOB ok|failed|cancelled name: message.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool
SHARED=$(realpath "$2" 2>/dev/null || echo "$2")
GOOD="$SHARED/data/totalseg/example_ct.nii.gz"
need_data "$GOOD"

start_viewer --size 1280x800
sync_app
wait_for() {  # pattern, seconds
    for _ in $(seq 1 $(($2 * 10))); do grep -q -- "$1" "$T/app.log" && return 0; sleep 0.1; done
    return 1
}
read -r _ _ PX PY PW PH <<< "$(awk '$1=="WIDGET" && $2=="path" {v=$0} END {print v}' "$T/app.log")"
S0=$(last SOURCE)
echo "start: $S0; path field at $PX,$PY ${PW}x$PH"
[ -n "$PX" ] || { echo "FAIL: no WIDGET path line"; exit 1; }
type_path() { type_into path "$1"; }  # click the field, replace its text, Enter
fail=0

# 1. A file that is not NIfTI: the error names it, the app lives on with the old data.
head -c 4000 /dev/urandom > "$T/broken.nii"
type_path "$T/broken.nii"
wait_for "JOB failed open broken.nii" 60 || { echo "FAIL: no failed load reported"; fail=1; }
grep "^JOB" "$T/app.log" | tail -1
grep -q "JOB failed open broken.nii: .*broken.nii: " "$T/app.log" \
    || { echo "FAIL: the error does not name the file"; fail=1; }
sync_app
kill -0 "$APP" || { echo "FAIL: the app died on a bad file"; cat "$T/app.log"; exit 1; }
[ "$(last SOURCE)" = "$S0" ] || { echo "FAIL: the old data was replaced: $(last SOURCE)"; fail=1; }

# 2. A real CT: swapped in once loaded.
type_path "$GOOD"
wait_for "SOURCE $GOOD 122 101 112" 90 || { echo "FAIL: the CT did not replace the data"; fail=1; }
echo "now: $(last SOURCE)"
grep -q "JOB ok open example_ct.nii.gz" "$T/app.log" || { echo "FAIL: no JOB ok line"; fail=1; }
kill -0 "$APP" || { echo "FAIL: the app died"; exit 1; }
kill "$APP"; wait "$APP" 2>/dev/null || true; APP=
exit $fail
