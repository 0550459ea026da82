#!/usr/bin/env python3
"""Write docs/performance.md from the results of bench/run.sh.

Reads, from the results directory that bench/run.sh fills:
  zones.tsv            records, path, bytes, sha256, generation seconds
  commands.tsv         records, index, label, exit status, exact command line
  hyperfine-<N>.json   hyperfine --export-json for the zone with N records
  hyperfine-<N>.cmdline  the hyperfine invocation
  <N>-<index>.time     /usr/bin/time -v output of one run (peak RSS)
  <N>-<index>.stderr   that run's stderr (diagnostics summary)
and replaces the {{placeholders}} of the template (bench/performance.md.in)
with Markdown tables. Standard library only.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime
import json
import os
import platform
import re
import shlex
import subprocess
import sys
from pathlib import Path

# Targets from issue 7, applied to `zonelint check` on the largest zone.
TARGET_SPEEDUP = 5.0           # at least 5x faster than each of these peers:
SPEEDUP_PEERS = ("kzonecheck", "named-checkzone -i none")
TARGET_RSS_FRACTION = 0.5      # peak RSS at most half that of the leaner of those peers
TARGET_SCALING_SLACK = 1.1     # largest/smallest time at most the record ratio (10x) plus 10 %
RAW_PARSER_MBPS = (200.0, 400.0)  # the fastest raw parsers; aim for within 3x of them


def run(*argv: str, must_succeed: bool = False) -> str:
    """The command's stdout (or stderr when stdout is empty); "" if it cannot run."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    if must_succeed and done.returncode != 0:
        return ""
    return (done.stdout or done.stderr).strip()


def first_line(text: str) -> str:
    return text.splitlines()[0].strip() if text.strip() else ""


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(header) - 1)
    marks = {"l": "---", "r": "--:", "c": ":-:"}
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def dpkg_version(package: str) -> str:
    return run("dpkg-query", "-W", "-f", "${Version}", package) or "not installed"


def machine(results: Path, sizes: list[int]) -> str:
    info = {}
    for line in run("lscpu").splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    mem_kib = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass
    os_name = ""
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    rows = [
        ["CPU", info.get("Model name", platform.processor() or "?")],
        ["CPUs", f"{info.get('CPU(s)', os.cpu_count())} "
                 f"({info.get('Socket(s)', '?')} socket, {info.get('Core(s) per socket', '?')} cores per socket, "
                 f"{info.get('Thread(s) per core', '?')} thread per core)"],
        ["Caches", f"L2 {info.get('L2 cache', '?')}, L3 {info.get('L3 cache', '?')}"],
        ["Virtualisation", info.get("Hypervisor vendor", "none reported") +
         (f" ({info['Virtualization type']})" if "Virtualization type" in info else "")],
        ["Memory", f"{mem_kib / 1024 / 1024:.1f} GiB"],
        ["OS", f"{os_name}, Linux {platform.release()}"],
    ]
    busy = []
    for n in sizes:
        for when in ("start", "end"):
            load = loadavg(results, n, when)
            if load is not None and load > (os.cpu_count() or 1) / 2:
                busy.append(load)
    note = ""
    if busy:
        note = (f"\n\n**The machine was busy during this run** (1-minute load average up to "
                f"{max(busy):.1f} on {os.cpu_count()} CPUs, shown for each zone under Results): "
                "wall-clock times include waiting for a CPU and vary from run to run; the CPU "
                "times (user + system) are the steadier comparison. `BENCH_MAX_LOAD=0.5 bench/run.sh` "
                "waits for a quiet machine.")
    return table(["", ""], rows, "ll") + note


def loadavg(results: Path, n: int, when: str) -> float | None:
    try:
        return float((results / f"loadavg-{n}-{when}").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def cmake_cache(build_dir: Path) -> dict[str, str]:
    values = {}
    try:
        for line in (build_dir / "CMakeCache.txt").read_text().splitlines():
            m = re.match(r"^([A-Za-z_]+):[A-Z]+=(.*)$", line)
            if m:
                values[m.group(1)] = m.group(2)
    except OSError:
        pass
    return values


def versions(build_dir: Path, zonelint: str, source: str) -> str:
    cache = cmake_cache(build_dir)
    compiler = cache.get("CMAKE_CXX_COMPILER", "c++")
    build_type = cache.get("CMAKE_BUILD_TYPE", "?")
    flags = cache.get(f"CMAKE_CXX_FLAGS_{build_type.upper()}", "")
    own = first_line(run(zonelint, "--version", must_succeed=True))
    zonelint_version = source + (f"; `{own}`" if own else "")
    rows = [
        ["zonelint", zonelint_version, f"{build_type} (`{flags}`), {first_line(run(compiler, '--version'))}"],
        ["kzonecheck", first_line(run("kzonecheck", "-V")), f"knot-dnssecutils {dpkg_version('knot-dnssecutils')}"],
        ["named-checkzone", first_line(run("named-checkzone", "-v")), f"bind9-utils {dpkg_version('bind9-utils')}"],
        ["validns", "(no version option)", f"validns {dpkg_version('validns')}"],
        ["hyperfine", first_line(run("hyperfine", "--version")), f"hyperfine {dpkg_version('hyperfine')}"],
        ["GNU time", "/usr/bin/time -v", f"time {dpkg_version('time')}"],
        ["Python", platform.python_version(), "bench/generate_zone.py, bench/report.py"],
    ]
    return table(["Tool", "Version", "Package / build"], rows, "lll")


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def peak_rss_kib(path: Path) -> int | None:
    try:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", path.read_text())
    except OSError:
        return None
    return int(m.group(1)) if m else None


PREFIX = re.compile(r"^(\S+?:\d+(:\d+)?:\s*)")


def diagnostics(path: Path) -> str:
    """'none', or the count of stderr lines and the commonest messages."""
    try:
        lines = [l for l in path.read_text(errors="replace").splitlines() if l.strip()]
    except OSError:
        return "?"
    if not lines:
        return "none"
    counts = collections.Counter(PREFIX.sub("", l).strip() for l in lines)
    top = "; ".join(f"{c} × `{m[:80]}`" for m, c in counts.most_common(2))
    more = f"; {len(counts) - 2} other kinds" if len(counts) > 2 else ""
    return f"{len(lines)} line{'s' if len(lines) != 1 else ''}: {top}{more}"


def fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.2f}"


def fmt_int(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ")


class Result:
    def __init__(self, label: str, status: int, command: str) -> None:
        self.label = label
        self.status = status
        self.command = command
        self.available = status <= 1
        self.median = self.mean = self.stddev = self.min = self.max = None
        self.cpu = None  # mean user + system seconds
        self.runs = 0
        self.rss_kib: int | None = None
        self.diagnostics = ""

    @property
    def is_zonelint(self) -> bool:
        return self.label.startswith("zonelint")


def load(results: Path):
    zones = {int(z["records"]): z for z in read_tsv(results / "zones.tsv")}
    by_size: dict[int, list[Result]] = collections.defaultdict(list)
    for c in read_tsv(results / "commands.tsv"):
        n = int(c["records"])
        r = Result(c["label"], int(c["status"]), c["command"])
        base = results / f"{n}-{c['index']}"
        r.rss_kib = peak_rss_kib(base.with_suffix(".time"))
        r.diagnostics = diagnostics(base.with_suffix(".stderr"))
        by_size[n].append(r)
    for n, rs in by_size.items():
        path = results / f"hyperfine-{n}.json"
        if not path.exists():
            continue
        timed = {t["command"]: t for t in json.loads(path.read_text())["results"]}
        for r in rs:
            t = timed.get(r.label)
            if t:
                r.median, r.mean, r.stddev = t["median"], t["mean"], t.get("stddev") or 0.0
                r.min, r.max, r.runs = t["min"], t["max"], len(t.get("times", []))
                r.cpu = t.get("user", 0.0) + t.get("system", 0.0)
    return zones, dict(sorted(by_size.items()))


def zones_table(zones: dict[int, dict[str, str]]) -> str:
    rows = []
    for n, z in sorted(zones.items()):
        lines = "?"
        try:
            with open(z["path"], "rb") as f:
                lines = fmt_int(sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b"")))
        except OSError:
            pass
        rows.append([fmt_int(n), f"{int(z['bytes']) / 1e6:.1f} MB ({fmt_int(int(z['bytes']))} bytes)", lines,
                     f"`{z['path']}`", f"`{z['sha256'][:16]}…`"])
    return table(["Records", "Size", "Lines", "File", "SHA-256"], rows, "rrrll")


def mix_table(zones: dict[int, dict[str, str]]) -> str:
    """Counts per record type and feature, from the generator's --stats files."""
    stats = {}
    for n, z in sorted(zones.items()):
        try:
            stats[n] = json.loads(Path(z["path"] + ".stats.json").read_text())
        except (OSError, ValueError):
            return "(no generator statistics found)"
    keys = sorted({k for s in stats.values() for k in s},
                  key=lambda k: (k.startswith("feature: "), k))
    rows = []
    for k in keys:
        row = [k.removeprefix("feature: ") if k.startswith("feature: ") else f"{k} records"]
        for n, s in stats.items():
            v = s.get(k, 0)
            row.append(fmt_int(v) if k.startswith("feature: ") else f"{fmt_int(v)} ({100 * v / n:.1f} %)")
        rows.append(row)
    return table([""] + [f"{fmt_int(n)}-record zone" for n in stats], rows)


def results_tables(results: Path, zones, by_size) -> str:
    parts = []
    for n, rs in by_size.items():
        size = int(zones[n]["bytes"])
        parts.append(f"### {fmt_int(n)} records, {size / 1e6:.1f} MB\n")
        start, end = loadavg(results, n, "start"), loadavg(results, n, "end")
        if start is not None and end is not None:
            parts.append(f"1-minute load average {start:.2f} before and {end:.2f} after timing.\n")
        rows = []
        for r in rs:
            rss = f"{r.rss_kib / 1024:.1f}" if r.rss_kib is not None and r.available else "–"
            if not r.available:
                rows.append([r.label, f"not available (exit {r.status})", "–", "–", "–", "–", "–", rss,
                             r.diagnostics])
                continue
            if r.median is None:
                rows.append([r.label, "not timed", "–", "–", "–", "–", "–", rss, r.diagnostics])
                continue
            rows.append([
                r.label, fmt_s(r.median), f"{fmt_s(r.mean)} ± {fmt_s(r.stddev)}",
                f"{fmt_s(r.min)} … {fmt_s(r.max)}", fmt_s(r.cpu), f"{size / 1e6 / r.median:.1f}",
                fmt_int(n / r.median), rss, f"exit {r.status}; {r.diagnostics}",
            ])
        parts.append(table(["Command", "Median (s)", "Mean ± σ (s)", "Min … max (s)", "CPU user+sys (s)",
                            "MB/s", "Records/s", "Peak RSS (MiB)", "Exit status; stderr"], rows,
                           "lrrrrrrrl"))
        runs = {r.runs for r in rs if r.runs}
        if runs:
            parts.append(f"\n{'/'.join(map(str, sorted(runs)))} timed runs per command.\n")
    return "\n".join(parts)


def ratio(a: float | None, b: float | None, digits: int = 2) -> str:
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.{digits}f}"


def ratios_tables(by_size) -> str:
    parts = []
    for n, rs in by_size.items():
        ours = [r for r in rs if r.is_zonelint]
        peers = [r for r in rs if not r.is_zonelint and r.available and r.median is not None]
        rows = []
        for z in ours:
            for p in peers:
                if not z.available or z.median is None:
                    rows.append([z.label, p.label, "not available", "–", "–", "–"])
                    continue
                rss = ratio(z.rss_kib, p.rss_kib)
                rows.append([z.label, p.label, ratio(z.median, p.median), f"{p.median / z.median:.1f}×",
                             ratio(z.cpu, p.cpu), rss])
        parts.append(f"### {fmt_int(n)} records\n")
        parts.append(table(["zonelint", "Peer", "Time zonelint/peer", "Speed-up (peer/zonelint)",
                            "CPU time zonelint/peer", "Peak RSS zonelint/peer"], rows, "llrrrr"))
        parts.append("")
    return "\n".join(parts)


def scaling_table(by_size) -> str:
    if len(by_size) < 2:
        return "Only one zone size was timed."
    small, large = min(by_size), max(by_size)
    rows = []
    small_by_label = {r.label: r for r in by_size[small]}
    for r in by_size[large]:
        s = small_by_label.get(r.label)
        if s is None or r.median is None or s.median is None:
            rows.append([r.label, "–", "–", "–", "–", "–"])
            continue
        rows.append([r.label, fmt_s(s.median), fmt_s(r.median), f"{r.median / s.median:.1f}×",
                     f"{ratio(r.cpu, s.cpu, 1)}×", f"{ratio(r.rss_kib, s.rss_kib, 1)}×"])
    return (f"Records ratio {large / small:.0f}×.\n\n" +
            table(["Command", f"Median {fmt_int(small)} (s)", f"Median {fmt_int(large)} (s)",
                   "Time ratio", "CPU time ratio", "Peak RSS ratio"], rows))


def targets_table(zones, by_size) -> str:
    n = max(by_size)
    rs = {r.label: r for r in by_size[n]}
    size = int(zones[n]["bytes"])
    small = min(by_size)
    small_rs = {r.label: r for r in by_size[small]}
    columns = [rs.get("zonelint check"), rs.get("zonelint dump")]
    header = ["Target (issue 7)", "zonelint check", "zonelint dump (parse only, for reference)"]

    def cell(r: Result | None, value: str | None, met: bool | None) -> str:
        if r is None or not r.available or r.median is None:
            return "not available"
        if value is None:
            return "–"
        return f"{value} — {'met' if met else 'not met'}"

    rows = []
    for peer in SPEEDUP_PEERS:
        p = rs.get(peer)
        row = [f"≥ {TARGET_SPEEDUP:.0f}× faster than `{peer}`"]
        for r in columns:
            if r is None or r.median is None or p is None or p.median is None:
                row.append(cell(r, None, None))
            else:
                s = p.median / r.median
                cpu = f" (CPU time {p.cpu / r.cpu:.1f}×)" if p.cpu and r.cpu else ""
                row.append(cell(r, f"{s:.1f}×", s >= TARGET_SPEEDUP) + cpu)
        rows.append(row)
    peer_rss = [rs[p].rss_kib for p in SPEEDUP_PEERS if p in rs and rs[p].rss_kib and rs[p].available]
    lean = min(peer_rss) if peer_rss else None
    row = [f"Peak RSS ≤ {TARGET_RSS_FRACTION:g} × the leaner peer"
           + (f" ({lean / 1024:.0f} MiB → ≤ {lean * TARGET_RSS_FRACTION / 1024:.0f} MiB)" if lean else "")]
    for r in columns:
        if r is None or r.rss_kib is None or lean is None:
            row.append(cell(r, None, None))
        else:
            row.append(cell(r, f"{r.rss_kib / 1024:.0f} MiB", r.rss_kib <= lean * TARGET_RSS_FRACTION))
    rows.append(row)
    allowed = TARGET_SCALING_SLACK * n / small
    row = [f"Linear: {fmt_int(n)}-record time ≤ {allowed:g}× the {fmt_int(small)}-record time"]
    for r in columns:
        s = small_rs.get(r.label) if r else None
        if r is None or s is None or r.median is None or s.median is None or n == small:
            row.append(cell(r, None, None))
        else:
            x = r.median / s.median
            cpu = f" (CPU time {r.cpu / s.cpu:.1f}×)" if r.cpu and s.cpu else ""
            row.append(cell(r, f"{x:.1f}×", x <= allowed) + cpu)
    rows.append(row)
    lo, hi = RAW_PARSER_MBPS
    row = [f"Within 3× of raw parsers ({lo:.0f}–{hi:.0f} MB/s → ≥ {lo / 3:.0f}–{hi / 3:.0f} MB/s)"]
    for r in columns:
        if r is None or r.median is None:
            row.append(cell(r, None, None))
        else:
            mbps = size / 1e6 / r.median
            row.append(cell(r, f"{mbps:.0f} MB/s", mbps >= hi / 3) +
                       (" (met against 200 MB/s)" if lo / 3 <= mbps < hi / 3 else ""))
    rows.append(row)
    return (f"On the {fmt_int(n)}-record zone.\n\n" + table(header, rows, "lll"))


def hyperfine_cmdline(argv: list[str]) -> str:
    """The hyperfine invocation, one `-n NAME COMMAND` pair per line."""
    lines = [[]]
    for arg in argv:
        if arg in ("-n", "--command-name"):
            lines.append([])
        lines[-1].append(shlex.quote(arg))
    return " \\\n  ".join(" ".join(words) for words in lines if words)


def commands_section(results: Path, by_size) -> str:
    parts = []
    for n, rs in by_size.items():
        parts.append(f"{fmt_int(n)} records:\n\n```sh")
        parts += [r.command for r in rs]
        cmdline = results / f"hyperfine-{n}.cmdline"
        if cmdline.exists():
            parts.append("# timed together with:")
            parts.append(hyperfine_cmdline(cmdline.read_bytes().decode().split("\0")[:-1]))
        parts.append("```\n")
    return "\n".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", required=True, type=Path)
    ap.add_argument("--template", required=True, type=Path)
    ap.add_argument("--build-dir", default="build-bench", type=Path)
    ap.add_argument("--zonelint", default="build-bench/zonelint")
    ap.add_argument("--source", default="working tree", help="what zonelint was built from")
    ap.add_argument("--output", required=True, type=Path)
    args = ap.parse_args()

    zones, by_size = load(args.results)
    if not by_size:
        print("report.py: no results", file=sys.stderr)
        return 2
    values = {
        # When the timing ended (the newest hyperfine result), so that a page written again from
        # the same results keeps the date of the run.
        "date": datetime.datetime.fromtimestamp(
            max(p.stat().st_mtime for p in args.results.glob("hyperfine-*.json")), datetime.timezone.utc
        ).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(args.results, list(by_size)),
        "versions": versions(args.build_dir, args.zonelint, args.source),
        "zones": zones_table(zones),
        "mix": mix_table(zones),
        "commands": commands_section(args.results, by_size),
        "results": results_tables(args.results, zones, by_size),
        "ratios": ratios_tables(by_size),
        "scaling": scaling_table(by_size),
        "targets": targets_table(zones, by_size),
    }
    text = args.template.read_text()
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    left = re.findall(r"\{\{[a-z_]+\}\}", text)
    if left:
        print(f"report.py: unknown placeholders in the template: {', '.join(left)}", file=sys.stderr)
        return 2
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
