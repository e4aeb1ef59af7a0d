#!/usr/bin/env bash
# Issue 11 (points 1 and 3) at 1366x768: an MR volume (NIfTI, values 0..1500, no air) opens
# with a 1st..99th percentile window, the MR-Default 3D preset and no HU wording; a long
# error (an empty folder with a long path, typed into the path field) is shown in full in
# the message area (wrapped over several lines, logged in the Messages window); opening a
# CT (the phantom) afterwards restores the CT defaults (soft-tissue window, CT-Bone).
# Screenshots go to $MARROW_SCREENSHOT_DIR when set (docs/screenshots/ was made this way).
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
export MARROW_XVFB_SCREEN=${MARROW_XVFB_SCREEN:-1366x768x24}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool
SIZE=$(screen_size)

# A NIfTI-1 MR-like volume written by hand (no nibabel needed): int16 64x64x32, 1 mm,
# values spread evenly over 0..1500, so its 1st/99th percentiles are about 15 and 1485.
"$PY" - "$T/mr.nii" <<'PY'
import struct, sys
nx, ny, nz = 64, 64, 32
h = bytearray(348)
struct.pack_into('<i', h, 0, 348)
struct.pack_into('<8h', h, 40, 3, nx, ny, nz, 1, 1, 1, 1)
struct.pack_into('<hh', h, 70, 4, 16)                  # datatype int16, bitpix
struct.pack_into('<8f', h, 76, 1, 1, 1, 1, 0, 0, 0, 0)  # pixdim
struct.pack_into('<f', h, 108, 352)                    # vox_offset
struct.pack_into('<ff', h, 112, 1, 0)                  # scl_slope, scl_inter
struct.pack_into('<hh', h, 252, 0, 1)                  # qform 0, sform 1 (scanner)
struct.pack_into('<12f', h, 280, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0)
h[344:348] = b'n+1\0'
n = nx * ny * nz
vals = [(i * 1501 // n) for i in range(n)]
vals = [vals[(i * 7919) % n] for i in range(n)]  # shuffled: not a plain ramp on screen
open(sys.argv[1], 'wb').write(bytes(h) + b'\0' * 4 + struct.pack('<%dh' % n, *vals))
PY

start_viewer "$T/mr.nii" --size "$SIZE"
sync_app
fail=0
read -r _ W L <<< "$(last WL)"
echo "MR: $(last PRESET), WL $W $L"
[ "$(last PRESET)" = "PRESET mr-default - value" ] || { echo "FAIL: MR defaults not applied: $(last PRESET)"; fail=1; }
awk -v w="$W" -v l="$L" 'BEGIN { exit !(w > 1440 && w < 1500 && l > 730 && l < 770) }' ||
    { echo "FAIL: MR window $W/$L is not the 1..99th percentile (about 1470/750)"; fail=1; }
shot mr_defaults

# A long error: an empty folder with a long path, typed into the Data panel's path field.
EMPTY="$T/a_study_folder_with_a_rather_long_name_that_holds_no_images_at_all/series_0001_empty"
mkdir -p "$EMPTY"
type_into path "$EMPTY"
sync_app
grep -q "^JOB failed" "$LOG" || { echo "FAIL: opening the empty folder did not fail"; fail=1; }
line=$(last MESSAGES)
echo "$line"
case "$line" in *"$EMPTY: folder is empty"*) ;; *) echo "FAIL: the message area does not hold the full error"; fail=1 ;; esac
lines=$(awk "{print \$4 + 0}" <<< "$line")
[ "${lines:-0}" -gt 1 ] || { echo "FAIL: the error is not wrapped (lines=$lines)"; fail=1; }
read -r x y w h <<< "$(widget message)"
[ -n "${h:-}" ] && [ "${h%.*}" -gt 20 ] || { echo "FAIL: no message widget several lines high ($x $y $w $h)"; fail=1; }
shot message_error
click_widget messages.toggle
shot messages_window
click_widget messages.toggle

# A CT after the MR: the CT defaults come back.
type_into path phantom
sync_app
read -r _ W L <<< "$(last WL)"
echo "CT: $(last PRESET), WL $W $L"
[ "$(last PRESET)" = "PRESET ct-bone soft-tissue HU" ] || { echo "FAIL: CT defaults not restored: $(last PRESET)"; fail=1; }
[ "$W $L" = "350.0 40.0" ] || { echo "FAIL: the CT window is $W/$L, not soft-tissue 350/40"; fail=1; }
kill "$APP"; wait "$APP" 2>/dev/null || true; APP=
exit $fail
