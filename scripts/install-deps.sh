#!/usr/bin/env bash
# Installs the Debian 12 packages ellopt needs, only those missing, so a second run is instant.
# Usage: scripts/install-deps.sh [build|test|all]   (all adds the PyTorch cross-check packages)
set -euo pipefail
profile=${1:-build}

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libfmt-dev nlohmann-json3-dev libcli11-dev libtomlplusplus-dev
  libsqlite3-dev sqlite3 gnuplot-nox
  libgtest-dev libgmock-dev libbenchmark-dev
  libtorch-dev libopenblas0-pthread     # libtorch falls back to a ~40x slower reference BLAS without OpenBLAS
  libopenmpi-dev openmpi-bin
)
if [[ $profile == test || $profile == all ]]; then
  packages+=(python3 python3-numpy python3-torch)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "ellopt: installing missing Debian packages: ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
