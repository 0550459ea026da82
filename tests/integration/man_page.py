#!/usr/bin/env python3
"""The manual page (zonelint --man) is generated from the --help texts: every option that
--help lists for a command must appear in the page with the same description, and the page must
be valid roff for man(1) when man is installed."""

import re
import shutil
import subprocess
import sys

zonelint = sys.argv[1]
page = subprocess.run([zonelint, "--man"], capture_output=True, text=True, check=True).stdout
plain = page.replace("\\-", "-").replace("\\e", "\\")
failures = 0
for command in ([], ["check"], ["dump"], ["rules"]):
    text = subprocess.run([zonelint, *command, "--help"], capture_output=True, text=True).stdout
    for option in re.findall(r"^\s+(--[a-z][a-z0-9-]*)", text, re.M):
        if option not in plain:
            print(f"FAIL: {' '.join(command) or 'zonelint'} --help lists {option}, the man page does not")
            failures += 1
if ".SH \"EXIT STATUS\"" not in page:
    print("FAIL: no EXIT STATUS section")
    failures += 1
if shutil.which("man") and shutil.which("groff"):
    proc = subprocess.run(["man", "--warnings", "-l", "-"], input=page, capture_output=True, text=True)
    # Long words that cannot be hyphenated only affect line filling; anything else is a real error.
    problems = [l for l in proc.stderr.splitlines()
                if l.strip() and "cannot adjust line" not in l and "cannot break line" not in l]
    if proc.returncode != 0 or problems:
        print("FAIL: man reports:", "\n".join(problems))
        failures += 1
print(f"{failures} failed" if failures else "man page matches --help")
sys.exit(1 if failures else 0)
