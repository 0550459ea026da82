#!/usr/bin/env python3
"""Hostile-input tests: zonelint on inputs built to crash, hang, exhaust memory, escape the
repository or abuse the terminal (issue 8, docs/reliability.md).

Every input is generated here at test time (nothing large is committed). Each case runs zonelint
as a user would and asserts:
  - exit status 1 or 2 (findings, or an input that could not be processed), never a crash;
  - at least one positioned finding (path:line:col) where the case expects one;
  - bounded CPU time (< 30 s, user + system, measured with wait4; RLIMIT_CPU stops a runaway
    process at 31 s) and bounded memory (peak RSS < 1 GiB); a wall-clock watchdog (5 minutes)
    turns a process that hangs without using CPU (a blocking read) into a failure. The bounds are
    generous on purpose: they catch blow-ups, not slowness, so they do not flake on a busy machine;
  - case-specific properties: caps reported, no byte of a file outside the repository read or
    echoed, control characters escaped in every report format, nothing written but the report.

    hostile.py ZONELINT CASE    run one case (ctest runs each as its own test)
    hostile.py ZONELINT --list  the case names
    hostile.py ZONELINT         every case
"""

import json
import os
import random
import resource
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time

CPU_LIMIT_S = 30.0
RSS_LIMIT_KIB = 1024 * 1024  # 1 GiB
WALL_LIMIT_S = 300.0

ZONELINT = None
CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


class Failure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


class Run:
    def __init__(self, code, out, err, cpu, rss_kib, wall):
        self.code, self.out, self.err, self.cpu, self.rss_kib, self.wall = code, out, err, cpu, rss_kib, wall

    def text(self):
        return self.out.decode("utf-8", "replace")

    def json(self):
        try:
            return json.loads(self.out)
        except ValueError as e:
            raise Failure(f"report is not JSON: {e}: {self.out[:300]!r}")


def run(args, cwd, stdin=None, env_extra=None):
    """Runs zonelint; measures its own CPU time and peak RSS (wait4), kills it after WALL_LIMIT_S."""
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env.update(env_extra or {})
    out_f = tempfile.TemporaryFile()
    err_f = tempfile.TemporaryFile()
    in_f = None
    if stdin is not None:
        in_f = tempfile.TemporaryFile()
        in_f.write(stdin)
        in_f.seek(0)
    start = time.monotonic()
    def limit_cpu():
        # The kernel ends a runaway run (SIGXCPU) just past the bound instead of the watchdog much later.
        resource.setrlimit(resource.RLIMIT_CPU, (int(CPU_LIMIT_S) + 1, int(CPU_LIMIT_S) + 5))

    proc = subprocess.Popen([ZONELINT] + args, cwd=cwd, stdin=in_f if in_f else subprocess.DEVNULL,
                            stdout=out_f, stderr=err_f, env=env, preexec_fn=limit_cpu)
    killed = []

    def watchdog():
        killed.append(True)
        proc.kill()

    timer = threading.Timer(WALL_LIMIT_S, watchdog)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - start
    out_f.seek(0)
    err_f.seek(0)
    r = Run(proc.returncode, out_f.read(), err_f.read(), usage.ru_utime + usage.ru_stime, usage.ru_maxrss, wall)
    shown = " ".join(a if len(a) < 80 else a[:77] + "..." for a in args)
    print(f"  zonelint {shown}\n    exit {r.code}, {r.cpu:.2f} s CPU, {r.wall:.2f} s wall, peak RSS {r.rss_kib // 1024} MiB")
    check(not killed, f"hang: killed after {WALL_LIMIT_S:.0f} s")
    check(r.code != -24, f"used more than {CPU_LIMIT_S:.0f} s of CPU (killed by SIGXCPU)")
    check(r.code >= 0, f"killed by signal {-r.code}: {r.err[-2000:].decode('utf-8', 'replace')}")
    check(b"Sanitizer" not in r.err and b"runtime error" not in r.err,
          f"sanitizer report: {r.err[-3000:].decode('utf-8', 'replace')}")
    check(r.cpu < CPU_LIMIT_S, f"used {r.cpu:.1f} s of CPU (limit {CPU_LIMIT_S:.0f} s)")
    check(r.rss_kib < RSS_LIMIT_KIB, f"peak RSS {r.rss_kib // 1024} MiB (limit {RSS_LIMIT_KIB // 1024} MiB)")
    return r


def check_json(root, path, extra=(), expect_codes=(1, 2)):
    """`zonelint check --format json`: exit 1 or 2 and the findings."""
    r = run(["check", "--format", "json", "--no-config", "--repo-root", root, *extra, path], cwd=root)
    check(r.code in expect_codes, f"exit status {r.code}, expected one of {expect_codes}: {r.err[-500:]!r}")
    return r, r.json()


def positioned(doc, code=None, message=None, path=None):
    """The findings with a line and column (optionally with this code / message part / path)."""
    found = []
    for f in doc["findings"]:
        loc = f.get("location")
        if not loc or loc["line"] < 1 or loc["column"] < 1:
            continue
        if code and f["code"] != code:
            continue
        if message and message not in f["message"]:
            continue
        if path and not loc["path"].endswith(path):
            continue
        found.append(f)
    return found


def expect_finding(doc, code=None, message=None, path=None):
    found = positioned(doc, code, message, path)
    check(found, f"no positioned finding{' ' + code if code else ''}"
                 f"{' containing ' + repr(message) if message else ''}; got: "
                 + "; ".join(f"{f['code']} {f['message'][:100]}" for f in doc["findings"][:8]))
    f = found[0]
    print(f"    {f['location']['path']}:{f['location']['line']}:{f['location']['column']}: {f['code']} {f['message'][:110]}")
    return found


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def repo(tmp):
    """A scratch repository: <tmp>/repo with a .git folder (the include root) and zones/ inside."""
    root = os.path.join(tmp, "repo")
    os.makedirs(os.path.join(root, ".git"))
    os.makedirs(os.path.join(root, "zones"))
    return root


SOA = "@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ 3600 IN NS ns1\nns1 3600 IN A 192.0.2.53\n"


# --- Binary and encoding garbage ------------------------------------------------------------------

@case
def random_binary(tmp):
    root = repo(tmp)
    rnd = random.Random(8)
    path = write(os.path.join(root, "zones", "example.com.zone"), bytes(rnd.getrandbits(8) for _ in range(1 << 20)))
    _, doc = check_json(root, path)
    expect_finding(doc, "ZONE000")


@case
def nul_bytes(tmp):
    root = repo(tmp)
    data = (b"$ORIGIN example.com.\n" + SOA.encode() +
            b"w\x00w A 192.0.2.1\n"
            b"txt TXT \"a\x00b\"\n"
            b"ok A 192.0.2.2 ; comment \x00 here\n" + b"\x00" * 4096 + b"\n")
    path = write(os.path.join(root, "zones", "example.com.zone"), data)
    _, doc = check_json(root, path)
    found = expect_finding(doc, "ZONE000", "NUL")
    check(len(found) >= 3, f"expected a NUL finding for the name, the string and the comment, got {len(found)}")


@case
def invalid_utf8(tmp):
    root = repo(tmp)
    data = (b"$ORIGIN example.com.\n" + SOA.encode() +
            b"caf\xe9 A 192.0.2.1\n"                 # Latin-1
            b"over\xc0\xaflong A 192.0.2.2\n"        # overlong '/'
            b"surr\xed\xa0\x80 A 192.0.2.3\n"        # UTF-16 surrogate
            b"txt TXT \"cut \xe2\x82\"\n"            # truncated sequence
            b"ok A 192.0.2.4 ; \xff\xfe comment\n")
    path = write(os.path.join(root, "zones", "example.com.zone"), data)
    r, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", "UTF-8")
    json.dumps(doc, ensure_ascii=False).encode("utf-8")  # the report itself is valid UTF-8


@case
def utf16_file(tmp):
    root = repo(tmp)
    path = write(os.path.join(root, "zones", "example.com.zone"), ("\ufeff$ORIGIN example.com.\n" + SOA).encode("utf-16-le"))
    _, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", "UTF-16")


# --- Size and nesting -----------------------------------------------------------------------------

@case
def line_2mb(tmp):
    root = repo(tmp)
    big = "x" * (2 << 20)
    data = "$ORIGIN example.com.\n" + SOA + f"long TXT {big}\n{big}.name A 192.0.2.1\nok A 192.0.2.2\n"
    path = write(os.path.join(root, "zones", "example.com.zone"), data)
    r, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", path="example.com.zone")
    check(len(r.out) < 64 << 20, f"report of {len(r.out)} bytes for a 4 MB input")
    # The text report shows the line cut around the finding: a few hundred bytes a finding, not 2 MB.
    r = run(["check", "--no-config", "--color", "never", "--repo-root", root, path], cwd=root)
    check(r.code == 1, f"text: exit {r.code}")
    longest = max(len(line) for line in r.out.splitlines())
    check(longest < 2048, f"text report has a line of {longest} bytes")


@case
def nested_parentheses_100k(tmp):
    root = repo(tmp)
    opens = "(" * 100_000
    data = ("$ORIGIN example.com.\n" + SOA + "a TXT " + opens + "\"x\"" + ")" * 100_000 + "\n" +
            "b TXT " + opens + "\n" + "c A 192.0.2.1\n")
    path = write(os.path.join(root, "zones", "example.com.zone"), data)
    _, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", "nested more than")


@case
def erroneous_records_200k(tmp):
    root = repo(tmp)
    lines = ["$ORIGIN example.com.", SOA.rstrip("\n")]
    lines += [f"r{i} IN A 192.0.2.{i % 250}{'x' if i % 2 else ''} )" for i in range(200_000)]
    path = write(os.path.join(root, "zones", "example.com.zone"), "\n".join(lines) + "\n")
    _, doc = check_json(root, path)
    syntax = [f for f in doc["findings"] if f["code"] == "ZONE000"]
    expect_finding(doc, "ZONE000")
    check(len(syntax) <= 101, f"{len(syntax)} syntax findings: the cap of 100 per file (+1 note) was not applied")
    expect_finding(doc, "ZONE000", "too many errors")


@case
def cname_chain_with_steps_back_100k(tmp):
    # Every alias of a 100,000-long chain also points back to the first: 100,000 circles through
    # one group of names, which listing circle by circle would take quadratic time.
    root = repo(tmp)
    lines = ["$ORIGIN example.com.", SOA.rstrip("\n")]
    lines += [f"c{i} CNAME c{i + 1}" for i in range(100_000)]
    lines += [f"c{i} CNAME c0" for i in range(1, 100_000)]
    path = write(os.path.join(root, "zones", "example.com.zone"), "\n".join(lines) + "\n")
    _, doc = check_json(root, path, ["--select", "ZONE015"])
    loops = [f for f in doc["findings"] if f["code"] == "ZONE015"]
    check(len(loops) == 1, f"{len(loops)} ZONE015 findings: one group of names is one finding")
    expect_finding(doc, "ZONE015", '"c0.example.com." -> "c1.example.com." -> "c0.example.com." (100000 names in all')


@case
def records_with_findings_past_the_cap(tmp):
    # 5,000 records that each draw the same rule finding (a DKIM CNAME target without its trailing
    # dot), five times the cap of 1000 per rule and file. (Reading 200,000 records is the case above;
    # 200,000 such findings take 90 s of CPU in the sanitized Debug build, linearly.)
    root = repo(tmp)
    lines = ["$ORIGIN example.com.", SOA.rstrip("\n")]
    lines += [f"t{i:06d}x._domainkey CNAME t{i:06d}x.dkim.amazonses.com" for i in range(5_000)]
    path = write(os.path.join(root, "zones", "example.com.zone"), "\n".join(lines) + "\n")
    r = run(["check", "--format", "gcc", "--no-config", "--repo-root", root, path], cwd=root)
    check(r.code == 1, f"exit {r.code}")
    check(re.search(rb"example\.com\.zone:\d+:\d+: ", r.out), "no positioned finding")
    check(b"4000 more SES001 findings in this file are not shown" in r.out and b"per rule and file" in r.out,
          "the cap on findings per rule and file was not reported")
    shown = len(re.findall(rb": error: .*\[SES001", r.out))
    check(shown == 1000, f"{shown} SES001 findings shown: the per-rule cap of 1000 was not applied")


# --- $INCLUDE -------------------------------------------------------------------------------------

@case
def include_loop(tmp):
    root = repo(tmp)
    write(os.path.join(root, "zones", "a.inc"), "$INCLUDE b.inc\na1 A 192.0.2.1\n")
    write(os.path.join(root, "zones", "b.inc"), "$INCLUDE a.inc\nb1 A 192.0.2.2\n")
    path = write(os.path.join(root, "zones", "example.com.zone"), "$ORIGIN example.com.\n" + SOA + "$INCLUDE a.inc\n")
    _, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", "cycle")


@case
def include_self(tmp):
    root = repo(tmp)
    path = write(os.path.join(root, "zones", "example.com.zone"),
                 "$ORIGIN example.com.\n" + SOA + "$INCLUDE example.com.zone\n")
    _, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", "cycle")


@case
def include_fan_out(tmp):
    # Ten files that each include the next one ten times: 10^10 reads without a cap on files.
    root = repo(tmp)
    for i in range(10):
        body = "".join(f"$INCLUDE f{i + 1}.inc\n" for _ in range(10)) if i < 9 else "x A 192.0.2.1\n"
        write(os.path.join(root, "zones", f"f{i}.inc"), body)
    path = write(os.path.join(root, "zones", "example.com.zone"), "$ORIGIN example.com.\n" + SOA + "$INCLUDE f0.inc\n")
    _, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", "included files")


SECRET = "S3CRET-OUTSIDE-8a41c7"


def outside_file(tmp):
    """A file outside the repository whose bytes must never show up anywhere."""
    return write(os.path.join(tmp, "outside", "secret.zone"),
                 f'secret 300 IN TXT "{SECRET}"\n{SECRET} A 192.0.2.9\n$INCLUDE {SECRET}.zone\n')


def check_no_secret(root, path, extra=()):
    """Every report format, and zonelint dump: the include is refused and no byte of it appears."""
    for fmt in ("text", "gcc", "json", "sarif", "github", "gitlab"):
        r = run(["check", "--format", fmt, "--color", "never", "--no-config", "--repo-root", root, *extra, path], cwd=root)
        check(r.code in (1, 2), f"{fmt}: exit {r.code}")
        check(SECRET.encode() not in r.out + r.err, f"{fmt}: a byte of the file outside the repository was echoed")
        if fmt == "json":
            expect_finding(r.json(), "ZONE000", "outside")
    r = run(["dump", path], cwd=root)
    check(SECRET.encode() not in r.out + r.err, "dump echoed a file outside the repository")


@case
def include_absolute(tmp):
    root = repo(tmp)
    secret = outside_file(tmp)
    path = write(os.path.join(root, "zones", "example.com.zone"), "$ORIGIN example.com.\n" + SOA + f"$INCLUDE {secret}\n")
    check_no_secret(root, path)
    # The same file is read when the user allows it: proof that the test would see a leak.
    r = run(["check", "--format", "json", "--no-config", "--repo-root", root, "--allow-include-outside", path], cwd=root)
    check(SECRET.encode() in r.out, "--allow-include-outside did not read the outside file")


@case
def include_dotdot(tmp):
    root = repo(tmp)
    outside_file(tmp)
    path = write(os.path.join(root, "zones", "example.com.zone"),
                 "$ORIGIN example.com.\n" + SOA + "$INCLUDE ../../outside/secret.zone\n"
                 "$INCLUDE ../zones/../../outside/secret.zone\n")
    check_no_secret(root, path)


@case
def include_symlink_out(tmp):
    root = repo(tmp)
    secret = outside_file(tmp)
    os.symlink(secret, os.path.join(root, "zones", "inside.inc"))
    os.symlink(os.path.dirname(secret), os.path.join(root, "zones", "dirlink"))
    path = write(os.path.join(root, "zones", "example.com.zone"),
                 "$ORIGIN example.com.\n" + SOA + "$INCLUDE inside.inc\n$INCLUDE dirlink/secret.zone\n")
    check_no_secret(root, path)


@case
def include_fifo_outside(tmp):
    # Opening a FIFO with no writer blocks: refusing must happen before any open().
    root = repo(tmp)
    os.makedirs(os.path.join(tmp, "outside"))
    os.mkfifo(os.path.join(tmp, "outside", "pipe.zone"))
    path = write(os.path.join(root, "zones", "example.com.zone"),
                 "$ORIGIN example.com.\n" + SOA + "$INCLUDE ../../outside/pipe.zone\n")
    _, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", "outside")


@case
def device_named_as_input(tmp):
    # /dev/zero and /dev/urandom never end: read to the 4 GiB cap they took gigabytes of memory.
    root = repo(tmp)
    for device in ("/dev/zero", "/dev/urandom"):
        r = run(["check", "--no-config", "--format", "json", device], cwd=root)
        check(r.code == 2, f"{device}: exit {r.code}")
        problems = json.loads(r.out)["problems"]
        check(any("is a device" in p["message"] for p in problems), f"{device}: problems {problems}")


@case
def include_fifo_and_device(tmp):
    # Inside the repository a FIFO would block the read forever; /dev/zero (allowed outside) never ends.
    root = repo(tmp)
    os.mkfifo(os.path.join(root, "zones", "pipe.inc"))
    path = write(os.path.join(root, "zones", "example.com.zone"),
                 "$ORIGIN example.com.\n" + SOA + "$INCLUDE pipe.inc\n$INCLUDE /dev/zero\n")
    _, doc = check_json(root, path, extra=["--allow-include-outside"])
    found = expect_finding(doc, "ZONE000", "not a regular file")
    check(len(found) == 2, f"expected the FIFO and /dev/zero refused, got {len(found)} findings")


@case
def include_outside_without_repository(tmp):
    # No .git anywhere above: the zone's own folder is the limit, even when run from a parent folder.
    base = os.path.join(tmp, "work")
    secret = write(os.path.join(base, "private", "secret.zone"), f'secret TXT "{SECRET}"\n')
    path = write(os.path.join(base, "zones", "example.com.zone"),
                 "$ORIGIN example.com.\n" + SOA + "$INCLUDE ../private/secret.zone\n")
    r = run(["check", "--format", "json", "--no-config", path], cwd=base)
    check(r.code in (1, 2), f"exit {r.code}")
    check(SECRET.encode() not in r.out + r.err, "read a file outside the zone's folder")
    expect_finding(r.json(), "ZONE000", "outside")
    del secret


@case
def no_include(tmp):
    root = repo(tmp)
    write(os.path.join(root, "zones", "inner.inc"), f'inner TXT "{SECRET}"\n')
    path = write(os.path.join(root, "zones", "example.com.zone"), "$ORIGIN example.com.\n" + SOA + "$INCLUDE inner.inc\n")
    r, doc = check_json(root, path, extra=["--no-include"])
    expect_finding(doc, "ZONE000", "--no-include")
    check(SECRET.encode() not in r.out + r.err, "--no-include still read the file")


# --- $GENERATE ------------------------------------------------------------------------------------

@case
def huge_generate(tmp):
    # The caps are checked before any record is made: 2^31 records (the largest range BIND takes),
    # and one past the cap of 65,536 per directive, are refused at once. (The cap of 1,048,576 per zone needs a million records
    # made first, too slow for a sanitized build: tests/unit/generate_test.cpp covers it with small caps.)
    root = repo(tmp)
    data = ("$ORIGIN example.com.\n" + SOA +
            "$GENERATE 0-2147483647 host$ A 192.0.2.1\n"
            "$GENERATE 0-65536 x${0,10,d} TXT \"$\"\n"
            "$GENERATE 1-100 ok$ A 192.0.2.1\n")
    path = write(os.path.join(root, "zones", "example.com.zone"), data)
    _, doc = check_json(root, path)
    found = expect_finding(doc, "ZONE000", "$GENERATE would create")
    check(len(found) == 2, f"expected both oversized ranges refused, got {len(found)} findings")
    check(any("2147483648 records" in f["message"] for f in found), "the 2^31 range was not refused by its size")
    check(any("65537 records" in f["message"] for f in found), "one past the per-directive cap was not refused")


# --- JSON and YAML --------------------------------------------------------------------------------

ROUTE53 = ('{"ResourceRecordSets": [' + ",".join(
    f'{{"Name": "r{i}.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{{"Value": "192.0.2.{i}"}}]}}'
    for i in range(50)) + "]}")


@case
def json_truncated(tmp):
    root = repo(tmp)
    path = write(os.path.join(root, "zones", "route53.json"), ROUTE53[: len(ROUTE53) * 2 // 3])
    _, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", path="route53.json")


@case
def json_deeply_nested(tmp):
    root = repo(tmp)
    path = write(os.path.join(root, "zones", "route53.json"),
                 '{"ResourceRecordSets": ' + "[" * 100_000 + "]" * 100_000 + "}")
    _, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", "nested more than")


@case
def json_many_values(tmp):
    root = repo(tmp)
    path = write(os.path.join(root, "zones", "route53.json"),
                 '{"ResourceRecordSets": [' + ",".join(["0"] * 1_500_000) + "]}")
    _, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", "values")


@case
def yaml_alias_bomb(tmp):
    root = repo(tmp)
    lines = ["kind: dns#resourceRecordSet", "name: example.com.", "type: TXT", "ttl: 300", 'a0: &a0 ["lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("rrdatas: *a9")
    path = write(os.path.join(root, "zones", "records.yaml"), "\n".join(lines) + "\n")
    _, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", path="records.yaml")


@case
def yaml_deeply_nested(tmp):
    root = repo(tmp)
    body = "kind: dns#resourceRecordSet\nrrdatas:\n" + "".join("  " * i + "-\n" for i in range(2000))
    body += "".join("- " for _ in range(100_000)) + "x\n"
    path = write(os.path.join(root, "zones", "records.yaml"), body)
    _, doc = check_json(root, path)
    expect_finding(doc, "ZONE000", path="records.yaml")


# --- Output abuse ---------------------------------------------------------------------------------

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x1b[0m\r\x08\u009b31m\u202e"


def check_reports_escaped(root, path):
    for fmt in ("text", "gcc", "json", "sarif", "github", "gitlab"):
        for color in (("never", "always") if fmt == "text" else ("never",)):
            r = run(["check", "--format", fmt, "--color", color, "--no-config", "--repo-root", root, path], cwd=root)
            check(r.code in (1, 2), f"{fmt}: exit {r.code}")
            out = r.out
            text = out.decode("utf-8")  # every format is valid UTF-8
            if fmt in ("text", "gcc"):
                allowed = set() if color == "never" else {"\x1b"}
                for ch in text:
                    if (ord(ch) < 0x20 and ch != "\n" and ch not in allowed) or 0x7F <= ord(ch) <= 0x9F:
                        raise Failure(f"{fmt} (--color {color}): raw control character U+{ord(ch):04X} in the report")
                if color == "always":
                    # Only zonelint's own SGR colour codes (ESC [ digits m); none of the input's.
                    for m in re.finditer("\x1b", text):
                        check(re.match(r"\x1b\[[0-9;]*m", text[m.start():]), f"{fmt}: foreign escape sequence")
                    for seq in ("\x1b]0;pwned", "\x1b[2J", "\x1b[31mred"):
                        check(seq not in text, f"{fmt}: the input's escape sequence {seq!r} reached the terminal")
                check(re.search(r":\d+:\d+:", text), f"{fmt}: no positioned finding")
            elif fmt in ("json", "sarif", "gitlab"):
                json.loads(text)
                for ch in text:
                    check(ord(ch) >= 0x20 or ch == "\n" or ch == " ", f"{fmt}: raw control character U+{ord(ch):04X}")
            elif fmt == "github":
                for line in text.split("\n")[:-1]:
                    check(line.startswith("::"), f"github: a line that is not a workflow command: {line[:80]!r}")
                    check("\r" not in line, "github: raw carriage return")
                    for ch in line:
                        check(ord(ch) >= 0x20 and not 0x7F <= ord(ch) <= 0x9F,
                              f"github: raw control character U+{ord(ch):04X}")


@case
def terminal_escapes_in_data(tmp):
    root = repo(tmp)
    data = ("$ORIGIN example.com.\n" + SOA +
            f'txt TXT "v=spf1 {ESCAPES} ~all"\n'
            f"x{ESCAPES}y A 192.0.2.1\n"
            f"tok._domainkey CNAME tok{ESCAPES}.dkim.amazonses.com\n"
            f"; zonelint: disable=SES999{ESCAPES}\n")
    path = write(os.path.join(root, "zones", "example.com.zone"), data)
    check_reports_escaped(root, path)


@case
def terminal_escapes_in_file_name(tmp):
    root = repo(tmp)
    path = write(os.path.join(root, "zones", f"ev\x1b[2Jil\u009b.example.com.zone"),
                 "$ORIGIN example.com.\n" + SOA + "bad A 300.0.0.1\n")
    check_reports_escaped(root, path)


@case
def terminal_escapes_in_export(tmp):
    root = repo(tmp)
    value = json.dumps(f"v=spf1 {ESCAPES}")
    name = json.dumps(f"x{ESCAPES}.example.com.")
    path = write(os.path.join(root, "zones", "route53.json"),
                 '{"ResourceRecordSets": [{"Name": ' + name + ', "Type": "TXT", "TTL": 300, '
                 '"ResourceRecords": [{"Value": ' + json.dumps(value) + "}]}]}")
    check_reports_escaped(root, path)


# --- Nothing written but the report ---------------------------------------------------------------

def snapshot(top):
    state = {}
    for dirpath, dirnames, filenames in os.walk(top):
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            st = os.lstat(p)
            if stat.S_ISDIR(st.st_mode):
                state[os.path.relpath(p, top)] = (stat.S_IFDIR, 0, 0)  # a rename in it changes its mtime
            else:
                state[os.path.relpath(p, top)] = (stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns)
    return state


@case
def writes_nothing_but_the_report(tmp):
    root = repo(tmp)
    home = os.path.join(tmp, "home")
    scratch = os.path.join(tmp, "scratch")
    os.makedirs(home)
    os.makedirs(scratch)
    write(os.path.join(root, "zones", "inc.inc"), "inc A 192.0.2.7\n")
    path = write(os.path.join(root, "zones", "example.com.zone"),
                 "$ORIGIN example.com.\n" + SOA + "$INCLUDE inc.inc\n"
                 "tok._domainkey CNAME tok.dkim.amazonses.com\nbad A 300.0.0.1\n")
    env = {"HOME": home, "TMPDIR": scratch, "XDG_CACHE_HOME": home, "XDG_CONFIG_HOME": home}
    before = snapshot(tmp)
    for fmt in ("text", "json", "sarif", "github", "gitlab", "gcc"):
        r = run(["check", "--format", fmt, "--repo-root", root, path], cwd=root, env_extra=env)
        check(r.code == 1, f"{fmt}: exit {r.code}")
    r = run(["check", "--diff", "--repo-root", root, path], cwd=root, env_extra=env)
    check(r.code == 1 and b"+tok._domainkey" in r.out, f"--diff: exit {r.code}")
    r = run(["dump", path], cwd=root, env_extra=env)
    r = run(["check", "--format", "json", "--stdin-filename", "example.com.zone", "-"], cwd=root,
            stdin=open(path, "rb").read(), env_extra=env)
    check(snapshot(tmp) == before, "zonelint wrote, removed or touched a file: "
          + repr(set(snapshot(tmp).items()) ^ set(before.items())))
    # --output writes the report, and only it.
    report = os.path.join(root, "report.sarif")
    r = run(["check", "--format", "sarif", "--output", report, "--repo-root", root, path], cwd=root, env_extra=env)
    after = snapshot(tmp)
    check(set(after) - set(before) == {os.path.relpath(report, tmp)}, "--output wrote something besides the report")
    # --fix changes the zone file (atomically) and nothing else: no temporary file left behind.
    os.remove(report)
    before = snapshot(tmp)
    r = run(["check", "--fix", "--repo-root", root, path], cwd=root, env_extra=env)
    after = snapshot(tmp)
    changed = {k for k in set(after) | set(before) if after.get(k) != before.get(k)}
    check(changed == {os.path.relpath(path, tmp)}, f"--fix changed {sorted(changed)}")
    with open(path, encoding="utf-8") as f:
        check("tok.dkim.amazonses.com.\n" in f.read(), "--fix did not fix the DKIM target")


# --- No network ------------------------------------------------------------------------------------

@case
def no_network_by_design(tmp):
    # zonelint imports no function that could open a connection or resolve a name.
    nm = shutil.which("nm")
    check(nm is not None, "nm (binutils) is needed for this test")
    out = subprocess.run([nm, "-D", "--undefined-only", ZONELINT], capture_output=True, text=True, check=True).stdout
    imported = {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}
    network = {"socket", "connect", "bind", "listen", "accept", "accept4", "sendto", "recvfrom", "sendmsg",
               "recvmsg", "getaddrinfo", "gethostbyname", "gethostbyname2", "gethostbyname_r", "res_query",
               "res_search", "res_nquery", "getnameinfo"}
    check(not imported & network, f"zonelint imports network functions: {sorted(imported & network)}")
    print(f"    {len(imported)} imported symbols, none of {len(network)} network functions")


def main():
    global ZONELINT
    if len(sys.argv) < 2:
        print(__doc__)
        return 3
    ZONELINT = os.path.abspath(sys.argv[1])
    names = sys.argv[2:]
    if names == ["--list"]:
        print("\n".join(CASES))
        return 0
    failed = 0
    for name in names or list(CASES):
        if name not in CASES:
            print(f"unknown case {name}")
            return 3
        print(f"{name}:")
        tmp = tempfile.mkdtemp(prefix="zonelint-hostile-")
        try:
            CASES[name](os.path.realpath(tmp))
            print(f"  ok")
        except Failure as e:
            failed += 1
            print(f"  FAIL {name}: {e}")
        finally:
            for dirpath, dirnames, _ in os.walk(tmp):
                for d in dirnames:
                    os.chmod(os.path.join(dirpath, d), 0o755)
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
