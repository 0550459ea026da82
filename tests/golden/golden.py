#!/usr/bin/env python3
"""Golden tests of zonelint's reports.

Each folder under tests/golden/cases/ holds input files and an `args` file: options, then `--`,
then the inputs relative to the repository root. For every
report format the output of `zonelint check` run from the repository root must equal
expected.<format>. The run is repeated with the inputs in reverse order, and the machine formats
must come out byte-identical.

    golden.py ZONELINT            check
    golden.py ZONELINT --update   rewrite the expected files (review the diff before committing)
"""

import difflib
import os
import shlex
import subprocess
import sys

FORMATS = {"text": "txt", "gcc": "gcc", "json": "json", "sarif": "sarif", "github": "github", "gitlab": "gitlab"}
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASES = os.path.join(REPO, "tests", "golden", "cases")


def run(zonelint, fmt, args, inputs):
    cmd = [zonelint, "check", "--format", fmt, "--color", "never", "--no-config", "--repo-root", REPO] + args + inputs
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, timeout=60)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def main():
    zonelint = os.path.abspath(sys.argv[1])
    update = "--update" in sys.argv[2:]
    failures = 0
    for case in sorted(os.listdir(CASES)):
        folder = os.path.join(CASES, case)
        with open(os.path.join(folder, "args"), encoding="utf-8") as f:
            words = shlex.split(f.read())
        split = words.index("--")
        options, inputs = words[:split], words[split + 1:]
        expected_code = None
        for fmt, ext in FORMATS.items():
            code, out = run(zonelint, fmt, options, inputs)
            if expected_code is None:
                expected_code = code
            path = os.path.join(folder, "expected." + ext)
            if update:
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(out)
                continue
            with open(path, encoding="utf-8", newline="") as f:
                want = f.read()
            if out != want:
                failures += 1
                print(f"FAIL {case} --format {fmt}: output differs from {os.path.relpath(path, REPO)}")
                sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), out.splitlines(True), "expected", "actual"))
            if fmt != "text" and len(inputs) > 1:
                _, reversed_out = run(zonelint, fmt, options, list(reversed(inputs)))
                if reversed_out != out:
                    failures += 1
                    print(f"FAIL {case} --format {fmt}: output depends on the order of the inputs")
            _, again = run(zonelint, fmt, options, inputs)
            if again != out:
                failures += 1
                print(f"FAIL {case} --format {fmt}: two runs differ")
            if code != expected_code:
                failures += 1
                print(f"FAIL {case} --format {fmt}: exit status {code}, text format gave {expected_code}")
        if update:
            with open(os.path.join(folder, "exit-status"), "w", encoding="utf-8") as f:
                f.write(f"{expected_code}\n")
        else:
            with open(os.path.join(folder, "exit-status"), encoding="utf-8") as f:
                want_code = int(f.read().strip())
            if want_code != expected_code:
                failures += 1
                print(f"FAIL {case}: exit status {expected_code}, expected {want_code}")
    if update:
        print("expected files rewritten; review them with git diff")
        return 0
    print(f"{failures} failed" if failures else "all golden outputs match")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
