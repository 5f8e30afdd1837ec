#!/usr/bin/env bash
# Profiles models with `verge profile` and checks that the per-node times add up to the whole model
# (sum_node_ms within 25% of whole_ms). Writes docs/results/profile.md and docs/results/profile-resnet18.png.
# Usage: bench/profile/profile-models.sh [MODEL ...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
scripts/setup --quiet
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(zoo:resnet18 zoo:resnet18-tv zoo:mobilenetv2-tv zoo:googlenet-tv zoo:lenet5 zoo:lstm-seq)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=docs/results/profile.md
{
  echo "# Per-layer profiles: do node times add up to the whole model?"
  echo
  echo "Made by \`bench/profile/profile-models.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, \`--runs 10\` at the default thread count."
  echo "\`sum_node_ms\` adds the median kernel time of every node (ONNX Runtime's profiler, graph optimisations off);"
  echo "\`whole_ms\` times the whole model with the same settings and no profiler; \`optimized_ms\` with full optimisations."
  echo
  echo "| model | nodes | nodes timed | sum_node_ms | whole_ms | sum / whole | optimized_ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
} > "$tmp/table.md"
for m in "${models[@]}"; do
  plot=()
  [ "$m" = zoo:resnet18 ] && plot=(--plot docs/results/profile-resnet18.png)
  ./verge profile "$m" --runs 10 --json "$tmp/p.json" "${plot[@]}" >/dev/null
  python3 - "$m" "$tmp/p.json" >> "$tmp/table.md" <<'PY'
import json, sys
m, p = sys.argv[1], json.load(open(sys.argv[2]))
timed = sum(1 for n in p["nodes"] if n["ms"] > 0)
print(f"| `{m}` | {len(p['nodes'])} | {timed} | {p['sum_node_ms']:.2f} | {p['whole_ms']:.2f} | {p['sum_node_ms'] / p['whole_ms']:.2f} | {p['optimized_ms']:.2f} |")
PY
done
mv "$tmp/table.md" "$out"
rm -rf "$tmp"
echo "wrote $out" >&2
