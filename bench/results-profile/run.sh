#!/usr/bin/env bash
# Issue 16, "a plan using a results: profile predicts a paced run within 10%": record ResNet-18's per-layer times on
# a stand-in system (this host, one ONNX Runtime thread, named "onecore") into a fresh results store, then run
# examples/resnet18-results-profile.yaml device-only, paced by that profile, and print predicted vs measured p50.
# Usage: bench/results-profile/run.sh [FRAMES]   (from the repository root, after ./test or a Release build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
frames="${1:-30}"
verge=(dotnet "${VERGE_DLL:-src/Verge.Cli/bin/Release/net10.0/verge.dll}")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export VERGE_DB="$work/results.db"
VERGE_SYSTEM=onecore "${verge[@]}" profile zoo:resnet18 --threads 1 --runs 10 > /dev/null
"${verge[@]}" run examples/resnet18-results-profile.yaml --plan device-only --frames "$frames" --no-adapt --json "$work/run.json" > /dev/null
python3 - "$work/run.json" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
p, m = run["predicted"]["latency_ms"], run["measured"]["p50_ms"]
print(f"plan {run['plan']}: predicted {p:.1f} ms, measured p50 {m:.1f} ms over {run['frames']} frames, error {100 * (m - p) / p:+.1f}%")
PY
