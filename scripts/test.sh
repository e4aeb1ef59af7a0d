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

# The sanitizer build covers the headless engine and CLI (the GUI is exercised by the
# Release e2e tests); -O1 -g1 keeps its compile time and run time reasonable on 2 cores.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" \
      -DMARROW_SANITIZE=address,undefined -DMARROW_GUI=OFF -DMARROW_BENCH=OFF
cmake --build build-asan -j"$JOBS"
# LeakSanitizer sees Mesa's dlclose'd driver memory in GL processes (platform.md, section 6).
(cd build-asan && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
   ctest --output-on-failure -j"$JOBS" -L 'unit|cli' --timeout 1800)
