#!/usr/bin/env python3
"""`zonelint check --fix` round trips (issue 6, acceptance 1).

Each folder cases/<name>/ holds a broken input (input/), the fixed bytes written by hand
(expected/) and case.json:

    {
      "about": "what the case shows",
      "args": ["--origin", "example.com"],   every zonelint run gets these
      "paths": ["example.com.zone"],         the inputs, relative to input/
      "fix_args": ["--unsafe-fixes"],        optional: only --fix and --diff get these
      "fixed": ["example.com.zone:9:14 ZONE003", ...],
                                              every finding that carries a fix the run applies
                                              (path:line:column CODE, before the fix)
      "deferred": 1,                          optional: fixes left out because they overlap
      "remaining": ["example.com.zone:4 SES004"],
                                              optional: findings after the fix (path:line CODE)
      "safe_only": "unchanged",               optional: --fix without fix_args changes nothing
      "bind": {"origin": "example.com", "file": "example.com.zone",
               "records": [["owner.", "CNAME", "target."], ...]}
                                              optional: what named-checkzone must load;
                                              [owner, ttl, type, rdata] to check the TTL too
    }

Every case, in temporary copies of input/:
  - the findings that carry a fix are exactly `fixed` (so a fix that disappears fails);
  - `--diff` changes no file (bytes, inode, mtime) and prints a diff that `patch -p0` and
    `git apply` turn into the expected bytes;
  - `--fix` writes exactly expected/, byte for byte; the changed bytes lie inside the tokens (or
    comments) where the findings were reported, nothing else changes (blanks, line ends, BOM);
    files are replaced by rename (new inode, no temporary file left) and keep mode 0640 (and,
    run as root, their owner and group); files
    with nothing to fix keep their inode and mtime;
  - linting the result reports none of the fixed findings at their places, and exactly
    `remaining`; a second --diff finds nothing to fix;
  - JSON stays valid JSON and YAML valid YAML, with the same structure: only string values change;
  - zone files load in named-checkzone with the intended records, which they did not have before.

And the cases that are not folders: exit statuses of --fix/--diff/--exit-non-zero-on-fix, a
folder where only one file has something to fix, a symlink.

Folders named pending-* hold cases that fail today (each says why in `about`); they are not
registered with ctest. Run one with `fix_roundtrip.py ZONELINT pending-<name>`.

    fix_roundtrip.py ZONELINT CASE      run one case (ctest runs each as its own test)
    fix_roundtrip.py ZONELINT --list    the registered case names
    fix_roundtrip.py ZONELINT           every registered case

Exit status 77 (skipped) when a case passed everything it could check but named-checkzone (bind9-utils),
patch or git was missing for a part of it.
"""

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "cases")
ZONELINT = None
SKIPPED = []  # parts not checked because a tool is missing
OWNER = (1234, 2345)  # given to the files before --fix when the test runs as root

CHECKS = {}


def named_check(fn):
    CHECKS[fn.__name__.replace("_", "-")] = fn
    return fn


class Failure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


def run(args, cwd, stdin=None):
    p = subprocess.run(args, cwd=cwd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout, p.stderr


def zonelint(args, cwd):
    return run([ZONELINT] + args, cwd)


def files_under(root):
    out = {}
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for n in sorted(names):
            full = os.path.join(folder, n)
            out[os.path.relpath(full, root)] = full
    return out


def read_tree(root):
    return {rel: open(full, "rb").read() for rel, full in files_under(root).items()}


def stat_tree(root):
    out = {}
    for rel, full in files_under(root).items():
        st = os.lstat(full)
        out[rel] = (st.st_ino, st.st_mtime_ns, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid)
    return out


def copy_tree(src, dst):
    shutil.copytree(src, dst, symlinks=True)
    return dst


def show_bytes(b):
    return repr(b if len(b) < 400 else b[:400] + b"...")


def first_difference(a, b):
    n = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    line = a[:n].count(b"\n") + 1
    return f"first difference at byte {n} (line {line}): expected {show_bytes(a[max(0, n - 20):n + 40])}, " \
           f"got {show_bytes(b[max(0, n - 20):n + 40])}"


def compare_trees(expected, actual, what):
    check(sorted(expected) == sorted(actual), f"{what}: files {sorted(actual)}, expected {sorted(expected)}")
    for rel in expected:
        check(expected[rel] == actual[rel], f"{what}: {rel} differs from expected/{rel}: "
              + first_difference(expected[rel], actual[rel]))


# ---------------------------------------------------------------------------------------------
# Findings


def json_report(args, cwd):
    code, out, err = zonelint(["check", "--format", "json", "--no-config"] + args, cwd)
    check(code in (0, 1), f"zonelint check --format json exited {code}: {err.decode(errors='replace')}")
    return json.loads(out)["findings"]


def applied_fixes(finding, unsafe):
    return [f for f in finding["fixes"] if f["safety"] == "safe" or (unsafe and f["safety"] == "unsafe")]


def where(finding, with_column=True):
    loc = finding["location"]
    if loc is None:
        return f"- {finding['code']}"
    place = f"{loc['path']}:{loc['line']}:{loc['column']}" if with_column else f"{loc['path']}:{loc['line']}"
    return f"{place} {finding['code']}"


# ---------------------------------------------------------------------------------------------
# Tokens: where a fix may change bytes. A zone file's tokens are words, quoted strings and
# comments (a Cloudflare export keeps its flags in a comment); blanks, parentheses and line ends
# are never changed. In JSON and YAML a token is a string value.

ZONE_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"?|;[^\r\n]*|(?:[^\s";()\\]|\\.)+', re.S)
JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
YAML_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|(?<=: |- )[^\s"\'#][^\r\n#]*?(?=[ \t]*(?:#|\r?\n|$))', re.S)


def tokens_of(path, data):
    if path.endswith(".json"):
        pattern = JSON_TOKEN
    elif path.endswith((".yaml", ".yml")):
        pattern = YAML_TOKEN
    else:
        pattern = ZONE_TOKEN
    return [(m.start(), m.end()) for m in pattern.finditer(data)]


def token_region(path, data, begin, end):
    """The extent of the tokens the byte range [begin, end) touches (an insertion: the token
    it is in or next to)."""
    lo, hi = begin, end
    for s, e in tokens_of(path, data):
        if (s < end and begin < e) or (begin == end and s <= begin <= e):
            lo, hi = min(lo, s), max(hi, e)
    return lo, hi


def align(before, after, regions):
    """Matches `after` against `before` where only the byte ranges `regions` (sorted, disjoint)
    may differ. Returns [(in_begin, in_end, out_begin, out_end)] for every piece (unchanged gaps
    and regions alternately), or None when a byte outside the regions changed."""
    pattern = b""
    last = 0
    for s, e in regions:
        pattern += re.escape(before[last:s]) + b"(.*?)"
        last = e
    pattern += re.escape(before[last:])
    m = re.fullmatch(pattern, after, re.S)
    if m is None:
        return None
    pieces, in_at, out_at = [], 0, 0
    for k, (s, e) in enumerate(regions):
        pieces.append((in_at, s, out_at, m.start(k + 1)))
        pieces.append((s, e, m.start(k + 1), m.end(k + 1)))
        in_at, out_at = e, m.end(k + 1)
    pieces.append((in_at, len(before), out_at, len(after)))
    return pieces


def map_back(pieces, begin, end):
    """An output byte range mapped to the input range it came from."""
    lo, hi = None, None
    for k, (ib, ie, ob, oe) in enumerate(pieces):
        unchanged = k % 2 == 0
        if ob <= begin <= oe or ob <= end <= oe or (begin < ob and oe < end):
            if unchanged:
                a = ib + max(0, begin - ob)
                b = ib + min(oe, end) - ob
                a, b = min(a, ie), min(max(b, a), ie)
            else:
                a, b = ib, ie
            lo = a if lo is None else min(lo, a)
            hi = b if hi is None else max(hi, b)
    return lo, hi


# ---------------------------------------------------------------------------------------------
# Structured exports: the same tree, only string values may differ.


def same_shape(a, b, at="$"):
    if isinstance(a, dict):
        check(isinstance(b, dict) and list(a) == list(b), f"{at}: keys changed: {list(a)} -> {b!r:.200}")
        for k in a:
            same_shape(a[k], b[k], f"{at}.{k}")
    elif isinstance(a, list):
        check(isinstance(b, list) and len(a) == len(b), f"{at}: list changed")
        for i, (x, y) in enumerate(zip(a, b)):
            same_shape(x, y, f"{at}[{i}]")
    elif isinstance(a, str):
        check(isinstance(b, str), f"{at}: a string became {b!r}")
    else:
        check(a == b, f"{at}: {a!r} became {b!r}: only string values may change")


def parse_structured(rel, data):
    if rel.endswith(".json"):
        return [json.loads(data.decode("utf-8"))]
    if rel.endswith((".yaml", ".yml")):
        try:
            import yaml
        except ImportError:
            SKIPPED.append(f"{rel}: PyYAML is not installed")
            return None
        return list(yaml.safe_load_all(data.decode("utf-8")))
    return None


# ---------------------------------------------------------------------------------------------
# named-checkzone


def bind_records(folder, origin, rel):
    """The records named-checkzone loads from folder/rel, or None when it does not load the file.
    BIND reads $INCLUDE relative to its working directory, zonelint relative to the including
    file: run it in the file's folder."""
    path = os.path.join(folder, rel)
    data = open(path, "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        # BIND rejects a byte-order mark (docs/zone-format.md); zonelint keeps it. Load a copy
        # without it: the records are what this check is about.
        path = os.path.join(os.path.dirname(path), ".bind-" + os.path.basename(rel))
        with open(path, "wb") as f:
            f.write(data[3:])
    code, out, err = run(["named-checkzone", "-D", "-o", "-", origin, os.path.basename(path)], os.path.dirname(path))
    if code != 0:
        return None, err.decode(errors="replace") + out.decode(errors="replace")
    records = set()
    for line in out.decode(errors="replace").splitlines():
        fields = line.split(None, 4)
        if len(fields) == 5:
            records.add((fields[0].lower(), fields[1], fields[3], fields[4].strip()))
    return records, ""


def check_bind(case, before_dir, after_dir):
    spec = case.get("bind")
    if not spec:
        return
    if shutil.which("named-checkzone") is None:
        SKIPPED.append("named-checkzone (bind9-utils) is not installed")
        return
    # [owner, type, rdata], or [owner, ttl, type, rdata] when the TTL is what the fix changes.
    wanted = {tuple(r[:1]) + tuple(r[1:]) if len(r) == 4 else (r[0], None, r[1], r[2]) for r in spec["records"]}
    wanted = {(o.lower(), ttl, t, r) for o, ttl, t, r in wanted}

    def without_ttl(records):
        return records | {(o, None, t, r) for o, _, t, r in records}

    after, why = bind_records(after_dir, spec["origin"], spec["file"])
    check(after is not None, f"named-checkzone does not load the fixed {spec['file']}: {why}")
    after = without_ttl(after)
    missing = sorted(wanted - after, key=str)
    check(not missing, f"named-checkzone loads the fixed zone without {missing}; it has {sorted(after, key=str)}")
    before, _ = bind_records(before_dir, spec["origin"], spec["file"])
    if before is not None:
        already = sorted(wanted & without_ttl(before), key=str)
        check(not already, f"the broken input already has {already}: the case shows no fix")


# ---------------------------------------------------------------------------------------------
# One case


def applied_diff(tool, diff, folder):
    if tool == "patch":
        cmd = ["patch", "-p0", "--batch", "--silent", "--no-backup-if-mismatch"]
    else:
        # git apply strips one leading component (-p1): the "./" zonelint writes in front.
        cmd = ["git", "apply", "--unidiff-zero", "-"]
    if shutil.which(cmd[0]) is None:
        SKIPPED.append(f"{cmd[0]} is not installed")
        return None
    code, out, err = run(cmd, folder, stdin=diff)
    check(code == 0, f"{' '.join(cmd)} failed ({code}): {(out + err).decode(errors='replace')}\n"
          f"the diff:\n{diff.decode(errors='replace')}")
    return read_tree(folder)


def run_case(name, work):
    case_dir = os.path.join(CASES_DIR, name)
    case = json.load(open(os.path.join(case_dir, "case.json")))
    args, paths = case.get("args", []), case["paths"]
    fix_args = case.get("fix_args", [])
    unsafe = "--unsafe-fixes" in fix_args
    source = os.path.join(case_dir, "input")
    original = read_tree(source)
    expected = read_tree(os.path.join(case_dir, "expected"))

    # The findings a fix is offered for are the ones the case lists.
    before_dir = copy_tree(source, os.path.join(work, "before"))
    before = json_report(args + paths, before_dir)
    fixable = [f for f in before if applied_fixes(f, unsafe)]
    check(sorted(where(f) for f in fixable) == sorted(case["fixed"]),
          f"findings with a fix: {sorted(where(f) for f in fixable)}, the case lists {sorted(case['fixed'])}")

    # --diff: prints, changes nothing.
    diff_dir = copy_tree(source, os.path.join(work, "diff"))
    stats = stat_tree(diff_dir)
    code, diff, err = zonelint(["check", "--no-config", "--diff"] + fix_args + args + paths, diff_dir)
    check(code == 1, f"--diff exited {code}, expected 1 (fixes available): {err.decode(errors='replace')}")
    fixes = len(fixable) - case.get("deferred", 0)
    more = f" ({case['deferred']} more after these are applied)" if case.get("deferred") else ""
    summary = f"{fixes} fix{'' if fixes == 1 else 'es'} available{more}.\n"
    check(err.decode() == summary, f"--diff said {err.decode()!r}, expected {summary!r}")
    check(stat_tree(diff_dir) == stats and read_tree(diff_dir) == original, "--diff changed a file")

    # --fix: expected bytes, mode kept, atomic replacement, nothing else touched.
    fix_dir = copy_tree(source, os.path.join(work, "fix"))
    for full in files_under(fix_dir).values():
        os.chmod(full, 0o640)
        if os.geteuid() == 0:
            os.chown(full, OWNER[0], OWNER[1])  # root:bind 0640, as zone files often are
    stats = stat_tree(fix_dir)
    code, out, err = zonelint(["check", "--no-config", "--fix", "--format", "gcc"] + fix_args + args + paths, fix_dir)
    status = 1 if case.get("remaining") else 0
    check(code == status, f"--fix exited {code}, expected {status}: {(out + err).decode(errors='replace')}")
    fixed_tree = read_tree(fix_dir)
    compare_trees(expected, fixed_tree, "--fix")
    after_stats = stat_tree(fix_dir)
    for rel, (ino, mtime, mode, uid, gid) in stats.items():
        check(after_stats[rel][2] == 0o640, f"{rel}: mode {oct(after_stats[rel][2])} after --fix, was 0o640")
        check(after_stats[rel][3:] == (uid, gid), f"{rel}: owner {after_stats[rel][3:]} after --fix, was {(uid, gid)}")
        if original[rel] == expected[rel]:
            check(after_stats[rel] == stats[rel], f"{rel} had nothing to fix but --fix touched it")
        else:
            check(after_stats[rel][0] != ino, f"{rel} was written in place, not replaced by rename")

    # The diff, applied by patch and by git, gives the same bytes.
    for tool in ("patch", "git"):
        folder = copy_tree(source, os.path.join(work, f"apply-{tool}"))
        patched = applied_diff(tool, diff, folder)
        if patched is not None:
            compare_trees(expected, patched, f"--diff applied with {tool}")

    # Only the tokens where the findings are changed.
    regions_by_file = {}
    for f in fixable:
        loc = f["location"]
        data = original[loc["path"]]
        regions_by_file.setdefault(loc["path"], []).append(token_region(loc["path"], data, loc["offset"], loc["end_offset"]))
    pieces_by_file = {}
    for rel in original:
        regions = sorted(regions_by_file.get(rel, []))
        merged = []
        for s, e in regions:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        pieces = align(original[rel], expected[rel], merged)
        check(pieces is not None, f"{rel}: bytes outside the tokens of the findings changed "
              f"(tokens {[original[rel][s:e] for s, e in merged]})")
        pieces_by_file[rel] = pieces

    # Structured exports stay valid, with only string values changed.
    for rel in original:
        old = parse_structured(rel, original[rel])
        if old is None:
            continue
        try:
            new = parse_structured(rel, fixed_tree[rel])
        except ValueError as e:
            raise Failure(f"{rel} is no longer valid after --fix: {e}")
        same_shape(old, new)

    # Lint the result: none of the fixed findings at their places, and exactly `remaining`.
    after = json_report(args + paths, fix_dir)
    for f in after:
        loc = f["location"]
        if loc is None or loc["path"] not in pieces_by_file:
            continue
        lo, hi = map_back(pieces_by_file[loc["path"]], loc["offset"], loc["end_offset"])
        for g in fixable:
            gl = g["location"]
            region = token_region(gl["path"], original[gl["path"]], gl["offset"], gl["end_offset"])
            if g["code"] == f["code"] and gl["path"] == loc["path"] and lo < region[1] and region[0] < hi:
                raise Failure(f"after --fix, {where(f)} is still reported where {where(g)} was fixed: {f['message']}")
    remaining = sorted(where(f, with_column=False) for f in after)
    check(remaining == sorted(case.get("remaining", [])),
          f"after --fix: {remaining}, expected {sorted(case.get('remaining', []))}: "
          + "; ".join(f"{where(f)} {f['message']}" for f in after))
    code, out, err = zonelint(["check", "--no-config", "--diff"] + fix_args + args + paths, fix_dir)
    check(code == 0 and out == b"" and err == b"0 fixes available.\n",
          f"--diff after --fix: exit {code}, {(out + err).decode(errors='replace')}")

    # Without the options that allow unsafe fixes.
    if "safe_only" in case:
        safe_dir = copy_tree(source, os.path.join(work, "safe-only"))
        zonelint(["check", "--no-config", "--fix"] + args + paths, safe_dir)
        want = original if case["safe_only"] == "unchanged" else read_tree(os.path.join(case_dir, case["safe_only"]))
        compare_trees(want, read_tree(safe_dir), "--fix without " + " ".join(fix_args))

    check_bind(case, before_dir, fix_dir)


# ---------------------------------------------------------------------------------------------
# Checks that are not case folders

ZONE_HEAD = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 900 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n"
DKIM = ["euvw75efr6edt4sywb5wkh7dnsipzz7f", "gmxgedn73u55xtplpft7v4seh2kvj72c", "ujzdegxdncf32epf3dhodzdocis2jhtl"]
CLEAN = ZONE_HEAD + "".join(f"{t}._domainkey CNAME {t}.dkim.amazonses.com.\n" for t in DKIM)
FIXABLE = ZONE_HEAD + "".join(f"{t}._domainkey CNAME {t}.dkim.amazonses.com{'' if k == 0 else '.'}\n"
                              for k, t in enumerate(DKIM))
FIXED = CLEAN
# A fixable finding and one without a fix (SES004: a 31-character token).
FIXABLE_AND_NOT = FIXABLE.replace("euvw75efr6edt4sywb5wkh7dnsipzz7f.dkim", "euvw75efr6edt4sywb5wkh7dnsipzz7.dkim")


def write(folder, rel, text):
    path = os.path.join(folder, rel)
    with open(path, "wb") as f:
        f.write(text.encode() if isinstance(text, str) else text)
    return path


@named_check
def exit_statuses(work):
    cases = [
        # (content, options, exit status, content afterwards)
        (FIXABLE, ["--fix"], 0, FIXED),
        (FIXABLE, ["--fix", "--exit-non-zero-on-fix"], 1, FIXED),
        (CLEAN, ["--fix", "--exit-non-zero-on-fix"], 0, CLEAN),
        (CLEAN, ["--fix"], 0, CLEAN),
        (FIXABLE_AND_NOT, ["--fix"], 1, FIXABLE_AND_NOT.replace(".amazonses.com\n", ".amazonses.com.\n", 1)),
        (FIXABLE_AND_NOT, ["--fix", "--exit-non-zero-on-fix"], 1,
         FIXABLE_AND_NOT.replace(".amazonses.com\n", ".amazonses.com.\n", 1)),
        (FIXABLE, ["--diff"], 1, FIXABLE),
        (CLEAN, ["--diff"], 0, CLEAN),
        (FIXABLE_AND_NOT, ["--diff"], 1, FIXABLE_AND_NOT),
        (CLEAN.replace("euvw75efr6edt4sywb5wkh7dnsipzz7f.dkim", "euvw75efr6edt4sywb5wkh7dnsipzz7.dkim"), ["--diff"], 0,
         None),
        (FIXABLE, ["--fix", "--exit-zero"], 0, FIXED),
        (FIXABLE_AND_NOT, ["--fix", "--exit-zero"], 0, FIXABLE_AND_NOT.replace(".amazonses.com\n", ".amazonses.com.\n", 1)),
    ]
    for k, (content, options, status, after) in enumerate(cases):
        folder = os.path.join(work, f"exit-{k}")
        os.mkdir(folder)
        write(folder, "example.com.zone", content)
        code, out, err = zonelint(["check", "--no-config"] + options + ["example.com.zone"], folder)
        check(code == status, f"{' '.join(options)} on case {k}: exit {code}, expected {status}: "
              f"{(out + err).decode(errors='replace')}")
        if after is not None:
            got = open(os.path.join(folder, "example.com.zone")).read()
            check(got == after, f"{' '.join(options)} on case {k}: the file is {got!r}, expected {after!r}")


@named_check
def untouched_files(work):
    folder = os.path.join(work, "zones")
    os.mkdir(folder)
    write(folder, "broken.example.com.zone", FIXABLE)
    write(folder, "clean.example.com.zone", CLEAN)
    write(folder, "identity.json", open(os.path.join(CASES_DIR, "zone-unsafe-ses-identity", "input", "identity.json"),
                                        "rb").read())
    names = sorted(os.listdir(folder))
    stats = stat_tree(folder)
    for options in (["--diff"], ["--diff", "--unsafe-fixes"]):
        zonelint(["check", "--no-config", "--origin", "example.com"] + options + ["zones"], work)
        check(stat_tree(folder) == stats, f"{' '.join(options)} touched a file")
    code, out, err = zonelint(["check", "--no-config", "--origin", "example.com", "--fix", "zones"], work)
    check(code == 0, f"--fix on the folder: exit {code}: {(out + err).decode(errors='replace')}")
    check(b"Fixed 1 problem." in out + err, f"--fix on the folder: {(out + err).decode(errors='replace')}")
    after = stat_tree(folder)
    check(sorted(os.listdir(folder)) == names, f"--fix left files behind: {sorted(os.listdir(folder))}")
    for rel in ("clean.example.com.zone", "identity.json"):
        check(after[rel] == stats[rel], f"--fix touched {rel}, which had nothing to fix")
    check(open(os.path.join(folder, "broken.example.com.zone")).read() == FIXED, "--fix did not fix the broken file")
    # A second run has nothing to do and writes nothing.
    again = stat_tree(folder)
    zonelint(["check", "--no-config", "--origin", "example.com", "--fix", "zones"], work)
    check(stat_tree(folder) == again, "a second --fix touched a file")


@named_check
def standard_input(work):
    # The case without $INCLUDE, through standard input: the fixed bytes on standard output.
    case_dir = os.path.join(CASES_DIR, "zone-origin-overlap-no-final-newline")
    original = open(os.path.join(case_dir, "input", "db.example.org"), "rb").read()
    expected = open(os.path.join(case_dir, "expected", "db.example.org"), "rb").read()
    base = [ZONELINT, "check", "--no-config", "--origin", "example.org", "--stdin-filename", "db.example.org"]
    code, out, err = run(base + ["--fix", "-"], work, stdin=original)
    check(code == 0, f"--fix -: exit {code}: {err.decode(errors='replace')}")
    check(out == expected, "--fix -: standard output is not the fixed zone: " + first_difference(expected, out))
    check(os.listdir(work) == [], f"--fix - wrote files: {os.listdir(work)}")
    code, out, err = run(base + ["--fix", "-"], work, stdin=expected)
    check(code == 0 and out == expected, f"--fix - on a clean zone: exit {code}, output changed")
    code, out, err = run(base + ["--diff", "-"], work, stdin=original)
    check(code == 1 and out.startswith(b"--- ./db.example.org\n+++ ./db.example.org\n"),
          f"--diff -: exit {code}: {(out + err).decode(errors='replace')}")


@named_check
def symlink(work):
    os.mkdir(os.path.join(work, "real"))
    target = write(os.path.join(work, "real"), "example.com.zone", FIXABLE)
    os.chmod(target, 0o640)
    os.symlink("real/example.com.zone", os.path.join(work, "example.com.zone"))
    code, out, err = zonelint(["check", "--no-config", "--fix", "example.com.zone"], work)
    check(code == 0, f"--fix through a symlink: exit {code}: {(out + err).decode(errors='replace')}")
    link = os.path.join(work, "example.com.zone")
    check(os.path.islink(link) and os.readlink(link) == "real/example.com.zone", "--fix replaced the symlink")
    check(open(target).read() == FIXED, "--fix did not write the symlink's target")
    check(stat.S_IMODE(os.stat(target).st_mode) == 0o640, "--fix changed the target's mode")
    check(sorted(os.listdir(os.path.join(work, "real"))) == ["example.com.zone"], "--fix left a temporary file")


# ---------------------------------------------------------------------------------------------


def registered_cases():
    names = sorted(n for n in os.listdir(CASES_DIR) if not n.startswith("pending-")
                   and os.path.isfile(os.path.join(CASES_DIR, n, "case.json")))
    return names + sorted(CHECKS)


def run_one(name):
    with tempfile.TemporaryDirectory(prefix="zonelint-fix-") as work:
        if name in CHECKS:
            CHECKS[name](work)
        else:
            check(os.path.isfile(os.path.join(CASES_DIR, name, "case.json")), f"no case {name}")
            run_case(name, work)


def main():
    global ZONELINT
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    ZONELINT = os.path.abspath(sys.argv[1])
    if sys.argv[2:] == ["--list"]:
        print("\n".join(registered_cases()))
        return 0
    names = sys.argv[2:] or registered_cases()
    failed = 0
    for name in names:
        try:
            run_one(name)
            print(f"ok   {name}")
        except Failure as e:
            failed += 1
            print(f"FAIL {name}: {e}")
    if failed:
        return 1
    if SKIPPED:
        print("skipped: " + "; ".join(sorted(set(SKIPPED))))
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
