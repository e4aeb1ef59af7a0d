#!/usr/bin/env bash
# The 3D view in "surfaces" mode (`--3d surfaces`): the phantom's bone label is drawn as a
# shaded surface in its segment colour exactly where its voxels project (VIEW3D matrix), and
# nothing is drawn elsewhere (no volume rendering).
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
M=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
run_under_xvfb "$@"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$M" phantom "$T/p.nii.gz" --labels "$T/labels.nii.gz" >/dev/null
fail=0
"$M" view phantom --seg "$T/labels.nii.gz" --3d surfaces --layout 3d --size 640x480 \
    --screenshot "$T/s.png" --test-mode > "$T/s.log"
grep -q '^SURFACES surfaces [1-9]' "$T/s.log" || { echo "FAIL: no surfaces were meshed"; cat "$T/s.log"; fail=1; }
/usr/bin/python3 "$HERE/viewcheck.py" surface3d "$T/s.png" "$T/s.log" "$T/labels.nii.gz" || fail=1
[ $fail = 0 ] && echo "PASS: the bone surface shows in its colour where the bone is, and only there"
exit $fail
