#!/usr/bin/env bash
# Benchmark zonelint against the DNS servers' own zone checkers and write
# docs/performance.md. Run from anywhere inside a clone:
#
#     bench/run.sh
#
# Steps:
#   1. build zonelint in Release into build-bench/ (never touches build/), from
#      the working tree or, with BENCH_SOURCE, from a clean snapshot of a commit;
#   2. generate the benchmark zones into bench/.cache/ if they are missing
#      (bench/generate_zone.py; the file name carries the size, the seed and a
#      hash of the generator, so a changed generator never reuses a stale zone);
#   3. run every command once under GNU time (`/usr/bin/time -v`) for its exit
#      status, its diagnostics and its peak RSS ("Maximum resident set size");
#   4. time all commands that ran, on the same zone, in one hyperfine run per
#      zone (warmup, several runs, --export-json);
#   5. write docs/performance.md from bench/performance.md.in (bench/report.py).
#
# Needs (Debian 12 package names): cmake ninja-build g++ and zonelint's build
# dependencies, python3, hyperfine, time (GNU time for /usr/bin/time -v; it is
# not installed by default: `apt-get install time`), bind9-utils
# (named-checkzone), knot-dnssecutils (kzonecheck), validns.
#
# Environment:
#   BENCH_SIZES   record counts to generate and time   (default "100000 1000000")
#   BENCH_SEED    generator seed                       (default 1)
#   BENCH_WARMUP  hyperfine warmup runs                (default 2)
#   BENCH_RUNS    hyperfine timed runs                 (default 10)
#   BENCH_BUILD   0 to reuse the last build as it is   (default 1)
#   BENCH_SOURCE  what to build: "worktree" (default), the files as they are, as
#                 in a fresh clone; or a git revision such as HEAD: a `git
#                 archive` snapshot of it in bench/.cache/src-<commit>/, built
#                 in build-bench/rev-<commit>/, so uncommitted work elsewhere in
#                 the tree can neither break nor colour the run
#   BENCH_DOC     where to write the report            (default docs/performance.md)
#   BENCH_MAX_LOAD  before timing each zone, wait until the 1-minute load
#                 average is at most this (default: do not wait); on a shared
#                 machine other work inflates wall times, and the report shows
#                 the load during each timing
#   BENCH_WAIT    stop waiting for BENCH_MAX_LOAD after this many seconds and
#                 time anyway (default 1800)
#
# A command whose exit status is not 0 or 1 (1 is "found problems" for every tool
# here) is reported as "not available" and left out of the timing; so is a tool
# that is not installed. Exit status and diagnostics of every command are in
# the report.

set -euo pipefail

# ---------------------------------------------------------------------------
# The commands under test. @ZONELINT@, @ORIGIN@, @ZONE@ and @OUT@ are replaced
# before running; each line is run by sh (hyperfine's default shell).
ORIGIN="example.com."
ZONELINT=""   # empty: the binary built in step 1
ZONELINT_CHECK='@ZONELINT@ check --origin @ORIGIN@ --output @OUT@/zonelint-check.txt @ZONE@'
ZONELINT_DUMP='@ZONELINT@ dump --origin @ORIGIN@ @ZONE@ > /dev/null'
KZONECHECK='kzonecheck -o @ORIGIN@ @ZONE@'
NAMED_CHECKZONE='named-checkzone -i none @ORIGIN@ @ZONE@'
VALIDNS='validns -z @ORIGIN@ -p all @ZONE@'

# label | template; the order here is the order in hyperfine and in the report.
COMMANDS=(
  "zonelint check|$ZONELINT_CHECK"
  "zonelint dump|$ZONELINT_DUMP"
  "kzonecheck|$KZONECHECK"
  "named-checkzone -i none|$NAMED_CHECKZONE"
  "validns -p all|$VALIDNS"
)
# ---------------------------------------------------------------------------

SIZES=${BENCH_SIZES:-"100000 1000000"}
SEED=${BENCH_SEED:-1}
WARMUP=${BENCH_WARMUP:-2}
RUNS=${BENCH_RUNS:-10}
BUILD=${BENCH_BUILD:-1}
SOURCE=${BENCH_SOURCE:-worktree}
DOC=${BENCH_DOC:-docs/performance.md}

cd "$(dirname "$0")/.."
CACHE=bench/.cache
RESULTS=$CACHE/results
OUT=$CACHE/out

die() { echo "bench/run.sh: $*" >&2; exit 2; }
for tool in python3 hyperfine; do
  command -v "$tool" > /dev/null || die "$tool is not installed"
done
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install time"

mkdir -p "$CACHE" "$OUT"

if [ "$SOURCE" = worktree ]; then
  SRC_DIR=.
  BUILD_DIR=build-bench
  SOURCE_DESC="working tree, $(git describe --always --dirty --abbrev=12 2> /dev/null || echo "not a git checkout")"
else
  commit=$(git rev-parse --verify --quiet "$SOURCE^{commit}") || die "BENCH_SOURCE=$SOURCE is not a commit"
  short=${commit:0:12}
  SRC_DIR=$CACHE/src-$short
  BUILD_DIR=build-bench/rev-$short
  SOURCE_DESC="commit $short ($SOURCE), clean git archive snapshot"
  if [ ! -f "$SRC_DIR/CMakeLists.txt" ]; then
    rm -rf "$SRC_DIR" "$SRC_DIR.tmp"
    mkdir -p "$SRC_DIR.tmp"
    git archive "$commit" | tar -x -C "$SRC_DIR.tmp"
    mv "$SRC_DIR.tmp" "$SRC_DIR"
  fi
fi
ZONELINT=${ZONELINT:-$BUILD_DIR/zonelint}

if [ "$BUILD" != 0 ]; then
  echo "== building zonelint (Release) from $SOURCE_DESC into $BUILD_DIR/"
  log=$CACHE/build.log
  if ! { cmake -S "$SRC_DIR" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release &&
         ninja -C "$BUILD_DIR" zonelint; } > "$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "the build failed (full log: $log)"
  fi
fi
[ -x "$ZONELINT" ] || die "$ZONELINT is missing; run without BENCH_BUILD=0"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

generator_hash=$(sha256sum bench/generate_zone.py | cut -c1-12)
zone_path() { echo "$CACHE/zone-$1-seed$SEED-$generator_hash.zone"; }

printf 'records\tpath\tbytes\tsha256\tseconds\n' > "$RESULTS/zones.tsv"
for n in $SIZES; do
  zone=$(zone_path "$n")
  seconds=cached
  if [ ! -s "$zone" ] || [ ! -s "$zone.stats.json" ]; then
    rm -f "$CACHE"/zone-"$n"-seed"$SEED"-*.zone "$CACHE"/zone-"$n"-seed"$SEED"-*.zone.stats.json
    echo "== generating $zone"
    start=$(date +%s%N)
    python3 bench/generate_zone.py --records "$n" --seed "$SEED" --origin "$ORIGIN" \
      --output "$zone.tmp" --stats "$zone.stats.json"
    mv "$zone.tmp" "$zone"
    ms=$((($(date +%s%N) - start) / 1000000))
    seconds=$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$zone" "$(stat -c %s "$zone")" \
    "$(sha256sum "$zone" | cut -d' ' -f1)" "$seconds" >> "$RESULTS/zones.tsv"
done

expand() {  # expand TEMPLATE ZONE
  local s=$1
  s=${s//@ZONELINT@/$ZONELINT}
  s=${s//@ORIGIN@/$ORIGIN}
  s=${s//@OUT@/$OUT}
  s=${s//@ZONE@/$2}
  printf '%s' "$s"
}

wait_for_quiet() {
  [ -n "${BENCH_MAX_LOAD:-}" ] || return 0
  local deadline=$((SECONDS + ${BENCH_WAIT:-1800}))
  while awk -v max="$BENCH_MAX_LOAD" '{ exit !($1 > max) }' /proc/loadavg; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "   load average still $(cut -d' ' -f1 /proc/loadavg) > $BENCH_MAX_LOAD; timing anyway"
      return 0
    fi
    sleep 10
  done
}

printf 'records\tindex\tlabel\tstatus\tcommand\n' > "$RESULTS/commands.tsv"
for n in $SIZES; do
  zone=$(zone_path "$n")
  echo "== $n records: $zone ($(stat -c %s "$zone") bytes)"
  hf=(hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" --ignore-failure
      --export-json "$RESULTS/hyperfine-$n.json")
  index=0
  for entry in "${COMMANDS[@]}"; do
    label=${entry%%|*}
    cmd=$(expand "${entry#*|}" "$zone")
    base="$RESULTS/$n-$index"
    # One run under GNU time: exit status, diagnostics and peak RSS. The
    # command's own stdout is discarded, as hyperfine does.
    status=0
    /usr/bin/time -v -o "$base.time" sh -c "$cmd" > /dev/null 2> "$base.stderr" || status=$?
    if [ "$status" -le 1 ]; then
      rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$base.time")
      echo "   $label: exit $status, peak RSS ${rss} KiB, $(wc -l < "$base.stderr") line(s) on stderr"
      hf+=(-n "$label" "$cmd")
    else
      echo "   $label: not available (exit $status: $(head -c 200 "$base.stderr" | head -n 1))"
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$index" "$label" "$status" "$cmd" >> "$RESULTS/commands.tsv"
    index=$((index + 1))
  done
  printf '%s\0' "${hf[@]}" > "$RESULTS/hyperfine-$n.cmdline"
  wait_for_quiet
  cut -d' ' -f1-3 /proc/loadavg > "$RESULTS/loadavg-$n-start"
  "${hf[@]}"
  cut -d' ' -f1-3 /proc/loadavg > "$RESULTS/loadavg-$n-end"
done

python3 bench/report.py --results "$RESULTS" --template bench/performance.md.in \
  --build-dir "$BUILD_DIR" --zonelint "$ZONELINT" --source "$SOURCE_DESC" --output "$DOC"
echo "== wrote $DOC"
