#!/usr/bin/env bash
# The viewer on awkward input: a volume of one slice, a volume larger than the GPU's 3D
# texture limit (forced low with MARROW_MAX_3D_TEXTURE_SIZE: downsampled with a message),
# anisotropic voxels, a missing file and bad options (one-line error, exit 1), and the
# window resized to 1x1 and minimised while running (no crash).
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
M=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
run_under_xvfb "$@"
PY=/usr/bin/python3
$PY -c 'import numpy, nibabel' 2>/dev/null || { echo "SKIP: python3-numpy/nibabel missing"; exit 77; }
T=$(mktemp -d); APP=
export MARROW_CONFIG_DIR="$T/config"  # its autosave journal stays in the test folder
trap '[ -n "$APP" ] && kill "$APP" 2>/dev/null; rm -rf "$T"' EXIT
fail=0
$PY - "$T" <<'PY'
import sys, numpy as np, nibabel as nib
t = sys.argv[1]
# One axial slice, 64 x 48, a bright disc.
y, x = np.mgrid[0:48, 0:64]
one = np.where((x - 32) ** 2 + (y - 24) ** 2 < 100, 800, 0).astype(np.int16)[:, :, None].transpose(1, 0, 2)
nib.save(nib.Nifti1Image(one, np.diag([-1.0, -1.0, 1.0, 1.0])), f"{t}/one_slice.nii.gz")
# 200 x 180 x 30 voxels of 0.5 x 0.5 x 4 mm (anisotropic), a bone rod along z.
v = np.full((200, 180, 30), 40, np.int16)
v[90:110, 80:100, :] = 900
nib.save(nib.Nifti1Image(v, np.diag([-0.5, -0.5, 4.0, 1.0])), f"{t}/aniso.nii.gz")
PY
expect_ok() { if ! "$@" > "$T/out.txt" 2>&1; then echo "FAIL: $* exited non-zero"; cat "$T/out.txt"; fail=1; fi; }
expect_error() {  # the message must name the problem on one line, exit 1
    local want=$1; shift
    set +e; "$@" > "$T/out.txt" 2>&1; rc=$?; set -e
    if [ $rc -ne 1 ] || ! grep -q "marrow: error: .*$want" "$T/out.txt"; then
        echo "FAIL: $* gave rc=$rc:"; cat "$T/out.txt"; fail=1
    fi
}
for layout in quad 3d axial; do
    expect_ok "$M" view "$T/one_slice.nii.gz" --layout $layout --screenshot "$T/one-$layout.png" --size 320x240
done
# The disc must show in the axial view of the one-slice volume (bone window: white).
HERE=$HERE $PY -c "
import sys; sys.path.insert(0, '$HERE')
from viewcheck import read_png
img = read_png('$T/one-axial.png')
c = img[110:130, 150:170, :3].mean()
print('one slice: centre grey', round(c))
sys.exit(0 if c > 200 else 1)" || { echo "FAIL: the one-slice volume is not shown"; fail=1; }
MARROW_MAX_3D_TEXTURE_SIZE=64 "$M" view "$T/aniso.nii.gz" --screenshot "$T/big.png" > "$T/big.txt" 2>&1 || fail=1
grep -q "exceeds the GPU's 3D texture limit of 64; shown downsampled by 4" "$T/big.txt" \
    || { echo "FAIL: no downsampling message"; cat "$T/big.txt"; fail=1; }
expect_ok "$M" view "$T/aniso.nii.gz" --screenshot "$T/aniso.png" --layout coronal --size 400x400 --window bone
# Coronal: the volume is 100 mm wide and 120 mm tall; the bone rod (10 mm wide) spans the
# full height. With true aspect the rod is 10/120 of the image height wide.
HERE=$HERE $PY -c "
import sys; sys.path.insert(0, '$HERE')
import numpy as np
from viewcheck import read_png
img = read_png('$T/aniso.png')[:, :, :3].mean(axis=2)
rows = np.argwhere((img > 200).any(axis=1)).ravel(); cols = np.argwhere((img[200] > 200)).ravel()
h = rows.max() - rows.min() + 1; w = cols.max() - cols.min() + 1
print(f'aniso: rod {w} px wide, {h} px tall, ratio {h / w:.2f} (expect 12)')
sys.exit(0 if abs(h / w - 12) < 1.0 else 1)" || { echo "FAIL: wrong aspect for anisotropic voxels"; fail=1; }
expect_error "no such file" "$M" view "$T/missing.nii.gz" --screenshot "$T/x.png"
# Reported as a bad path even where no window can be made.
expect_error "missing.nii.gz: no such file" env -u DISPLAY "$M" "$T/missing.nii.gz"
expect_error "--layout" "$M" view --layout diagonal --screenshot "$T/x.png"
expect_error "--size" "$M" view --size 0x10 --screenshot "$T/x.png"
expect_error "--slice" "$M" view --slice 1,2 --screenshot "$T/x.png"

# Resize to 1x1 and minimise a running window.
if command -v xdotool >/dev/null; then
    # Each step waits until the app has handled it and drawn frames after it (sync_app, F12
    # in --test-mode): a frame can take seconds under load, and a fixed sleep may end
    # before the app has drawn at 1x1 at all. A crash shows as no SYNC (or a dead pid).
    LOG=$T/app.log
    "$M" view "$T/one_slice.nii.gz" --test-mode > "$LOG" 2>&1 & APP=$!
    for _ in $(seq 1 600); do grep -q READY "$LOG" && break; sleep 0.1; done
    grep -q READY "$LOG" || { echo "FAIL: the viewer did not start"; cat "$LOG"; exit 1; }
    WID=$(xdotool search --name '^Marrow$' | head -1)
    alive() { kill -0 "$APP" 2>/dev/null || { echo "FAIL: the viewer died on $1"; cat "$LOG"; exit 1; }; }
    xdotool windowsize "$WID" 1 1; alive "resize to 1x1"; sync_app
    xdotool windowminimize "$WID"; alive "minimise"; sync_app
    xdotool windowsize "$WID" 900 600; xdotool windowmap "$WID"; alive "resize back"; sync_app
    xdotool mousemove 600 200; sync_app
    xdotool click 1; sync_app
    kill -0 "$APP" || { echo "FAIL: the viewer died on resize/minimise"; cat "$T/app.log"; fail=1; }
    kill "$APP"; wait "$APP" 2>/dev/null || true; APP=
fi
exit $fail
