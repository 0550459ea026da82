#!/usr/bin/env python3
"""The command line as a user meets it: runs the built zonelint in a scratch folder and checks
standard output, standard error and the exit status of each case.

    cli_test.py ZONELINT
"""

import json
import os
import subprocess
import sys
import tempfile

ZONELINT = os.path.abspath(sys.argv[1])

ZONE = """$TTL 300
@ SOA ns hostmaster 1 3600 600 86400 60
  NS ns
ns A 192.0.2.53
shop CNAME shops.myshopify.com
"""
FIXED = ZONE.replace("shops.myshopify.com\n", "shops.myshopify.com.\n")
# A finding with no fix (ZONE001), so something is left after --fix.
CONFLICT = 'a TXT "x"\na CNAME b.example.com.\n'

failures = []


def run(args, stdin="", cwd=None):
    proc = subprocess.run([ZONELINT, *args], input=stdin.encode(), capture_output=True, cwd=cwd, timeout=60,
                          env={**os.environ, "NO_COLOR": "1"})
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def expect(name, condition, detail):
    if not condition:
        failures.append(f"{name}: {detail}")


def expect_run(name, result, status=None, stdout=None, stderr=None, stdout_has=(), stderr_has=(),
               stdout_lacks=(), stderr_lacks=()):
    code, out, err = result
    shown = f"\n  exit {code}\n  stdout: {out!r}\n  stderr: {err!r}"
    if status is not None:
        expect(name, code == status, f"exit status {code}, expected {status}{shown}")
    if stdout is not None:
        expect(name, out == stdout, f"stdout differs, expected {stdout!r}{shown}")
    if stderr is not None:
        expect(name, err == stderr, f"stderr differs, expected {stderr!r}{shown}")
    for text in stdout_has:
        expect(name, text in out, f"stdout lacks {text!r}{shown}")
    for text in stderr_has:
        expect(name, text in err, f"stderr lacks {text!r}{shown}")
    for text in stdout_lacks:
        expect(name, text not in out, f"stdout has {text!r}{shown}")
    for text in stderr_lacks:
        expect(name, text not in err, f"stderr has {text!r}{shown}")


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def stdin_fix(tmp):
    base = ["check", "--no-config", "--fix", "--stdin-filename", "in.zone", "--origin", "example.com", "-"]
    # Fixed, with a finding left: the fixed text on stdout, the report of what is left on stderr.
    expect_run("stdin --fix, finding left", run(base, ZONE + CONFLICT, cwd=tmp), status=1,
               stdout=FIXED + CONFLICT,
               stderr_has=["in.zone:6:", "[ZONE001 cname-and-other-data]", "Fixed 1 problem. Found 1 error in 1 file."],
               stderr_lacks=["ZONE003", "No problems found"])
    # Fixed, nothing left.
    expect_run("stdin --fix, all fixed", run(base, ZONE, cwd=tmp), status=0, stdout=FIXED,
               stderr="Fixed 1 problem. No problems found in 1 file.\n")
    # Nothing to fix: the input goes through unchanged, the findings are still reported.
    expect_run("stdin --fix, nothing to fix", run(base, FIXED + CONFLICT, cwd=tmp), status=1,
               stdout=FIXED + CONFLICT, stderr_has=["[ZONE001 cname-and-other-data]", "Found 1 error in 1 file."])
    expect_run("stdin --fix, clean", run(base, FIXED, cwd=tmp), status=0, stdout=FIXED,
               stderr="No problems found in 1 file.\n")
    expect_run("stdin --fix --exit-non-zero-on-fix", run(base[:-1] + ["--exit-non-zero-on-fix", "-"], ZONE, cwd=tmp),
               status=1, stdout=FIXED)


def missing_inputs(tmp):
    zone = write(tmp, "example.com.zone", ZONE)
    os.mkdir(os.path.join(tmp, "empty"))
    # --diff: the fix as a diff, and the missing path reported; exit 2 wins over 1.
    expect_run("--diff with a missing path", run(["check", "--no-config", "--diff", zone, "missing.zone"], cwd=tmp),
               status=2, stdout_has=["+shop CNAME shops.myshopify.com.\n"],
               stderr_has=["missing.zone: no such file or folder", "1 fix available."])
    expect_run("--diff with only a missing path", run(["check", "--no-config", "--diff", "missing.zone"], cwd=tmp),
               status=2, stdout="", stderr_has=["missing.zone: no such file or folder"])
    expect_run("--format gcc with a missing path",
               run(["check", "--no-config", "--format", "gcc", zone, "missing.zone"], cwd=tmp), status=2,
               stdout_has=["missing.zone: error: no such file or folder\n", "[ZONE003]\n"])
    expect_run("--format gcc, folder with nothing to check",
               run(["check", "--no-config", "--format", "gcc", zone, "empty"], cwd=tmp), status=1,
               stdout_has=["empty: warning: no zone files"])
    expect_run("--format gitlab with a missing path",
               run(["check", "--no-config", "--format", "gitlab", zone, "missing.zone"], cwd=tmp), status=2,
               stderr_has=["zonelint: error: missing.zone: no such file or folder\n"])
    # The summary when nothing could be read says so, instead of "No problems found in 0 files".
    expect_run("only missing paths", run(["check", "--no-config", "missing.zone"], cwd=tmp), status=2,
               stdout_has=["missing.zone: no such file or folder"], stdout_lacks=["No problems found"])


def bad_origin(tmp):
    zone = write(tmp, "example.com.zone", ZONE)
    for fmt in ("text", "gcc"):
        expect_run(f"check --origin a..b --format {fmt}",
                   run(["check", "--no-config", "--format", fmt, "--origin", "a..b", zone], cwd=tmp), status=3,
                   stdout="", stderr_has=['--origin "a..b": '])
    expect_run("check --origin a..b --format json",
               run(["check", "--no-config", "--format", "json", "--origin", "a..b", zone], cwd=tmp), status=3,
               stdout_has=['--origin \\"a..b\\": '])
    expect_run("check --origin a..b --format gitlab",
               run(["check", "--no-config", "--format", "gitlab", "--origin", "a..b", zone], cwd=tmp), status=3,
               stderr_has=['--origin "a..b": '])
    expect_run("dump --origin a..b", run(["dump", "--origin", "a..b", zone], cwd=tmp), status=3,
               stderr_has=['--origin "a..b": '])
    expect_run("check --origin example.com.", run(["check", "--no-config", "--origin", "example.com.", zone], cwd=tmp),
               status=1)


def options_before_check(tmp):
    zone = write(tmp, "example.com.zone", ZONE)
    gcc_line = "example.com.zone:5:12: error: "
    expect_run("--format gcc before check", run(["--format", "gcc", "check", "--no-config", "example.com.zone"], cwd=tmp),
               status=1, stdout_has=[gcc_line], stdout_lacks=["fix: add the trailing dot"])
    expect_run("--format gcc after check", run(["check", "--format", "gcc", "--no-config", "example.com.zone"], cwd=tmp),
               status=1, stdout_has=[gcc_line])
    expect_run("--format gcc without check", run(["--format", "gcc", "--no-config", "example.com.zone"], cwd=tmp),
               status=1, stdout_has=[gcc_line])
    # Lists given on both sides of the word add up.
    expect_run("--select before and after check",
               run(["--select", "SES001", "check", "--select", "ZONE003", "--no-config", "--format", "gcc",
                    "example.com.zone"], cwd=tmp), status=1, stdout_has=["[ZONE003]"])
    expect_run("--select before check only",
               run(["--select", "SES001", "check", "--no-config", "--format", "gcc", "example.com.zone"], cwd=tmp),
               status=0, stdout="")
    expect_run("flag before check", run(["--exit-zero", "check", "--no-config", zone], cwd=tmp), status=0)
    # The same option on both sides: the one after the word wins, as later options do.
    expect_run("--format on both sides",
               run(["--format", "json", "check", "--format", "gcc", "--no-config", "example.com.zone"], cwd=tmp),
               status=1, stdout_has=[gcc_line])
    # The options of check mean nothing to dump and rules: a usage error, not silently dropped.
    expect_run("--format before dump", run(["--format", "gcc", "dump", zone], cwd=tmp), status=3,
               stdout="", stderr_has=["--format", "dump"])
    expect_run("--select before rules", run(["--select", "SES001", "rules"], cwd=tmp), status=3,
               stdout="", stderr_has=["--select", "rules"])


def help_texts(tmp):
    for command in ([], ["check"], ["dump"]):
        expect_run(f"{' '.join(command) or 'zonelint'} --help names", run([*command, "--help"], cwd=tmp), status=0,
                   stdout_lacks=["{false}", "{true}"])
    code, page, _ = run(["--man"], cwd=tmp)
    expect("--man names", code == 0 and "{false}" not in page and "no\\-inline\\-suppressions" in page,
           f"exit {code}; {{false}} in the page or an option missing")
    _, top, _ = run(["--help"], cwd=tmp)
    expect_run("--help lists --no-include", (0, top, ""), stdout_has=["--no-include ", "--no-inline-suppressions "])
    # Each command its own exit statuses.
    expect_run("check --help footer", run(["check", "--help"], cwd=tmp), status=0,
               stdout_has=["Exit status:", "fail level"])
    expect_run("dump --help footer", run(["dump", "--help"], cwd=tmp), status=0,
               stdout_has=["Exit status:", "reading error"], stdout_lacks=["fail level"])
    expect_run("rules --help footer", run(["rules", "--help"], cwd=tmp), status=0,
               stdout_has=["Exit status:", "unknown rule"], stdout_lacks=["fail level"])


def suppressions(tmp):
    # A used suppression of ZONE091 is not reported as unused by ZONE090.
    used = ZONE.replace("shop CNAME shops.myshopify.com\n", "") + (
        "; zonelint: disable-file=ZONE091 -- the typo below is kept on purpose\n"
        "docs CNAME docs.example.org. ; zonelint: disabel=ZONE003\n")
    write(tmp, "used.example.com.zone", used)
    expect_run("ZONE091 suppression used",
               run(["check", "--no-config", "--format", "gcc", "used.example.com.zone"], cwd=tmp), status=0,
               stdout="", stderr="No problems found in 1 file (1 suppressed).\n")
    # ...and one that covers nothing still is.
    unused = ZONE.replace("shop CNAME shops.myshopify.com\n", "") + "; zonelint: disable-file=ZONE091\n"
    write(tmp, "unused.example.com.zone", unused)
    expect_run("ZONE091 suppression unused",
               run(["check", "--no-config", "--format", "gcc", "unused.example.com.zone"], cwd=tmp), status=1,
               stdout="unused.example.com.zone:5:26: warning: suppression of ZONE091 is unused: ZONE091 finds "
                      "nothing in this file; remove it [ZONE090]\n")
    # A directive without "=": the message says so and shows the right form.
    missing_eq = ZONE + "www CNAME shops.myshopify.com. ; zonelint: disable ZONE003 -- reason\n"
    write(tmp, "eq.example.com.zone", missing_eq)
    expect_run("disable without =", run(["check", "--no-config", "--format", "gcc", "eq.example.com.zone"], cwd=tmp),
               status=1,
               stdout_has=['eq.example.com.zone:6:44: warning: "=" is missing after "disable"; write '
                           '"zonelint: disable=ZONE003" [ZONE091]\n'])


def diff_order(tmp):
    expect_run("--diff hunk", run(["check", "--no-config", "--diff", "--stdin-filename", "in.zone", "--origin",
                                   "example.com", "-"], ZONE, cwd=tmp), status=1,
               stdout="--- ./in.zone\n+++ ./in.zone\n@@ -2,4 +2,4 @@\n @ SOA ns hostmaster 1 3600 600 86400 60\n"
                      "   NS ns\n ns A 192.0.2.53\n-shop CNAME shops.myshopify.com\n+shop CNAME shops.myshopify.com.\n",
               stderr="1 fix available.\n")
    # patch(1) applies it.
    write(tmp, "example.com.zone", ZONE)
    code, diff, _ = run(["check", "--no-config", "--diff", "example.com.zone"], cwd=tmp)
    expect("--diff exit", code == 1, f"exit {code}")
    patch = subprocess.run(["patch", "-s", "-p0"], input=diff.encode(), cwd=tmp, capture_output=True)
    if patch.returncode == 0:
        with open(os.path.join(tmp, "example.com.zone"), encoding="utf-8") as f:
            expect("patch applies the diff", f.read() == FIXED, "patched file differs")
    else:
        failures.append(f"patch: {patch.stderr.decode()}")


def diff_names(tmp):
    # Names in the ---/+++ lines that patch -p0 and git apply (-p1) both read: "./" in front, a
    # tab after a name with a blank, C quotes around one with a quote.
    os.makedirs(os.path.join(tmp, "sub dir"))
    names = ["sub dir/a b.zone", 'q"uote.zone', "plain.zone"]
    for name in names:
        write(tmp, name, ZONE)
    code, diff, err = run(["check", "--no-config", "--origin", "example.com", "--diff", *names], cwd=tmp)
    expect("--diff names exit", code == 1, f"exit {code}: {err}")
    expect("--diff name with a blank", "--- ./sub dir/a b.zone\t\n+++ ./sub dir/a b.zone\t\n" in diff, repr(diff))
    expect("--diff quoted name", '--- "./q\\"uote.zone"\n' in diff, repr(diff))
    expect("--diff plain name", "--- ./plain.zone\n+++ ./plain.zone\n" in diff, repr(diff))
    for tool, args in (("patch", ["patch", "-s", "-p0", "--dry-run"]), ("git apply", ["git", "apply", "--check"])):
        try:
            proc = subprocess.run(args, input=diff.encode(), cwd=tmp, capture_output=True)
        except FileNotFoundError:
            continue
        expect(f"{tool} takes the diff", proc.returncode == 0, (proc.stdout + proc.stderr).decode())


def text_carets(tmp):
    # The caret sits under the token as the terminal shows the line: a wide character takes two
    # cells, a combining mark none, a tab goes to the next multiple of 8.
    head = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns hostmaster 1 3600 600 86400 60\n  NS ns\nns A 192.0.2.53\n"
    body = ("\u65e5\u672c IN CNAME shops.myshopify.com\n"
            "xn--e\u0301 IN CNAME shops.myshopify.com\n"
            "a\tIN\tCNAME\tshops.myshopify.com\n")
    write(tmp, "w.zone", head + body)
    code, out, err = run(["check", "--no-config", "--select", "ZONE003", "w.zone"], cwd=tmp)
    lines = out.splitlines()
    expect("carets exit", code == 1, f"exit {code}: {err}")
    for text_line, column in (("w.zone:6:13:", 15), ("w.zone:7:17:", 16), ("w.zone:8:12:", 25)):
        at = next((i for i, l in enumerate(lines) if l.startswith(text_line)), None)
        if at is None:
            failures.append(f"caret: no finding {text_line} in {out!r}")
            continue
        caret = lines[at + 2]
        expect(f"caret of {text_line}", caret.index("^") - len("      | ") == column - 1, repr(caret))
        expect(f"underline of {text_line}", caret.endswith("^" + "~" * 18), repr(caret))

    # A byte-order mark is not shown (column 19 does not count it either); the caret follows.
    with open(os.path.join(tmp, "bom.zone"), "wb") as f:
        f.write(b"\xef\xbb\xbfshop 300 IN CNAME shops.myshopify.com\n")
    code, out, err = run(["check", "--no-config", "--origin", "example.com", "--select", "ZONE003", "bom.zone"],
                         cwd=tmp)
    expect("BOM not shown", out.startswith("bom.zone:1:19: ") and "    1 | shop 300 IN CNAME" in out
           and "\n      | " + " " * 18 + "^~~" in out, repr(out))

    # A long line is cut around the finding; the caret stays under the token.
    long_line = 'long IN TXT "' + "a" * 250 + '" "' + "b" * 5000 + '"\nz CNAME x\nz A 192.0.2.1\n'
    write(tmp, "long.zone", head + long_line + 'far IN TXT "' + "c" * 100000 + '" ; x\nfar CNAME y.example.com.\n')
    code, out, err = run(["check", "--no-config", "long.zone"], cwd=tmp)
    expect("long lines exit", code == 1, f"exit {code}: {err}")
    expect("long lines are cut", max(len(l) for l in out.splitlines()) < 600, "a line of the report is too long")
    lines = out.splitlines()
    at = next((i for i, l in enumerate(lines) if l.startswith("long.zone:6:266:")), None)
    if at is None:
        failures.append(f"long line: no finding at 6:266 in {out[:2000]!r}")
    else:
        shown, caret = lines[at + 1], lines[at + 2]
        expect("long line shown with ...", "| ..." in shown and shown.endswith("..."), shown[:100])
        expect("caret under the token in a cut line", shown[caret.index("^"):].startswith('"bbb'), shown + caret)


def sarif_columns(tmp):
    # SARIF columns are UTF-16 code units (its default, declared): the emoji counts two, so a
    # consumer slicing the line in UTF-16 lands on the token.
    head = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns hostmaster 1 3600 600 86400 60\n  NS ns\nns A 192.0.2.53\n"
    write(tmp, "e.zone", head + "\U0001F600x IN CNAME shops.myshopify.com\n")
    code, out, err = run(["check", "--no-config", "--select", "ZONE003", "--format", "sarif", "e.zone"], cwd=tmp)
    run_ = json.loads(out)["runs"][0]
    expect("sarif columnKind", run_["columnKind"] == "utf16CodeUnits", run_.get("columnKind"))
    region = run_["results"][0]["locations"][0]["physicalLocation"]["region"]
    line = "\U0001F600x IN CNAME shops.myshopify.com".encode("utf-16-le")
    token = line[(region["startColumn"] - 1) * 2:(region["endColumn"] - 1) * 2].decode("utf-16-le")
    expect("sarif region in UTF-16", token == "shops.myshopify.com", f"{region} -> {token!r}")
    location = run_["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    expect("sarif uriBaseId", location == {"uri": "e.zone", "uriBaseId": "%SRCROOT%"}, location)
    expect("sarif originalUriBaseIds", "%SRCROOT%" in run_.get("originalUriBaseIds", {}), run_.keys())
    # JSON keeps code points.
    code, out, err = run(["check", "--no-config", "--select", "ZONE003", "--format", "json", "e.zone"], cwd=tmp)
    expect("json column in code points", json.loads(out)["findings"][0]["location"]["column"] == 13, out[:400])


def long_messages(tmp):
    # A message that quotes a huge record is cut in the terminal formats, whole in JSON.
    head = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns hostmaster 1 3600 600 86400 60\n  NS ns\nns A 192.0.2.53\n"
    spf = '"v=spf1 include:amazonses.com" ' + " ".join('"' + "x" * 250 + '"' for _ in range(40))
    write(tmp, "m.zone", head + "@ TXT " + spf + '\n@ TXT "v=spf1 -all"\n')
    for fmt in ("text", "gcc", "github"):
        code, out, err = run(["check", "--no-config", "--select", "SES015", "--format", fmt, "m.zone"], cwd=tmp)
        longest = max(len(line) for line in out.splitlines())
        expect(f"{fmt}: long message cut", code == 1 and longest < 4600 and "more bytes; the JSON and SARIF" in out,
               f"exit {code}, longest line {longest}")
    code, out, err = run(["check", "--no-config", "--select", "SES015", "--format", "json", "m.zone"], cwd=tmp)
    expect("json: message whole", len(json.loads(out)["findings"][0]["message"]) > 10000, out[:300])


def fix_refusals(tmp):
    # A read-only file is not replaced, and "Fixed N" counts only what was written.
    path = write(tmp, "ro.zone", ZONE)
    write(tmp, "rw.zone", ZONE)
    os.chmod(path, 0o444)
    expect_run("--fix read-only", run(["check", "--no-config", "--origin", "example.com", "--fix", "ro.zone",
                                       "rw.zone"], cwd=tmp),
               status=2, stderr_has=["zonelint: error: cannot fix ro.zone: the file is read-only (mode 0444)"],
               stdout_has=["Fixed 1 problem. Found 1 error in 2 files."])
    with open(path, encoding="utf-8") as f:
        expect("read-only file untouched", f.read() == ZONE, "ro.zone was changed")
    expect("read-only file keeps its mode", os.stat(path).st_mode & 0o777 == 0o444, oct(os.stat(path).st_mode))


def inputs_once(tmp):
    # A file named twice is checked once.
    write(tmp, "a.zone", ZONE)
    expect_run("file named twice", run(["check", "--no-config", "--origin", "example.com", "--format", "gcc",
                                        "a.zone", "./a.zone", "."], cwd=tmp),
               status=1, stderr="Found 1 error in 1 file.\n")
    expect_run("--select ,", run(["check", "--select", ",", "a.zone"], cwd=tmp), status=3,
               stderr_has=["--select names no rule"])


def broken_links(tmp):
    # A dangling link or a loop named on the command line says what it is; one in a folder is
    # shown, not skipped in silence.
    os.symlink("nowhere.zone", os.path.join(tmp, "dangling.zone"))
    os.symlink("loop2", os.path.join(tmp, "loop1"))
    os.symlink("loop1", os.path.join(tmp, "loop2"))
    expect_run("dangling link", run(["check", "--no-config", "dangling.zone", "loop1"], cwd=tmp), status=2,
               stdout_has=["zonelint: error: dangling.zone: cannot read: No such file or directory (a symbolic link "
                           "to nowhere.zone)",
                           "zonelint: error: loop1: cannot read: Too many levels of symbolic links (a symbolic link "
                           "to loop2)"])
    write(tmp, "ok.zone", ZONE.replace("shops.myshopify.com", "shops.myshopify.com."))
    expect_run("dangling link in a folder", run(["check", "--no-config", "--origin", "example.com", "."], cwd=tmp),
               status=0, stdout_has=["zonelint: warning: ./dangling.zone: not checked: No such file or directory (a "
                                     "symbolic link to nowhere.zone)", "No problems found in 1 file."])


def output_is_an_input(tmp):
    # -o naming the zone file would truncate it before the report is written (and crash on a
    # large, memory-mapped one).
    big = ZONE + "".join(f"h{i} CNAME shops{i}.myshopify.com.\n" for i in range(40000))
    path = write(tmp, "big.zone", big)
    for args in (["-o", "big.zone", "big.zone"], ["--format", "sarif", "-o", "./big.zone", "big.zone"]):
        expect_run(f"-o input {args}", run(["check", "--no-config", "--origin", "example.com", *args], cwd=tmp),
                   status=3, stderr_has=["is the input big.zone; the report would overwrite it"])
    with open(path, "rb") as stdin:
        proc = subprocess.run([ZONELINT, "check", "--no-config", "--origin", "example.com", "-o", "big.zone", "-"],
                              stdin=stdin, capture_output=True, cwd=tmp, timeout=60)
    expect("-o input through standard input", proc.returncode == 3 and b"the report would overwrite it" in proc.stderr,
           f"exit {proc.returncode}: {proc.stderr!r}")
    with open(path, encoding="utf-8") as f:
        expect("-o input leaves the input", f.read() == big, "big.zone was changed")


def config_files(tmp):
    write(tmp, "a.zone", ZONE)
    expect_run("--config missing", run(["check", "--config", "nope.toml", "a.zone"], cwd=tmp), status=3,
               stderr="zonelint: cannot read configuration file nope.toml: No such file or directory\n")
    expect_run("--config folder", run(["check", "--config", ".", "a.zone"], cwd=tmp), status=3,
               stderr="zonelint: cannot read configuration file .: is a directory\n")
    write(tmp, "bad.toml", 'select = ["SES"]\nfail_level = "error"\n')
    write(tmp, "empty.toml", "select = []\n")
    expect_run("empty select", run(["check", "--config", "empty.toml", "a.zone"], cwd=tmp), status=3,
               stderr_has=['empty.toml:1:10: "select" names no rule'])
    expect_run("unknown key position", run(["check", "--config", "bad.toml", "a.zone"], cwd=tmp), status=3,
               stderr_has=['bad.toml:2:1: unknown setting "fail_level"'])


def jobs(tmp):
    # Any number of threads gives the same report; 0 is a usage error, not "no rules".
    lines = [ZONE, CONFLICT] + [f"dup{i} A 192.0.2.1\ndup{i} A 192.0.2.1\n" for i in range(50)]
    write(tmp, "example.com.zone", "".join(lines))
    one = run(["check", "--no-config", "--format", "json", "--jobs", "1", "example.com.zone"], cwd=tmp)
    expect("--jobs 1 finds", one[0] == 1 and '"ZONE005"' in one[1], f"exit {one[0]}: {one[2]}")
    for n in ("2", "7"):
        expect_run(f"--jobs {n}", run(["check", "--no-config", "--format", "json", "-j", n, "example.com.zone"],
                                     cwd=tmp), status=one[0], stdout=one[1], stderr=one[2])
    expect_run("--jobs 0", run(["check", "--jobs", "0", "example.com.zone"], cwd=tmp), status=3,
               stderr_has=("--jobs",))


def main():
    for case in (stdin_fix, missing_inputs, bad_origin, options_before_check, help_texts, suppressions, diff_order,
                 diff_names, text_carets, sarif_columns, long_messages, fix_refusals, inputs_once, broken_links, output_is_an_input,
                 config_files, jobs):
        with tempfile.TemporaryDirectory() as tmp:
            case(tmp)
    for failure in failures:
        print("FAIL", failure)
    print(f"{len(failures)} failed" if failures else "command line behaves as documented")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
