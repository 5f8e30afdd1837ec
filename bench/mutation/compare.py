#!/usr/bin/env python3
"""Compares two Stryker mutation-report.json files of the same suite mutant by mutant, to tell a score that moved
because the code or tests changed from one that moved with the host's load (a mutant whose tests ran past Stryker's
time limit counts as detected, "Timeout"). Mutants are matched by file, position and replacement.

Usage: compare.py A.json B.json   (prints each mutant whose status differs, then the counts of each pair of statuses)"""
import json
import sys
from collections import Counter


def mutants(path):
    report = json.load(open(path))
    out = {}
    for file, entry in report["files"].items():
        short = file[file.find("src/"):] if "src/" in file else file
        for m in entry["mutants"]:
            start = m["location"]["start"]
            key = (short, start["line"], start["column"], m["mutatorName"], m.get("replacement", ""))
            out[key] = m["status"]
    return out


a, b = mutants(sys.argv[1]), mutants(sys.argv[2])
changes = Counter()
for key in sorted(set(a) | set(b)):
    sa, sb = a.get(key, "absent"), b.get(key, "absent")
    if sa != sb:
        changes[(sa, sb)] += 1
        short, line, col, mutator, replacement = key
        print(f"{short}:{line}:{col} {mutator} {replacement[:50]!r}: {sa} -> {sb}")
print(f"{len(a)} and {len(b)} mutants; {sum(changes.values())} differ" + "".join(f"; {sa} -> {sb}: {n}" for (sa, sb), n in sorted(changes.items())))
