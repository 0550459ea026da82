#!/usr/bin/env python3
"""Validates SARIF written by zonelint: every golden expected.sarif, and fresh SARIF for every
sample and every rule fixture, against the official SARIF 2.1.0 schema (tests/schemas/, draft-04)
and, when it is installed, with the Microsoft SARIF Multitool (`--rule-kind "Sarif;Gh"`, GitHub's
ingestion rules). The Multitool's exit status is 0 even for invalid files, so its error-level
results are counted instead.

    validate_sarif.py ZONELINT
The Multitool is found through $ZONELINT_SARIF_MULTITOOL (path to the Sarif.Multitool binary).
"""

import glob
import json
import os
import shlex
import subprocess
import sys
import tempfile
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import jsonschema

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMA = os.path.join(REPO, "tests", "schemas", "sarif-schema-2.1.0.json")


def fixture_args(path):
    sidecar = path + ".args"
    line = ""
    if os.path.exists(sidecar):
        with open(sidecar, encoding="utf-8") as f:
            line = f.read()
    else:
        with open(path, "rb") as f:
            first = f.readline().decode("utf-8", "replace")
        if first.startswith("; zonelint-test:"):
            line = first[len("; zonelint-test:"):]
    words = shlex.split(line)
    out = []
    for i in range(0, len(words) - 1, 2):
        key, value = words[i], words[i + 1]
        if key == "--ses-identity" and "/" not in value and value.endswith(".json"):
            value = os.path.join(os.path.dirname(path), value)
        out += [key, value]
    if "--origin" not in out:
        out += ["--origin", "example.com"]
    return out


def produce(zonelint, workdir):
    """Runs zonelint --format sarif over the samples and rule fixtures; returns the files written."""
    jobs = [(p, []) for p in sorted(glob.glob(os.path.join(REPO, "samples", "*"))) if os.path.isfile(p)]
    for p in sorted(glob.glob(os.path.join(REPO, "tests", "rules", "*", "*"))):
        name = os.path.basename(p)
        if name.startswith(("bad-", "good-")) and not name.endswith((".expected", ".args", ".fixed")):
            jobs.append((p, fixture_args(p)))
    # Inputs that take the same options share one zonelint run (one SARIF log with all their
    # results): the Multitool spends about half a second per file, whatever its size.
    groups = {}
    for path, args in jobs:
        groups.setdefault(tuple(args), []).append(path)

    def one(job):
        i, (args, paths) = job
        out = os.path.join(workdir, f"{i:04d}.sarif")
        cmd = [zonelint, "check", "--format", "sarif", "--no-config", "--repo-root", REPO, "--output", out] + list(args) + paths
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, timeout=120)
        shown = " ".join(os.path.relpath(p, REPO) for p in paths)
        if proc.returncode not in (0, 1) or not os.path.exists(out):
            print(f"FAIL zonelint exited {proc.returncode} on {shown}: {proc.stderr.decode(errors='replace')}")
            return None
        return (out, shown)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        written = [w for w in pool.map(one, enumerate(groups.items())) if w]
    return written


def main():
    zonelint = os.path.abspath(sys.argv[1])
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    failures = 0
    with tempfile.TemporaryDirectory() as workdir:
        files = [(p, p) for p in sorted(glob.glob(os.path.join(REPO, "tests", "golden", "cases", "*", "expected.sarif")))]
        files += produce(zonelint, workdir)
        for path, origin in files:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
            for e in errors[:5]:
                print(f"FAIL {os.path.relpath(origin, REPO) if os.path.isabs(origin) else origin}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
            failures += bool(errors)
            if len(doc.get("runs", [])) != 1:
                print(f"FAIL {os.path.relpath(origin, REPO)}: expected exactly one run")
                failures += 1
        print(f"schema: {len(files)} SARIF files checked against {os.path.relpath(SCHEMA, REPO)}")

        multitool = os.environ.get("ZONELINT_SARIF_MULTITOOL", "")
        if multitool and os.path.exists(multitool):
            # One Multitool run over every file (it takes several targets and names each result's
            # artifact): its start-up dominates, so a run per file would take minutes.
            log = os.path.join(workdir, "validation.sarif")
            proc = subprocess.run([multitool, "validate"] + [p for p, _ in files] +
                                  ["--rule-kind", "Sarif;Gh", "--output", log, "--log", "ForceOverwrite"],
                                  capture_output=True, timeout=600)
            if proc.returncode != 0 or not os.path.exists(log):
                print(f"FAIL multitool could not validate: {proc.stdout.decode(errors='replace')}")
                failures += 1
            else:
                with open(log, encoding="utf-8-sig") as f:
                    results = json.load(f)["runs"][0].get("results", [])
                origin_of = {os.path.realpath(p): origin for p, origin in files}
                bad = {}
                for r in results:
                    if r.get("level") != "error":
                        continue
                    uri = r.get("locations", [{}])[0].get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "")
                    path = os.path.realpath(urllib.parse.unquote(urllib.parse.urlparse(uri).path)) if uri else "?"
                    bad.setdefault(path, []).append(r)
                for path, errors in sorted(bad.items()):
                    origin = origin_of.get(path, path)
                    for r in errors[:5]:
                        print(f"FAIL {os.path.relpath(origin, REPO) if os.path.isabs(origin) else origin}: {r.get('ruleId')}: {r.get('message', {}).get('text') or ' '.join(r.get('message', {}).get('arguments', []))}")
                    failures += 1
            print(f"multitool: {len(files)} SARIF files checked with --rule-kind Sarif;Gh")
        else:
            print("multitool: not installed (set ZONELINT_SARIF_MULTITOOL); schema validation only")
    print(f"{failures} failed" if failures else "all SARIF valid")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
