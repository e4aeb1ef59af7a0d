#!/usr/bin/env bash
# Installs Marrow's build, test and run dependencies from Debian 12 packages.
# Safe to run again: it only calls apt-get when something is missing.
set -euo pipefail
PKGS=(g++ cmake ninja-build pkg-config
      libimgui-dev libstb-dev libglfw3-dev libglm-dev libglew-dev libegl-dev
      libgdcm-dev libtbb-dev zlib1g-dev libnifti2-dev libcli11-dev nlohmann-json3-dev
      libmeshoptimizer-dev libtinygltf-dev libgtest-dev libbenchmark-dev libdeflate-dev
      xvfb xauth libgl1-mesa-dri xdotool imagemagick
      libgdcm-tools python3-pydicom python3-numpy python3-nibabel admesh parallel dicom3tools)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
