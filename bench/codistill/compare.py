#!/usr/bin/env python3
"""Markdown table of federated runs against a FedAvg baseline, from `verge fl simulate --json` files.
Usage: bench/codistill/compare.py BASELINE.json RUN.json [RUN.json ...]"""
import json, sys

def load(path):
    d = json.load(open(path))
    return path.split('/')[-1].removesuffix('.json'), d

def mib(b): return f"{b / 2**20:.2f} MiB"

base_name, base = load(sys.argv[1])
runs = [load(p) for p in sys.argv[1:]]
print("| run | strategy | rounds | acc @10 | acc @20 | final acc | Δ vs FedAvg (same round) | uplink total | downlink total | downlink vs FedAvg |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name, d in runs:
    r = d["rounds"]
    n = len(r)
    acc = lambda k: f"{100 * r[k - 1]['test_acc']:.2f} %" if n >= k else "—"
    up = sum(x["uplink_bytes"] for x in r)
    down = sum(x["downlink_bytes"] for x in r)
    base_down = sum(x["downlink_bytes"] for x in base["rounds"][:n])
    delta = 100 * (r[-1]["test_acc"] - base["rounds"][n - 1]["test_acc"])
    print(f"| {name} | {d['strategy']} | {n} | {acc(10)} | {acc(20)} | {100 * r[-1]['test_acc']:.2f} % | {delta:+.2f} points | {mib(up)} | {mib(down)} | {down / base_down:.2f}× |")
