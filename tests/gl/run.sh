#!/usr/bin/env bash
# Runs the GL tests (marrow_gl_tests, $1) under Xvfb with llvmpipe; skips (77) without
# xvfb-run, except under CI=true where that is a failure.
set -euo pipefail
source "$(dirname "$0")/../e2e/xvfb_lib.bash"
run_under_xvfb "$@"
exec "$1"
