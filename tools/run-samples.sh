#!/usr/bin/env bash
# Installs what is missing, builds zonelint (Release) and lints the bundled samples/.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/deps.sh
install_missing "${build_packages[@]}"
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DZONELINT_BUILD_TESTS=OFF >/dev/null
cmake --build build-release --target zonelint
for sample in samples/*; do
  echo
  echo "\$ zonelint check $sample"
  ./build-release/zonelint check "$sample" || true
done
