#!/usr/bin/env bash
# Runs the simulations listed in a runs file one after another (2 engine threads), JSON and logs into OUT_DIR.
# Usage: bench/federated/run-local.sh [RUNS_FILE [OUT_DIR]] (defaults bench/federated/runs.txt, bench/federated/out);
# VERGE_DLL overrides the built CLI. bench/local-work/run.sh runs its own runs file through this loop.
set -u
cd "$(dirname "$0")/../.."
DLL=${VERGE_DLL:-src/Verge.Cli/bin/Release/net10.0/verge.dll}
OUT=${2:-bench/federated/out}
mkdir -p $OUT
while read -r name args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  start=$(date +%s)
  dotnet "$DLL" fl simulate --threads 2 $args --json $OUT/$name.json > $OUT/$name.log 2>&1
  echo "$name rc=$? wall=$(( $(date +%s) - start ))s" | tee -a $OUT/done.txt
done < "${1:-bench/federated/runs.txt}"
