#!/usr/bin/env bash
# Issue 18 item 5: accuracy of asynchronous SGD (staleness-aware, sparsified) and gossip, each over gRPC between real
# `verge` processes on loopback, against synchronous FedAvg at equal epochs (every method runs ROUNDS × PEERS fits of
# STEPS local steps in all). cnn-small on Fashion-MNIST, IID shares, evaluated on the whole test set.
# Usage: bench/peers/run.sh [--json FILE]   (default docs/results/peers.json; logs in .build/peers/)
# Knobs (environment): ROUNDS=20 PEERS=4 STEPS=20 LIMIT=0 TEST_LIMIT=0 ASYNC_CODEC=topk:0.01+ef VERGE_DLL=built CLI.
set -euo pipefail
cd "$(dirname "$0")/../.."
JSON=docs/results/peers.json
[[ "${1:-}" == "--json" ]] && JSON=$2
DLL=${VERGE_DLL:-src/Verge.Cli/bin/Release/net10.0/verge.dll}
ROUNDS=${ROUNDS:-20} PEERS=${PEERS:-4} STEPS=${STEPS:-20} LIMIT=${LIMIT:-0} TEST_LIMIT=${TEST_LIMIT:-0} ASYNC_CODEC=${ASYNC_CODEC:-topk:0.01+ef}
OUT=.build/peers
rm -rf $OUT && mkdir -p $OUT
COMMON=(--model cnn-small --local-steps "$STEPS" --batch 32 --lr 0.05 --momentum 0.9 --threads 1)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

url_of() {  # waits for "listening on URL" in a log; prints URL
  for _ in $(seq 600); do
    if u=$(grep -o 'listening on https\?://[0-9.:]*' "$1" | head -1 | cut -d' ' -f3) && [[ -n "$u" ]]; then echo "$u"; return; fi
    sleep 0.5
  done
  echo "no listening line in $1" >&2; exit 1
}

server_run() {  # NAME STRATEGY CODEC: one server and PEERS clients
  local name=$1 strategy=$2 codec=$3 start=$SECONDS
  dotnet "$DLL" fl server --listen http://127.0.0.1:0 --strategy "$strategy" --codec "$codec" --rounds "$ROUNDS" --min-clients "$PEERS" \
    --test-limit "$TEST_LIMIT" --round-timeout 3600 "${COMMON[@]}" > $OUT/$name-server.log 2>&1 & local server=$!; pids+=($server)
  local url; url=$(url_of $OUT/$name-server.log)
  for ((i = 0; i < PEERS; i++)); do
    dotnet "$DLL" fl client --server "$url" --client-id $i --clients "$PEERS" --limit "$LIMIT" --threads 1 > $OUT/$name-client$i.log 2>&1 & pids+=($!)
  done
  wait $server
  echo "$name: $((SECONDS - start)) s" | tee -a $OUT/wall.txt >&2
}

gossip_run() {
  local start=$SECONDS
  dotnet "$DLL" fl peer --peer-id 0 --peers "$PEERS" --rounds "$ROUNDS" --limit "$LIMIT" --test-limit "$TEST_LIMIT" "${COMMON[@]}" \
    --json $OUT/gossip-peer0.json > $OUT/gossip-peer0.log 2>&1 & local first=$!; pids+=($first)
  local url; url=$(url_of $OUT/gossip-peer0.log) peers=($first)
  for ((i = 1; i < PEERS; i++)); do
    dotnet "$DLL" fl peer --peer-id $i --peers "$PEERS" --join "$url" --rounds "$ROUNDS" --limit "$LIMIT" --test-limit "$TEST_LIMIT" "${COMMON[@]}" \
      --json $OUT/gossip-peer$i.json > $OUT/gossip-peer$i.log 2>&1 & peers+=($!); pids+=($!)
  done
  for p in "${peers[@]}"; do wait "$p"; done
  echo "gossip: $((SECONDS - start)) s" | tee -a $OUT/wall.txt >&2
}

server_run fedavg fedavg fp32
server_run async-sparse async-sgd "$ASYNC_CODEC"
server_run async-dense async-sgd fp32
gossip_run

python3 - "$OUT" "$JSON" "$ROUNDS" "$PEERS" "$STEPS" "$ASYNC_CODEC" <<'PY'
import json, re, sys, glob
out, path, rounds, peers, steps, codec = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
def server(name):
    text = open(f"{out}/{name}-server.log").read()
    acc = [float(a) / 100 for a in re.findall(r"round \d+/\d+ complete: .*test accuracy ([\d.]+) ?%", text)]
    up = sum(int(b) for b in re.findall(r"uplink (\d+) B", text))
    return {"final_accuracy": acc[-1], "accuracy_by_round": acc, "uplink_bytes": up}
runs = {"fedavg": server("fedavg"), "async_sparse": server("async-sparse"), "async_dense": server("async-dense")}
peer = [json.load(open(f)) for f in sorted(glob.glob(f"{out}/gossip-peer*.json"))]
accs = [p["test_accuracy"] for p in peer]
runs["gossip"] = {"final_accuracy": sum(accs) / len(accs), "peer_accuracies": accs, "min": min(accs), "max": max(accs),
                  "bytes_sent": sum(p["bytes_sent"] for p in peer), "exchanges": sum(p["exchanges"] for p in peer)}
base = runs["fedavg"]["final_accuracy"]
for r in runs.values():
    r["points_vs_fedavg"] = round(100 * (r["final_accuracy"] - base), 2)
    r["within_3_points"] = abs(r["points_vs_fedavg"]) <= 3 or r["points_vs_fedavg"] > 0
report = {"model": "cnn-small", "data": "Fashion-MNIST, IID shares", "processes": peers, "rounds": rounds, "local_steps": steps,
          "batch": 32, "lr": 0.05, "momentum": 0.9, "async_codec": codec, "wall": open(f"{out}/wall.txt").read().split("\n")[:-1], "runs": runs}
json.dump(report, open(path, "w"), indent=2)
for k, r in runs.items(): print(f"{k:13s} {100 * r['final_accuracy']:6.2f} %  {r['points_vs_fedavg']:+6.2f} points")
PY
