# Shared by the viewer e2e tests (sourced; named .bash so ctest does not run it as a test).
# Re-runs the calling script under Xvfb (llvmpipe) unless it already is; skips with 77
# when xvfb-run is missing, except under CI=true where a missing tool is a failure.
need_tool() {
    if ! command -v "$1" >/dev/null 2>&1; then
        if [ "${CI:-}" = "true" ]; then echo "FAIL: $1 is missing"; exit 1; fi
        echo "SKIP: $1 is missing"; exit 77
    fi
}
run_under_xvfb() {
    if [ -z "${MARROW_IN_XVFB:-}" ]; then
        need_tool xvfb-run
        MARROW_IN_XVFB=1 exec xvfb-run -a -s '-screen 0 1280x800x24' bash "$0" "$@"
    fi
}
need_data() {
    if [ ! -e "$1" ]; then
        if [ "${CI:-}" = "true" ]; then echo "FAIL: missing $1"; exit 1; fi
        echo "SKIP: missing $1"; exit 77
    fi
}
# For tests that drive a running app: a work folder $T and the app's pid $APP (set it
# when starting the app); on exit the app is stopped and the folder removed.
setup_app_workdir() {
    T=$(mktemp -d)
    APP=
    trap '[ -n "$APP" ] && kill "$APP" 2>/dev/null; rm -rf "$T"' EXIT
}
# Pixels (of the x y w h rectangle) whose colour differs by more than 30 between two
# screen captures: pixels_changed A.png B.png X Y W H.
pixels_changed() {
    HERE="$(dirname "${BASH_SOURCE[0]}")" /usr/bin/python3 - "$@" <<'PY'
import sys, os
sys.path.insert(0, os.environ["HERE"])
from viewcheck import read_png
import numpy as np
a, b = read_png(sys.argv[1]), read_png(sys.argv[2]); x, y, w, h = (int(float(v)) for v in sys.argv[3:7])
d = np.abs(a[y:y + h, x:x + w, :3].astype(int) - b[y:y + h, x:x + w, :3].astype(int)).max(axis=2)
print(int((d > 30).sum()))
PY
}
