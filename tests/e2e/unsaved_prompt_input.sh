#!/usr/bin/env bash
# Opening a second image over unsaved edits asks first, with real input: after a brush
# stroke on the phantom, a path typed into the data panel brings up "Save / Discard /
# Cancel"; Cancel keeps everything (same image, same labels bit for bit, nothing written);
# asked again, Save writes the labels (exactly the stroke) and then the new image opens.
# State lines (--test-mode): PROMPT, SOURCE, LABELS, LABELHASH, WIDGET, JOB.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool

cd "$T"  # Save writes phantom_labels.nii.gz here
fail=0
# The second image: a small synthetic CT.
$PY -c "import nibabel as nib, numpy as np; nib.save(nib.Nifti1Image((np.arange(40*30*20) % 700 - 300).reshape(40,30,20).astype(np.int16), np.diag([1,1,2,1])), '$T/second.nii.gz')"
start_viewer phantom --size 1280x800
sync_app
S0=$(last SOURCE)
read -r _ _ AX AY AW AH <<< "$(awk '$1=="VIEW" && $2=="axial" {v=$0} END {print v}' "$LOG")"
stroke() {  # B, then a short downward drag from the middle of the axial view
    xdotool mousemove $((AX + AW / 2)) $((AY + AH / 2)); sync_app
    xdotool key b; sync_app
    xdotool mousedown 1; sync_app
    for _ in $(seq 1 5); do xdotool mousemove_relative -- 0 10; sleep 0.05; done
    sync_app; xdotool mouseup 1; sync_app
}
stroke
BEFORE=$(last LABELS); HASH=$(last LABELHASH)
painted=$(echo "$BEFORE" | tr ' ' '\n' | awk -F: '$1=="1" {print $2}')
echo "after the stroke: $BEFORE"
[ -n "$painted" ] && [ "$painted" -gt 100 ] || { echo "FAIL: the stroke painted nothing"; exit 1; }

# 1. Open the second image: the prompt, and nothing opens yet. Cancel keeps everything.
type_into path "$T/second.nii.gz"
echo "prompt: $(last PROMPT)"
[ "$(last PROMPT)" = "PROMPT unsaved open" ] || { echo "FAIL: no prompt before opening over unsaved edits"; exit 1; }
click_widget unsaved.cancel
[ "$(last PROMPT)" = "PROMPT none" ] || { echo "FAIL: Cancel left the prompt: $(last PROMPT)"; fail=1; }
[ "$(last SOURCE)" = "$S0" ] || { echo "FAIL: Cancel opened the image: $(last SOURCE)"; fail=1; }
[ "$(last LABELS)" = "$BEFORE" ] && [ "$(last LABELHASH)" = "$HASH" ] \
    || { echo "FAIL: Cancel changed the labels: $(last LABELS)"; fail=1; }
[ ! -e "$T/phantom_labels.nii.gz" ] || { echo "FAIL: Cancel wrote the labels"; fail=1; }
grep -q "^JOB .* open second.nii.gz" "$LOG" && { echo "FAIL: Cancel still loaded the image"; fail=1; }

# 2. Again, and Save: the labels are written, then the new image opens.
type_into path "$T/second.nii.gz"
[ "$(last PROMPT)" = "PROMPT unsaved open" ] || { echo "FAIL: no prompt the second time"; exit 1; }
click_widget unsaved.save
for _ in $(seq 1 300); do [ "$(last SOURCE)" != "$S0" ] && break; sleep 0.1; done
sync_app
echo "now: $(last SOURCE)"
[ "$(last SOURCE)" = "SOURCE $T/second.nii.gz 40 30 20" ] || { echo "FAIL: Save did not go on to open the image"; fail=1; }
saved=$(label_voxels "$T/phantom_labels.nii.gz" 1)
echo "saved: $saved voxels of label 1"
[ "$saved" = "$painted" ] || { echo "FAIL: Save wrote '$saved' voxels of label 1, expected $painted"; fail=1; }

# 3. Closing the window (as a window manager's close button does) over a new stroke.
stroke
echo "on the second image: $(last LABELS)"
WIN=$(xdotool search --pid "$APP" | head -1)
$PY "$HERE/close_window.py" "$WIN"; sync_app
[ "$(last PROMPT)" = "PROMPT unsaved close" ] || { echo "FAIL: closing did not ask: $(last PROMPT)"; fail=1; }
click_widget unsaved.cancel
kill -0 "$APP" || { echo "FAIL: Cancel closed the app"; exit 1; }
[ "$(last PROMPT)" = "PROMPT none" ] || { echo "FAIL: Cancel left the prompt"; fail=1; }
$PY "$HERE/close_window.py" "$WIN"; sync_app
[ "$(last PROMPT)" = "PROMPT unsaved close" ] || { echo "FAIL: closing again did not ask: $(last PROMPT)"; exit 1; }
read -r _ _ x y w h <<< "$(awk '$1=="WIDGET" && $2=="unsaved.discard" {v=$0} END {print v}' "$LOG")"
xdotool mousemove $((x + w / 2)) $((y + h / 2)); sync_app
xdotool mousedown 1; sync_app; xdotool mouseup 1  # the app exits: no sync after this
status=0; wait "$APP" || status=$?; APP=
echo "exit status after Discard: $status; journals left: $(ls "$MARROW_CONFIG_DIR/recovery")"
[ "$status" = 0 ] || { echo "FAIL: the app did not exit cleanly ($status)"; fail=1; }
[ -z "$(ls "$MARROW_CONFIG_DIR/recovery")" ] || { echo "FAIL: a clean exit left its journal"; fail=1; }
exit $fail
