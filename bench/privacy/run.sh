#!/usr/bin/env bash
# DP-SGD on Fashion-MNIST (docs/results/privacy.md): the cost of one DP epoch against one plain epoch of the same model
# and batch, then the accuracy of dp-cnn at (ε = 3, δ = 1e-5). Usage: bench/privacy/run.sh [OUT_DIR] [EPOCHS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out=${1:-.build/bench-privacy}
epochs=${2:-40}
mkdir -p "$out"
dotnet build src/Verge.Cli -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
verge() { dotnet src/Verge.Cli/bin/Release/net10.0/verge.dll "$@"; }
common=(--model dp-cnn --batch 2048 --optimizer sgd --threads 2)
verge train "${common[@]}" --epochs 1 --lr 0.1 --out "$out/plain" --json "$out/plain.json" 2>/dev/null
verge train "${common[@]}" --epochs 1 --lr 4 --dp --target-epsilon 3 --delta 1e-5 --clip 0.1 --dp-seed 0 --out "$out/dp-1" --json "$out/dp-1.json" 2>/dev/null
verge train "${common[@]}" --epochs "$epochs" --lr 4 --dp --target-epsilon 3 --delta 1e-5 --clip 0.1 --dp-seed 0 --out "$out/dp" --json "$out/dp.json"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
plain, one, dp = (json.load(open(f"{out}/{n}.json")) for n in ("plain", "dp-1", "dp"))
p, d = plain["epochs"][0]["seconds"], one["epochs"][0]["seconds"]
print(f"one epoch: plain {p:.1f} s, DP {d:.1f} s, ratio {d / p:.2f}")
e = dp["privacy"]
print(f"DP-SGD dp-cnn: test accuracy {dp['final_test_acc']:.2%} at epsilon {e['epsilon']:.3f} "
      f"(classic {e['epsilon_classic']:.3f}), delta {e['delta']}, noise {e['noise']:.4f}, clip {e['clip']}, "
      f"q {e['sample_rate']:.5f}, {e['steps']} steps; mean DP epoch {sum(x['seconds'] for x in dp['epochs']) / len(dp['epochs']):.1f} s")
PY
