#!/usr/bin/env bash
# Installs what is missing, builds zonelint with its tests (warnings as errors, AddressSanitizer,
# LeakSanitizer and UndefinedBehaviorSanitizer) and runs them all. Any sanitizer report aborts the
# process, so the test that triggered it fails (an exit status of 1 would read as "findings").
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/deps.sh
install_missing "${build_packages[@]}" "${test_packages[@]}"
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
cmake -S . -B build-tests -G Ninja -DCMAKE_BUILD_TYPE=Debug -DZONELINT_WERROR=ON -DZONELINT_SANITIZE=ON >/dev/null
cmake --build build-tests
ctest --test-dir build-tests --output-on-failure -j "$(nproc)"
