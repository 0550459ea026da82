#!/usr/bin/env bash
# Installs the Debian 12 packages zonelint needs that are missing. Sourced by the other scripts.
# Usage: install_missing PACKAGE...
install_missing() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing missing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# What building zonelint needs.
build_packages=(cmake ninja-build g++ tao-pegtl-dev libcli11-dev libfmt-dev nlohmann-json3-dev libtomlplusplus-dev)
# What the test suite needs on top: GoogleTest, the BIND and Knot checkers used as oracles, Python
# for the corpus and SARIF schema checks, git and pre-commit for the hook test.
test_packages=(libgtest-dev libgmock-dev bind9-utils knot-dnssecutils python3 python3-jsonschema git pre-commit)
