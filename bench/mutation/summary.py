#!/usr/bin/env python3
"""Summarises a Stryker mutation-report.json: the score and every mutant the tests let live.

Score as Stryker counts it: detected (killed, timeout) / (detected + undetected (survived, no coverage)); mutants
that do not compile or that Stryker ignores are left out. Usage: summary.py SUITE REPORT.json [--markdown]"""
import json
import sys
from collections import Counter

suite, path = sys.argv[1], sys.argv[2]
markdown = "--markdown" in sys.argv
report = json.load(open(path))
counts, alive = Counter(), []
for file, entry in sorted(report["files"].items()):
    short = file[file.find("src/"):] if "src/" in file else file
    lines = entry.get("source", "").splitlines()
    for m in entry["mutants"]:
        counts[m["status"]] += 1
        if m["status"] in ("Survived", "NoCoverage"):
            line = m["location"]["start"]["line"]
            code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
            alive.append((short, line, m["status"], m["mutatorName"], m.get("replacement", ""), code))
detected = counts["Killed"] + counts["Timeout"]
undetected = counts["Survived"] + counts["NoCoverage"]
score = 100.0 * detected / max(1, detected + undetected)
tally = ", ".join(f"{k.lower()} {v}" for k, v in sorted(counts.items()))
if markdown:
    print(f"### {suite}: {score:.1f} % ({detected} of {detected + undetected} detected; {tally})\n")
    if alive:
        print("| file:line | status | mutation | original line |")
        print("|---|---|---|---|")
        for short, line, status, mutator, replacement, code in alive:
            repl = replacement.replace("|", "\\|").replace("\n", " ")[:60]
            print(f"| {short}:{line} | {status} | {mutator}: `{repl}` | `{code.replace('|', chr(92) + '|')[:90]}` |")
    print()
else:
    print(f"{suite}: mutation score {score:.1f} % ({detected}/{detected + undetected}); {tally}")
    for short, line, status, mutator, replacement, code in alive:
        print(f"  {status:10} {short}:{line} {mutator}: {replacement[:60]!r}   <- {code[:80]}")
