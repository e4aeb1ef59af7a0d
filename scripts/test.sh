#!/usr/bin/env bash
# Builds Marrow and runs every test: a Release build (unit, cli, render and e2e tests
# under Xvfb) and an AddressSanitizer + UBSan build of the headless tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
JOBS=$(nproc)

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$JOBS"
(cd build && ctest --output-on-failure -j"$JOBS" --timeout 900)

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMARROW_SANITIZE=address,undefined \
      -DMARROW_BENCH=OFF
cmake --build build-asan -j"$JOBS"
# LeakSanitizer sees Mesa's dlclose'd driver memory in GL processes (platform.md, section 6).
(cd build-asan && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
   ctest --output-on-failure -j"$JOBS" -L 'unit|cli' --timeout 1800)
