#!/usr/bin/env bash
# Installs what is missing, builds zonelint with its tests (warnings as errors) and runs them all.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/deps.sh
install_missing "${build_packages[@]}" "${test_packages[@]}"
cmake -S . -B build-tests -G Ninja -DCMAKE_BUILD_TYPE=Debug -DZONELINT_WERROR=ON >/dev/null
cmake --build build-tests
ctest --test-dir build-tests --output-on-failure -j "$(nproc)"
