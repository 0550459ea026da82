#!/usr/bin/env bash
# Runs this repository's .pre-commit-hooks.yaml with Debian's pre-commit against a scratch git
# repository: the check hook must fail on a bad zone and pass on a good one; the fix hook must
# change the bad zone, fail (--exit-non-zero-on-fix), and leave a zone that then passes.
# Usage: pre_commit_hooks.sh ZONELINT_BINARY
set -euo pipefail
zonelint=$(readlink -f "$1")
repo=$(cd "$(dirname "$0")/../.." && pwd)
command -v pre-commit >/dev/null || { echo "pre-commit is not installed; skipping"; exit 77; }
git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || { echo "$repo is not a git checkout; skipping"; exit 77; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/bin" "$scratch/work"
ln -s "$zonelint" "$scratch/bin/zonelint"
export PATH="$scratch/bin:$PATH" PRE_COMMIT_HOME="$scratch/cache" HOME="$scratch"
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
cd "$scratch/work"
git init -q .

cat > example.com.zone <<'ZONE'
$TTL 1h
@  IN SOA ns1 hostmaster 1 2h 30m 2w 1h
   IN NS  ns1
ns1 IN A  192.0.2.1
shop IN CNAME shops.myshopify.com
ZONE
git add example.com.zone
git commit -qm bad

run_hook() {  # hook-id -> exit status of the hook run
  set +e
  pre-commit try-repo "$repo" "$1" --all-files >"$scratch/out" 2>&1
  local status=$?
  set -e
  echo "$status"
}

status=$(run_hook zonelint)
if [ "$status" -eq 0 ]; then cat "$scratch/out"; echo "FAIL: check hook passed on a bad zone"; exit 1; fi
grep -q "ZONE003" "$scratch/out" || { cat "$scratch/out"; echo "FAIL: the finding is not in the hook output"; exit 1; }

status=$(run_hook zonelint-fix)
if [ "$status" -eq 0 ]; then cat "$scratch/out"; echo "FAIL: fix hook passed although it changed a file"; exit 1; fi
grep -q "shops.myshopify.com\.$" example.com.zone || { cat example.com.zone; echo "FAIL: the fix was not applied"; exit 1; }

git commit -qam fixed
status=$(run_hook zonelint)
if [ "$status" -ne 0 ]; then cat "$scratch/out"; echo "FAIL: check hook failed on the fixed zone"; exit 1; fi
status=$(run_hook zonelint-fix)
if [ "$status" -ne 0 ]; then cat "$scratch/out"; echo "FAIL: fix hook failed on a clean zone"; exit 1; fi
echo "pre-commit hooks: bad zone rejected, fix applied, good zone accepted"
