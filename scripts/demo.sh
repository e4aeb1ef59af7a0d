#!/usr/bin/env bash
# Builds Marrow and runs it on the embedded phantom.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target marrow
./build/src/app/marrow version
