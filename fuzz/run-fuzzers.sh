#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + coverage), gathers their seed corpora
# from the test inputs, and runs each target for a bounded time. Exits non-zero when a target
# finds a crash, a leak, a hang (-timeout) or runs out of memory (-rss_limit_mb); the input is in
# build-fuzz/artifacts/<target>/. docs/reliability.md has the numbers of past runs.
#
#   fuzz/run-fuzzers.sh                      # every target, 60 s each
#   fuzz/run-fuzzers.sh --smoke              # the CI smoke run (.ci/run): seed 1, a fixed number of
#                                            # runs per target from the seeds alone, so CI repeats,
#                                            # nearly input for input, a local --smoke run
#   fuzz/run-fuzzers.sh -t 3600 master_file  # a longer local run of one target
#   fuzz/run-fuzzers.sh -t 1800 -j 2         # two targets at a time (each is single-threaded)
#   fuzz/run-fuzzers.sh -c 300               # each target until it has used 300 s of CPU
#
# Options: -t SECONDS per target (wall clock), -c SECONDS of CPU per target (on a shared machine
# wall time says little; -t is then only an upper bound), -j parallel targets, -B build folder
# (default build-fuzz), --no-build (reuse the built targets), --smoke (see above; -t bounds it). The corpus each run grows is kept in <build>/corpus/<target>
# and used again by the next run; seeds are rebuilt from the tests every time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=60
cpu_seconds=0
smoke=0
jobs=1
build=build-fuzz
do_build=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    -t) seconds=$2; shift 2 ;;
    -c) cpu_seconds=$2; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    -B) build=$2; shift 2 ;;
    --no-build) do_build=0; shift ;;
    --smoke) smoke=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 3 ;;
    *) targets+=("$1"); shift ;;
  esac
done
all_targets=(master_file json_document yaml_document provider_import check_pipeline)
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
# With -c, the wall-clock limit only bounds a run that gets almost no CPU.
[ "$cpu_seconds" -gt 0 ] && [ "$seconds" -lt $((cpu_seconds * 20)) ] && seconds=$((cpu_seconds * 20))

if [ "$do_build" = 1 ]; then
  . tools/deps.sh
  install_missing "${build_packages[@]}" clang libclang-rt-14-dev
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DZONELINT_BUILD_FUZZERS=ON -DZONELINT_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" >/dev/null
  cmake --build "$build" --target fuzzers
fi

# Seeds: the test inputs of each kind, deduplicated by content.
seed_files() {
  case "$1" in
    master_file)
      find tests/corpus tests/parser tests/rules tests/golden samples fuzz/seeds/zone -type f \
        \( -name '*.zone' -o -name '*.inc' -o -name 'db.*' -o -name '*.db' \) ;;
    json_document)
      find tests samples fuzz/seeds/json fuzz/seeds/export -type f -name '*.json' -not -path 'tests/schemas/*' ;;
    yaml_document)
      find tests samples fuzz/seeds/yaml fuzz/seeds/export -type f \( -name '*.yaml' -o -name '*.yml' \) ;;
    provider_import)
      find samples fuzz/seeds/export tests/rules -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.txt' \) ;;
    check_pipeline)
      seed_files master_file; seed_files provider_import ;;
  esac 2>/dev/null || true
}
dictionary() {
  case "$1" in
    master_file) cat fuzz/dict/zone.dict ;;
    json_document) cat fuzz/dict/json.dict ;;
    yaml_document) cat fuzz/dict/yaml.dict ;;
    provider_import) cat fuzz/dict/export.dict fuzz/dict/json.dict fuzz/dict/yaml.dict ;;
    check_pipeline) cat fuzz/dict/zone.dict fuzz/dict/export.dict ;;
  esac
}
# Runs per target for --smoke (libFuzzer counts the seeds it loads): about 30-90 s each on the
# 2-core development machine under ASan.
smoke_runs() {
  case "$1" in
    master_file) echo 10000 ;;
    json_document|yaml_document) echo 50000 ;;
    provider_import) echo 15000 ;;
    check_pipeline) echo 700 ;;  # the ~310 seeds count too
  esac
}
max_len() {
  case "$1" in
    master_file|check_pipeline) echo 16384 ;;
    *) echo 8192 ;;
  esac
}

run_one() {
  local t=$1
  local bin="$build/fuzz/${t}_fuzzer"
  local seeds="$build/seeds/$t" corpus="$build/corpus/$t" artifacts="$build/artifacts/$t"
  rm -rf "$seeds"
  mkdir -p "$seeds" "$corpus" "$artifacts"
  seed_files "$t" | sort -u | while read -r f; do
    cp "$f" "$seeds/$(sha1sum <"$f" | cut -c1-16)"
  done
  dictionary "$t" >"$build/$t.dict"
  local log="$build/$t.log"
  local status=0
  local extra=()
  if [ "$smoke" = 1 ]; then
    # Repeatable: the same seed, runs and starting corpus (the seeds only) on every machine; only
    # coverage feedback from timing can make a run differ slightly.
    corpus="$build/smoke-corpus/$t"
    rm -rf "$corpus"
    mkdir -p "$corpus"
    extra=(-seed=1 -runs="$(smoke_runs "$t")")
  fi
  # -timeout: an input taking 30 s is a hang; -rss_limit_mb: 2 GiB is exhaustion. Leak checking
  # (LeakSanitizer) is on by default with ASan.
  /usr/bin/time -f "cpu %U %S" -o "$build/$t.time" \
    "$bin" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len="$(max_len "$t")" \
      -dict="$build/$t.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 "${extra[@]}" \
      "$corpus" "$seeds" >"$log" 2>&1 &
  local timer=$! interrupted=0
  if [ "$cpu_seconds" -gt 0 ]; then
    # libFuzzer has no CPU limit: interrupt it (it then exits 0 with its final statistics) once
    # its user + system time reaches the budget.
    local fuzzer="" ticks
    ticks=$(getconf CLK_TCK)
    while kill -0 "$timer" 2>/dev/null; do
      sleep 2
      [ -n "$fuzzer" ] || fuzzer=$(pgrep -P "$timer" || true)
      [ -n "$fuzzer" ] && [ -r "/proc/$fuzzer/stat" ] || continue
      local used
      used=$(awk -v t="$ticks" '{sub(/.*\) /, ""); print int(($12 + $13) / t)}' "/proc/$fuzzer/stat" 2>/dev/null || echo 0)
      if [ "${used:-0}" -ge "$cpu_seconds" ]; then
        kill -INT "$fuzzer" 2>/dev/null || true
        interrupted=1
        break
      fi
    done
  fi
  wait "$timer" || status=$?
  # 72: libFuzzer's exit status after an interrupt, here the CPU budget.
  [ "$interrupted" = 1 ] && [ "$status" -eq 72 ] && status=0
  local cpu execs cov
  cpu=$(awk '/^cpu/ {printf "%.0f", $2 + $3}' "$build/$t.time")
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  if [ "$status" -eq 0 ]; then
    printf '%-16s ok      %6s s CPU  %9s runs  cov %6s  corpus %5s files\n' "$t" "$cpu" "${execs:-?}" "${cov:-?}" \
      "$(find "$corpus" -type f | wc -l)"
  else
    printf '%-16s FAILED  %6s s CPU  (exit %s; log %s, inputs in %s)\n' "$t" "$cpu" "$status" "$log" "$artifacts"
    grep -m1 -A25 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|invariant broken|==ERROR' "$log" || tail -30 "$log"
    return 1
  fi
}

if [ "$cpu_seconds" -gt 0 ]; then
  echo "Fuzzing ${targets[*]} for ${cpu_seconds} s of CPU each ($jobs at a time)"
else
  echo "Fuzzing ${targets[*]} for ${seconds} s each ($jobs at a time)"
fi
failed=0
pids=()
for t in "${targets[@]}"; do
  if [ "$jobs" -le 1 ]; then
    run_one "$t" || failed=1
  else
    run_one "$t" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then
      wait "${pids[0]}" || failed=1
      pids=("${pids[@]:1}")
    fi
  fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
exit $failed
