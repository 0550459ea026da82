#!/usr/bin/env python3
"""Checks that `zonelint dump` reads every corpus zone exactly as BIND's named-checkzone does.

For each top-level corpus file NAME.zone (origin NAME.), this runs

    named-checkzone -k ignore -i none -D -o OUT NAME FILE
    zonelint dump --origin NAME FILE

normalises both outputs and compares them as sorted sets of lines: BIND drops duplicate
records and prints the zone sorted by name, while `zonelint dump` streams records in file
order. The comparison folds letter case outside quoted strings, then, for files without
case-variant duplicates, runs again keeping the case of the RDATA (base64, hex and names). Any
difference is printed as a unified diff and the script exits 1.

Why those named-checkzone options: `-k ignore` turns off check-names (host name syntax is a
policy, not parsing) and `-i none` turns off the zone integrity checks (MX and SRV targets that
are CNAMEs or lack addresses, glue, ...). Neither is about reading the file. Even with `-i none`,
BIND 9.18 refuses a zone whose in-zone NS target has no address record, so every corpus zone
gives its name server an A record.

Both programs run with the corpus directory as the working directory: BIND resolves a relative
$INCLUDE path against its working directory, zonelint against the including file, and the two
agree when included files are only included from top-level corpus files.

BIND rejects a UTF-8 byte-order mark, which zonelint accepts; for such files BIND reads a copy
with the BOM removed.

The same script checks the files in tests/corpus/cases/, one record per line: BIND must reject
exactly the lines noted "; reject:", zonelint must report an error on exactly those lines, and
both must read the other lines the same.

Exit codes: 0 all match, 1 a difference or a failure, 2 usage, 77 named-checkzone is not
installed (ctest reports the test as skipped).

Usage: compare_with_bind.py ZONELINT [--corpus DIR] [--named-checkzone PATH] [--only FILE...]
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
CORPUS_DIR = os.path.dirname(os.path.abspath(__file__))
MINIMUM_CORPUS_SIZE = 35
UTF8_BOM = b"\xef\xbb\xbf"

CASES_DIR = "cases"
REJECT_NOTE = re.compile(r";\s*reject:")
# "dns_rdata_fromtext: FILE:12: near 'x': ...", "dns_master_load: FILE:12: ..." and
# "FILE:12: unknown RR type 'x'"; BIND_WARNING lists the "FILE:12: ..." messages that are not errors.
BIND_ERROR = re.compile(r"^(?:dns_\w+: )?\S*?:(\d+): ")
BIND_WARNING = re.compile(r"using RFC1035 TTL semantics|TTL set to prior TTL|signature has expired|"
                          r"old style DNSSEC|does not end with newline|using SOA MINTTL|"
                          r"has no address records|> MAXTTL, setting|ignoring out-of-zone data")
# "FILE:12:5: error: ..."
ZONELINT_ERROR = re.compile(r":(\d+):\d+: error: ")

# Files compared only with letter case folded: BIND keeps one of several records that differ only
# in the case of a name, where zonelint dump prints them all.
CASE_FOLDED_ONLY = {"dedup.example.zone"}

# Files left out of the comparison, with the reason: a deliberate difference from BIND, or a
# zonelint bug (remove the entry once it is fixed).
EXCLUDED = {
    "ttl-above-max-cases.example.zone":
        "by design: zonelint reports a record TTL above 2147483647 as an error at its token (limits are "
        "positioned errors); BIND warns and loads the record with TTL 0, as RFC 2181 §8 allows",
}


def corpus_files(corpus_dir):
    """Top-level NAME.zone files; included fragments live in subdirectories and end in .inc."""
    names = sorted(n for n in os.listdir(corpus_dir) if n.endswith(".zone"))
    return [n for n in names if os.path.isfile(os.path.join(corpus_dir, n))]


def origin_of(file_name):
    """`example.com.zone` -> `example.com`."""
    return file_name[: -len(".zone")]


def tokens_of(line, fold_case=True):
    """Splits a presentation-format line into tokens.

    Outside double quotes: white space separates tokens, a backslash escapes the next
    character (so `\\ `, `\\"` and `\\;` stay inside the token), and with `fold_case` letters
    are lowercased (DNS names compare case-insensitively, and BIND prints an owner in the case it
    first saw). Inside quotes: everything is kept as is, including `\\"` and `\\\\`.
    """
    lower = str.lower if fold_case else str
    tokens = []
    current = []
    in_quotes = False
    i = 0
    while i < len(line):
        c = line[i]
        if c == "\\" and i + 1 < len(line):
            nxt = line[i + 1]
            current.append(c + (nxt if in_quotes else lower(nxt)))
            i += 2
            continue
        if c == '"':
            in_quotes = not in_quotes
            current.append(c)
        elif in_quotes:
            current.append(c)
        elif c in " \t\r":
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(lower(c))
        i += 1
    if current:
        tokens.append("".join(current))
    return tokens


def normalise(text, fold_case=True):
    """The set of records in a dump, one normalised line each, sorted.

    Without `fold_case`, only the owner name and the class and type mnemonics are lowercased, so
    that the letter case of base64, hex and RDATA names is compared too.
    """
    lines = set()
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue  # BIND's "; resign=..." and other comment lines carry no record
        tokens = tokens_of(stripped, fold_case)
        if not fold_case:
            tokens[:4] = [t.lower() for t in tokens[:4]]
        lines.add(" ".join(tokens))
    return sorted(lines)


def run(command, cwd):
    return subprocess.run(command, cwd=cwd, capture_output=True, timeout=60, check=False)


def bind_dump(named_checkzone, corpus_dir, file_name, scratch_dir):
    path = os.path.join(corpus_dir, file_name)
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(UTF8_BOM):
        path = os.path.join(scratch_dir, file_name + ".nobom")
        with open(path, "wb") as f:
            f.write(data[len(UTF8_BOM):])
    out = os.path.join(scratch_dir, file_name + ".bind")
    result = run([named_checkzone, "-k", "ignore", "-i", "none", "-D", "-o", out, origin_of(file_name), path],
                 corpus_dir)
    if result.returncode != 0:
        return None, result.stdout.decode(errors="replace") + result.stderr.decode(errors="replace")
    with open(out, encoding="utf-8", errors="surrogateescape") as f:
        return f.read(), ""


def zonelint_dump(zonelint, corpus_dir, file_name):
    result = run([zonelint, "dump", "--origin", origin_of(file_name), file_name], corpus_dir)
    stderr = result.stderr.decode(errors="replace")
    if result.returncode != 0:
        return None, f"exit code {result.returncode}\n{stderr}"
    # Exit code 0 with messages on stderr: warnings (a non-ASCII owner, ...), not reading errors.
    return result.stdout.decode("utf-8", errors="surrogateescape"), stderr


def compare_one(zonelint, named_checkzone, corpus_dir, file_name, scratch_dir):
    """Returns (ok, report text)."""
    bind_text, bind_error = bind_dump(named_checkzone, corpus_dir, file_name, scratch_dir)
    if bind_text is None:
        return False, f"{file_name}: named-checkzone rejects the file; fix the corpus file:\n{bind_error}"
    ours_text, ours_messages = zonelint_dump(zonelint, corpus_dir, file_name)
    if ours_text is None:
        return False, f"{file_name}: zonelint dump failed: {ours_messages}"
    expected = normalise(bind_text)
    actual = normalise(ours_text)
    what = "differs from named-checkzone"
    if expected == actual and file_name not in CASE_FOLDED_ONLY:
        # Equal without case: compare again keeping the case of everything but the owner.
        expected = normalise(bind_text, fold_case=False)
        actual = normalise(ours_text, fold_case=False)
        what = "differs from named-checkzone in letter case"
    if expected == actual:
        warnings = f" (zonelint warnings:\n{ours_messages.rstrip()})" if ours_messages else ""
        return True, f"{file_name}: {len(expected)} records match{warnings}"
    diff = difflib.unified_diff(expected, actual, fromfile=f"named-checkzone {file_name}",
                                tofile=f"zonelint dump {file_name}", lineterm="")
    return False, f"{file_name}: {what}:\n" + "\n".join(diff)


def bind_rejections(named_checkzone, origin, lines, scratch_dir, file_name):
    """BIND's reading of a case file: (rejected line numbers, dump of the rest) or (None, messages).

    BIND reports most bad records and goes on, but stops at some errors (a bad NAPTR regexp).
    So: comment out the lines it names and run it again, until it loads the rest.
    """
    rejected = set()
    path = os.path.join(scratch_dir, file_name)
    while True:
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join((";" + line) if i + 1 in rejected else line for i, line in enumerate(lines)))
        bind_text, messages = bind_dump(named_checkzone, scratch_dir, file_name, scratch_dir)
        if bind_text is not None:
            return rejected, bind_text
        named = {int(m.group(1)) for m in map(BIND_ERROR.search, messages.splitlines())
                 if m and not BIND_WARNING.search(m.string)}
        if not named - rejected:
            return None, messages
        rejected |= named


def compare_cases(zonelint, named_checkzone, cases_file, scratch_dir):
    """Returns (ok, report text) for one accept/reject case file."""
    directory, file_name = os.path.split(cases_file)
    origin = origin_of(file_name)
    with open(cases_file, encoding="utf-8") as f:
        lines = f.read().split("\n")
    noted = {i + 1 for i, line in enumerate(lines) if REJECT_NOTE.search(line) and not line.lstrip().startswith(";")}

    bind_rejects, bind_text = bind_rejections(named_checkzone, origin, lines, scratch_dir, file_name)
    if bind_rejects is None:
        return False, f"{file_name}: named-checkzone fails without naming the line:\n{bind_text}"
    problems = []
    for n in sorted(noted - bind_rejects):
        problems.append(f"line {n}: noted as rejected but BIND reads it; fix the note: {lines[n - 1]}")
    for n in sorted(bind_rejects - noted):
        problems.append(f"line {n}: BIND rejects it but it has no \"; reject:\" note: {lines[n - 1]}")

    result = run([zonelint, "dump", "--origin", origin, file_name], directory)
    stderr = result.stderr.decode(errors="replace")
    zonelint_rejects = {int(m.group(1)) for m in map(ZONELINT_ERROR.search, stderr.splitlines()) if m}
    for n in sorted(bind_rejects - zonelint_rejects):
        problems.append(f"line {n}: BIND rejects it but zonelint reads it: {lines[n - 1]}")
    for n in sorted(zonelint_rejects - bind_rejects):
        message = next((m for m in stderr.splitlines() if f":{n}:" in m), "")
        problems.append(f"line {n}: zonelint rejects it but BIND reads it: {lines[n - 1]}\n    {message}")
    expected = normalise(bind_text, fold_case=False)
    actual = normalise(result.stdout.decode("utf-8", errors="surrogateescape"), fold_case=False)
    if expected != actual:
        diff = difflib.unified_diff(expected, actual, fromfile=f"named-checkzone {file_name}",
                                    tofile=f"zonelint dump {file_name}", lineterm="")
        problems.append("the accepted records differ:\n" + "\n".join(diff))
    if problems:
        return False, f"{file_name}:\n" + "\n".join(problems)
    return True, f"{file_name}: {len(bind_rejects)} rejected and {len(expected)} records read alike"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zonelint", help="path of the zonelint executable")
    parser.add_argument("--corpus", default=CORPUS_DIR, help="corpus directory (default: this script's)")
    parser.add_argument("--named-checkzone", default=shutil.which("named-checkzone"),
                        help="path of named-checkzone (default: from PATH)")
    parser.add_argument("--only", nargs="+", metavar="FILE",
                        help="compare only these corpus files (and skip the case file)")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list the files that match")
    args = parser.parse_args()

    if not args.named_checkzone or not os.access(args.named_checkzone, os.X_OK):
        print("SKIP: named-checkzone is not installed (Debian package bind9-utils); "
              "the corpus cannot be compared with BIND")
        return SKIP
    corpus_dir = os.path.abspath(args.corpus)
    zonelint = os.path.abspath(args.zonelint)
    all_files = corpus_files(corpus_dir)
    files = [os.path.basename(f) for f in args.only] if args.only else all_files

    failures = 0
    if not args.only and len(all_files) < MINIMUM_CORPUS_SIZE:
        print(f"the corpus holds {len(all_files)} zone files; it should hold at least {MINIMUM_CORPUS_SIZE}")
        failures += 1
    excluded = [f for f in files if f in EXCLUDED]
    for name in excluded:
        print(f"{name}: excluded: {EXCLUDED[name]}")
    files = [f for f in files if f not in EXCLUDED]

    with tempfile.TemporaryDirectory(prefix="zonelint-corpus-") as scratch_dir:
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(lambda f: compare_one(zonelint, args.named_checkzone, corpus_dir, f,
                                                          scratch_dir), files))
            cases_dir = os.path.join(corpus_dir, CASES_DIR)
            case_files = [] if args.only or not os.path.isdir(cases_dir) else corpus_files(cases_dir)
            for case_file in case_files:
                if case_file in EXCLUDED:
                    excluded.append(case_file)
                    print(f"{case_file}: excluded: {EXCLUDED[case_file]}")
                    continue
                with tempfile.TemporaryDirectory(dir=scratch_dir) as cases_scratch:
                    results.append(compare_cases(zonelint, args.named_checkzone, os.path.join(cases_dir, case_file),
                                                 cases_scratch))
    for ok, report in results:
        if not ok:
            failures += 1
            print(report)
        elif args.verbose:
            print(report)
    print(f"{sum(1 for ok, _ in results if ok)} of {len(results)} corpus and case files match "
          f"named-checkzone" + (f"; {len(excluded)} excluded" if excluded else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
