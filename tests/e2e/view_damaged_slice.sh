#!/usr/bin/env bash
# Issue 10: the viewer opens a real series folder with one damaged slice added (an
# unknown VR in the file meta element (0002,0013); GDCM asserted on it and killed the
# viewer before) and shows the reader's warning naming the skipped file in the Data
# panel: the app prints the warnings it lists (WARNING text, --test-mode) and the panel's
# wrapped text for each (WIDGET data.warning.N x y w h).
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@"
SHARED=$(realpath "$2" 2>/dev/null || echo "$2")
SERIES="$SHARED/data/totalseg/example_ct_dicom"
need_data "$SERIES"

mkdir "$T/series"
cp "$SERIES"/* "$T/series/"
BAD="$T/series/damaged.dcm"
"$PY" - "$SERIES/$(ls "$SERIES" | head -1)" "$BAD" <<'PY'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
at = data.find(b'\x02\x00\x13\x00SH', 132)
assert at > 0
data[at + 5] = ord('X')  # VR SH -> SX
open(sys.argv[2], 'wb').write(data)
PY

start_viewer "$T/series" --size 1280x800
sync_app
fail=0
kill -0 "$APP" || { echo "FAIL: the viewer died"; cat "$LOG"; exit 1; }
grep -q "^SOURCE $T/series 512 512 20$" "$LOG" || { echo "FAIL: the series did not load: $(last SOURCE)"; fail=1; }
grep -q "^WARNING skipped damaged DICOM file $BAD: element (0002,0013) at byte .* has an unknown VR$" "$LOG" ||
    { echo "FAIL: no warning naming $BAD"; grep "^WARNING\|^JOB\|error" "$LOG"; fail=1; }
read -r W H <<< "$(awk '$1=="WIDGET" && $2=="data.warning.0" {v=$5" "$6} END {print v}' "$LOG")"
[ -n "${W:-}" ] && [ "${W%.*}" -gt 0 ] && [ "${H%.*}" -gt 0 ] ||
    { echo "FAIL: the Data panel does not show the warning (no WIDGET data.warning.0)"; fail=1; }
grep "^WARNING" "$LOG"
kill "$APP"; wait "$APP" 2>/dev/null || true; APP=
exit $fail
