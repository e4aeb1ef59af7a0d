#!/usr/bin/env bash
# Issue 11 (points 1 and 2) at 1366x768: a folder holding two DICOM series (bone and standard
# kernel, written by tests/e2e/dicom_fixture.py), typed into the path field, opens the series
# chooser (CHOOSER 2); Open on the second loads it and the Data panel names it (SERIES line,
# WIDGET data.series). A series with an 18.5 degree gantry tilt shows the loader's tilt
# warning in the message area (MESSAGES line).
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
export MARROW_XVFB_SCREEN=${MARROW_XVFB_SCREEN:-1366x768x24}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool
SIZE=$(screen_size)
"$PY" "$HERE/dicom_fixture.py" two "$T/two_series"
"$PY" "$HERE/dicom_fixture.py" tilted "$T/tilted"

start_viewer phantom --size "$SIZE"
sync_app
fail=0
type_into path "$T/two_series"
sync_app
[ "$(last CHOOSER)" = "CHOOSER 2" ] || { echo "FAIL: no series chooser for two series: '$(last CHOOSER)'"; fail=1; }
grep -q "^SOURCE $T/two_series" "$LOG" && { echo "FAIL: a series loaded before the user chose"; fail=1; }
grep -q "^SERIESINFO 1 3 Head 1.0 standard | CT | 10 | H30s | 1 x 1 x 2 | 64x64$" "$LOG" ||
    { echo "FAIL: the chooser does not list the second series' kernel and spacing"; grep SERIESINFO "$LOG"; fail=1; }
shot series_chooser
click_widget series.open.1
sync_app
echo "$(last SOURCE); $(last SERIES)"
grep -q "^SOURCE $T/two_series 64 64 10$" "$LOG" || { echo "FAIL: the second series (10 slices) did not open"; fail=1; }
[ "$(last SERIES)" = "SERIES 3 Head 1.0 standard" ] || { echo "FAIL: the open series is not named: $(last SERIES)"; fail=1; }
[ -n "$(widget data.series)" ] || { echo "FAIL: the Data panel does not name the series"; fail=1; }
shot series_opened

type_into path "$T/tilted"
sync_app
line=$(last MESSAGES)
echo "$line"
case "$line" in *"gantry tilt of 18.5 degrees"*) ;; *) echo "FAIL: no tilt warning in the message area"; fail=1 ;; esac
read -r x y w h <<< "$(widget message)"
[ -n "${h:-}" ] && [ "${h%.*}" -gt 0 ] || { echo "FAIL: the message area is not drawn"; fail=1; }
shot tilt_warning
kill "$APP"; wait "$APP" 2>/dev/null || true; APP=
exit $fail
