#!/usr/bin/env bash
# Crash recovery with real input: a brush stroke on the phantom, nothing saved, the autosave
# journal on disk (JOURNAL written queued), kill -9; the next start offers "Recover unsaved
# edits of phantom (N steps, time)", a click on Recover restores the labels bit for bit
# (LABELHASH: every voxel and the segment table) and Ctrl+S then saves exactly the stroke.
# State lines (--test-mode): LABELS id:count, LABELHASH, JOURNAL, PROMPT, WIDGET, MESSAGE.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool

cd "$T"  # Ctrl+S writes phantom_labels.nii.gz here
fail=0
LOG=$T/first.log
start_viewer phantom --size 1280x800
sync_app
[ "$(last PROMPT)" = "PROMPT none" ] || { echo "FAIL: a fresh config offered a recovery: $(last PROMPT)"; fail=1; }
read -r _ _ AX AY AW AH <<< "$(awk '$1=="VIEW" && $2=="axial" {v=$0} END {print v}' "$LOG")"

# 1. A stroke across the axial view (B, press, moves, release), saved nowhere.
xdotool mousemove $((AX + AW * 4 / 10)) $((AY + AH / 2)); sync_app
xdotool key b; sync_app
xdotool mousedown 1; sync_app
for _ in $(seq 1 6); do xdotool mousemove_relative -- 12 0; sleep 0.05; done
sync_app; xdotool mouseup 1; sync_app
BEFORE=$(last LABELS); HASH=$(last LABELHASH)
echo "before the kill: $BEFORE, $HASH"
painted=$(echo "$BEFORE" | tr ' ' '\n' | awk -F: '$1=="1" {print $2}')
[ -n "$painted" ] && [ "$painted" -gt 100 ] || { echo "FAIL: the stroke painted nothing"; exit 1; }
# The journal has written every record it was given (the app keeps drawing until it has).
for _ in $(seq 1 100); do
    read -r _ written queued <<< "$(last JOURNAL)"
    [ -n "$written" ] && [ "$written" = "$queued" ] && [ "$written" -ge 3 ] && break
    sync_app
done
echo "journal: $(last JOURNAL)"
[ "$written" = "$queued" ] || { echo "FAIL: the journal is behind: $(last JOURNAL)"; exit 1; }

# 2. kill -9: no chance to save or clean up.
kill -9 "$APP"; wait "$APP" 2>/dev/null || true; APP=
ls "$MARROW_CONFIG_DIR/recovery"

# 3. The next start offers the edits; Recover brings them back exactly.
LOG=$T/second.log
start_viewer phantom --size 1280x800
sync_app
offer=$(last PROMPT); echo "offer: $offer"
[[ "$offer" == "PROMPT recovery Recover unsaved edits of phantom ("*" steps, "* ]] \
    || { echo "FAIL: no recovery offer"; exit 1; }
[ "$(last LABELS)" = "LABELS" ] || { echo "FAIL: labels before Recover: $(last LABELS)"; fail=1; }
click_widget recovery.recover
sync_app
echo "after Recover: $(last LABELS), $(last LABELHASH); $(last MESSAGE)"
[ "$(last PROMPT)" = "PROMPT none" ] || { echo "FAIL: the offer is still shown"; fail=1; }
[ "$(last LABELS)" = "$BEFORE" ] || { echo "FAIL: recovered '$(last LABELS)', expected '$BEFORE'"; fail=1; }
[ "$(last LABELHASH)" = "$HASH" ] || { echo "FAIL: the recovered labels differ from the pre-kill ones"; fail=1; }

# 4. Ctrl+S saves the recovered labels: exactly the stroke's voxels as label 1.
save_with_ctrl_s || fail=1
saved=$(label_voxels "$T/phantom_labels.nii.gz" 1)
echo "saved: $saved voxels of label 1"
[ "$saved" = "$painted" ] || { echo "FAIL: saved '$saved' voxels of label 1, expected $painted"; fail=1; }

# 5. Saved: a third start offers nothing.
kill -9 "$APP"; wait "$APP" 2>/dev/null || true; APP=
LOG=$T/third.log
start_viewer phantom --size 1280x800
sync_app
[ "$(last PROMPT)" = "PROMPT none" ] || { echo "FAIL: saved edits offered again: $(last PROMPT)"; fail=1; }
kill "$APP"; wait "$APP" 2>/dev/null || true; APP=
exit $fail
