#!/usr/bin/env python3
"""Compare two `verge bench private` / `verge private-infer` / `verge private-train` JSON files field by field,
leaving out the timing fields (every key with an `ms` word: ms_online, ms_offline, ms_online_per_frame,
plain_ms_per_frame; and any `seconds`/`wall` key). Prints the dropped paths, then every other difference;
exit 0 when there is none.

    python3 bench/private/same.py A.json B.json
"""
import json
import re
import sys

TIMING = re.compile(r"(^|_)(ms|seconds|wall)(_|$)")


def walk(a, b, path, dropped, differ):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = f"{path}.{k}" if path else k
            if TIMING.search(k):
                dropped.add(re.sub(r"\[\d+\]", "[]", p))
            elif k not in a or k not in b:
                differ.append(f"{p}: only in {'B' if k not in a else 'A'}")
            else:
                walk(a[k], b[k], p, dropped, differ)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", dropped, differ)
    elif a != b:
        differ.append(f"{path}: {a!r} vs {b!r}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        a = json.load(f)
    with open(sys.argv[2]) as f:
        b = json.load(f)
    dropped, differ = set(), []
    walk(a, b, "", dropped, differ)
    print("timing fields left out:", ", ".join(sorted(dropped)) or "none")
    for line in differ:
        print("DIFFERS", line)
    print("identical but timing" if not differ else f"{len(differ)} fields differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
