#!/usr/bin/env bash
# The engine (io/, seg/) must build and run without GL, GLFW or ImGui: no such include.
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
hits=$(grep -rnE '#include *[<"](GL/|GLFW/|imgui|backends/imgui|glm/)' "$root/io" "$root/seg" || true)
if [ -n "$hits" ]; then
  echo "engine includes GL/ImGui headers:"; echo "$hits"; exit 1
fi
echo "io/ and seg/ include no GL, GLFW, GLM or ImGui header"
