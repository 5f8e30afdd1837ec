#!/usr/bin/env bash
# Splits each model at every cut `verge cuts` lists and checks head→tail against the whole model
# (max relative difference ≤ 1e-4). Writes docs/results/split-verification.md.
# Usage: bench/split/verify-all.sh [MODEL ...]   (default: the DAG and chain models of the zoo)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(zoo:resnet18 zoo:resnet18-tv zoo:googlenet-tv zoo:densenet121-tv zoo:mobilenetv2-tv zoo:shufflenetv2-tv zoo:squeezenet-tv zoo:lstm-seq)
scripts/setup --quiet
verge=(dotnet "${VERGE_DLL:-$root/src/Verge.Cli/bin/Release/net10.0/verge.dll}")
out=docs/results/split-verification.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
  echo "# Split verification: every cut reproduces the whole model"
  echo
  echo "Made by \`bench/split/verify-all.sh\` on $(date -u +%Y-%m-%d). For each model, \`verge cuts MODEL --verify\` splits the"
  echo "model at every cut along its topological order into a head and a tail ONNX model, runs them as separate ONNX"
  echo "Runtime sessions on a seeded random input, and compares the result with the whole model's output."
  echo
  echo "| model | cuts | multi-tensor cuts | max relative difference | all ≤ 1e-4 |"
  echo "|---|---:|---:|---:|---|"
} > "$tmp/table.md"
for m in "${models[@]}"; do
  echo "verifying $m…" >&2
  status=ok
  "${verge[@]}" cuts "$m" --verify --json "$tmp/cuts.json" >/dev/null || status=FAILED
  python3 - "$m" "$tmp/cuts.json" "$status" >> "$tmp/table.md" <<'PY'
import json, sys
m, path, status = sys.argv[1], sys.argv[2], sys.argv[3]
cuts = json.load(open(path))["cuts"]
multi = sum(1 for c in cuts if len(c["tensors"]) > 1)
worst = max(c["max_relative_difference"] for c in cuts)
print(f"| `{m}` | {len(cuts)} | {multi} | {worst:.2e} | {'yes' if status == 'ok' else 'NO'} |")
PY
done
mv "$tmp/table.md" "$out"
rm -rf "$tmp"
echo "wrote $out" >&2
