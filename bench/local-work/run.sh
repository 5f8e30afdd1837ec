#!/usr/bin/env bash
# Adaptive local work (Wang et al.) and Gaia's per-parameter filter against FedAvg: every run of runs.txt one after
# another (2 engine threads), JSON and logs into bench/local-work/out/, then the summary (acceptance figures) as JSON
# and the figure docs/results/local-work.png.
# Usage: bench/local-work/run.sh --json FILE [RUNS_FILE]; VERGE_DLL overrides the built CLI (default: the Release build).
set -u
cd "$(dirname "$0")/../.."
[[ "${1:-}" == "--json" && -n "${2:-}" ]] || { echo "usage: bench/local-work/run.sh --json FILE [RUNS_FILE]" >&2; exit 2; }
JSON=$2
RUNS=${3:-bench/local-work/runs.txt}
DLL=${VERGE_DLL:-src/Verge.Cli/bin/Release/net10.0/verge.dll}
[[ -f "$DLL" ]] || { echo "run.sh: $DLL is missing; build first: dotnet build src/Verge.Cli -c Release" >&2; exit 3; }
OUT=bench/local-work/out
VERGE_DLL=$DLL bench/federated/run-local.sh "$RUNS" $OUT
python3 bench/local-work/summary.py $OUT --json "$JSON"
plots=()
for name in fedavg-fixed20 fedavg-adaptive fedavg-adacomm fedavg-measured hier-gaia-fp32 hier-gaia-q8 hier-gaia-device-fp32 hier-gaia-device-q8; do [[ -f $OUT/$name.json ]] && plots+=("$OUT/$name.json"); done
dotnet "$DLL" fl plot "${plots[@]}" --by seconds --out docs/results/local-work.png
