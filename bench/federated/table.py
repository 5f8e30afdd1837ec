#!/usr/bin/env python3
"""Turns the JSON reports in bench/federated/out into the markdown table of docs/results/federated.md (stdout)."""
import json, pathlib, sys

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "bench/federated/out")
runs = {}
for line in pathlib.Path("bench/federated/runs.txt").read_text().splitlines():
    if line.strip() and not line.startswith("#"):
        name, args = line.split(None, 1)
        runs[name] = args

def load(name):
    p = out / f"{name}.json"
    return json.loads(p.read_text()) if p.exists() else None

def mib(b): return f"{b / 2**20:.2f} MiB"

print("| run | strategy | codec | clients | rounds | final test acc | uplink total | uplink / round | sim s / round | wall s / round |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name in runs:
    r = load(name)
    if r is None:
        print(f"| {name} | (not run) | | | | | | | | |")
        continue
    rs = r["rounds"]
    n = len(rs)
    up = sum(x["uplink_bytes"] for x in rs)
    print(f"| {name} | {r['strategy']} | `{r['codec']}` | {r['clients']} | {n} | {100 * rs[-1]['test_acc']:.2f}% | {mib(up)} | "
          f"{up / n / 1024:.1f} KiB | {sum(x['sim_seconds'] for x in rs) / n:.2f} | {sum(x['wall_seconds'] for x in rs) / n:.1f} |")

def at(name, k):
    r = load(name)
    if r is None or len(r["rounds"]) < k: return None
    rs = r["rounds"][:k]
    return rs[-1]["test_acc"], sum(x["uplink_bytes"] for x in rs), sum(x["sim_seconds"] for x in rs) / k

print()
base = at("fedavg-fp32-10", 30)
if base: print(f"- FedAvg fp32, 10 clients, 30 rounds: **{100 * base[0]:.2f}%** test accuracy (10 000 test images).")
for codec, k in (("topk-ef", 30), ("q8", 30), ("topk-ef", 15), ("q8", 15)):
    c, b = at(f"fedavg-{codec}-10", k), at("fedavg-fp32-10", k)
    c100, b100 = at(f"fedavg-{codec}-100", k), at("fedavg-fp32-100", k)
    if c and b:
        print(f"- FedAvg `{codec}` vs fp32 after {k} rounds: {100 * c[0]:.2f}% vs {100 * b[0]:.2f}% "
              f"({100 * (c[0] - b[0]):+.2f} points), uplink {b[1] / c[1]:.1f}x smaller.")
    if c100 and b100:
        print(f"- FedAvg `{codec}` vs fp32, 100 clients (10 per round), after {k} rounds: {100 * c100[0]:.2f}% vs {100 * b100[0]:.2f}% "
              f"({100 * (c100[0] - b100[0]):+.2f} points), uplink {b100[1] / c100[1]:.1f}x smaller.")
s0, s1, s2 = at("sync-base-10", 3), at("sync-straggler-10", 3), at("sync-backup-10", 3)
if s0 and s1 and s2:
    print(f"- Sync SGD, 10 workers, simulated round time: {s0[2]:.3f} s without a straggler, {s1[2]:.3f} s with one 5x straggler "
          f"({s1[2] / s0[2]:.2f}x), {s2[2]:.3f} s with the straggler and one backup worker ({s2[2] / s0[2]:.2f}x).")
g, f = load("gossip-fp32-8"), load("fedavg-fp32-8")
if g and f:
    k = min(len(g["rounds"]), len(f["rounds"]))
    print(f"- Gossip vs FedAvg, 8 peers, {k} rounds of 20 local steps each: {100 * g['rounds'][k-1]['test_acc']:.2f}% vs "
          f"{100 * f['rounds'][k-1]['test_acc']:.2f}% ({100 * (g['rounds'][k-1]['test_acc'] - f['rounds'][k-1]['test_acc']):+.2f} points).")
