#!/usr/bin/env bash
# Builds Marrow and runs the viewer on the embedded phantom. With a display it opens the
# window; without one ($DISPLAY unset, e.g. over ssh or in CI) it renders under xvfb-run
# and writes screenshots instead, and prints where they are.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target marrow
MARROW=./build/src/app/marrow
$MARROW version
OUT=${MARROW_DEMO_OUT:-$PWD/demo-output}
if [ -n "${DISPLAY:-}" ]; then
    echo "Opening the viewer on the phantom (close the window to finish)."
    $MARROW
else
    mkdir -p "$OUT"
    echo "No display: rendering the phantom headless under xvfb-run."
    xvfb-run -a -s '-screen 0 1280x800x24' \
        $MARROW view phantom --screenshot "$OUT/phantom-quad.png" --window bone --size 1280x800
    xvfb-run -a -s '-screen 0 1280x800x24' \
        $MARROW view phantom --screenshot "$OUT/phantom-bone-3d.png" --layout 3d --preset ct-bone --size 800x600
    # The phantom's exact bone labels, shown as an overlay, and one STL per segment written
    # by the viewer itself (the panel's "Export STL", headless).
    $MARROW phantom "$OUT/phantom.nii.gz" --labels "$OUT/phantom-bone-labels.nii.gz" >/dev/null  # + .tsv names
    xvfb-run -a -s '-screen 0 1280x800x24' \
        $MARROW view phantom --seg "$OUT/phantom-bone-labels.nii.gz" --screenshot "$OUT/phantom-labels.png" \
        --window bone --size 1280x800 --export-stl "$OUT"
    echo "Written to $OUT: phantom-quad.png (MPR + 3D), phantom-bone-3d.png (CT-Bone), phantom-labels.png, phantom_bone.stl."
fi
